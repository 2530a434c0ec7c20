/**
 * Nesting limit for webhook bodies. JSON.parse copes with any depth, but canonical JSON, hashing
 * and JSON.stringify recurse, so a body of 200,000 nested arrays would overflow the stack while
 * being stored: a permanent failure that must be a 400, never a 503 Trustpilot retries forever.
 * Checked with an explicit stack, so the check itself cannot overflow.
 */
export const MAX_JSON_DEPTH = 100;

/** True when `value` has containers (objects or arrays) nested more than `maxDepth` deep. */
export function jsonNestingExceeds(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth > maxDepth) return true;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value);
    for (const child of children) {
      if (child !== null && typeof child === 'object') {
        pending.push({ value: child, depth: item.depth + 1 });
      }
    }
  }
  return false;
}
