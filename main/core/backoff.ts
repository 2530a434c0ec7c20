/**
 * Reconnect delays: capped exponential backoff with full jitter (a random delay between 0 and
 * the exponential bound), so a relay restart does not make every desktop reconnect in lockstep.
 * There is deliberately no retry limit: a retry cap ends in permanent silence.
 */
export interface BackoffOptions {
  /** Bound of the first retry (default 500 ms); doubles per attempt. */
  baseMs: number;
  /** Upper bound of any delay (default 30 s). */
  capMs: number;
  /** Source of randomness in [0, 1); injectable for tests. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000, random: Math.random };

/** The delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, options: Partial<BackoffOptions> = {}): number {
  const { baseMs, capMs, random } = { ...DEFAULT_BACKOFF, ...options };
  const exponent = Math.min(Math.max(attempt - 1, 0), 30); // 2^30 already exceeds any cap
  const bound = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.floor(random() * bound);
}
