/**
 * Canonical JSON (object keys sorted, no whitespace) so that two deliveries of the same event
 * hash the same whatever key order Trustpilot (or a proxy) serialised them in.
 */
import crypto from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined (a missing eventData) and non-finite numbers serialise as null, like JSON.stringify.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return '[' + value.map((item) => canonicalJson(item)).join(',') + ']';
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    parts.push(JSON.stringify(key) + ':' + canonicalJson(record[key]));
  }
  return '{' + parts.join(',') + '}';
}

/** Dedupe key of an event: its name and data, nothing else (version or extra keys do not count). */
export function eventDedupeHash(eventName: string, eventData: unknown): Buffer {
  return crypto
    .createHash('sha256')
    .update(canonicalJson([eventName, eventData ?? null]))
    .digest();
}
