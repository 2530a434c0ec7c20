/**
 * Per-address token bucket for failed authentication (bad hook secret, bad basic auth, bad device
 * token). Each failure takes a token; an address with no token left is answered 429 with
 * Retry-After until it has earned one back. Valid traffic from other addresses is unaffected.
 */

export interface AuthFailureLimiterOptions {
  burst: number;
  perMinute: number;
  now?: () => number;
  /** Upper bound on tracked addresses, so a spray of addresses cannot grow memory without bound. */
  maxTracked?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class AuthFailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly now: () => number;
  private readonly maxTracked: number;

  constructor(private readonly options: AuthFailureLimiterOptions) {
    this.ratePerMs = options.perMinute / 60_000;
    this.now = options.now ?? Date.now;
    this.maxTracked = options.maxTracked ?? 100_000;
  }

  private refill(address: string): Bucket | undefined {
    const bucket = this.buckets.get(address);
    if (!bucket) return undefined;
    const now = this.now();
    bucket.tokens = Math.min(
      this.options.burst,
      bucket.tokens + (now - bucket.updatedAt) * this.ratePerMs,
    );
    bucket.updatedAt = now;
    if (bucket.tokens >= this.options.burst) {
      this.buckets.delete(address);
      return undefined;
    }
    return bucket;
  }

  /** Seconds to wait before trying again, or 0 when the address may try now. */
  retryAfterSeconds(address: string): number {
    const bucket = this.refill(address);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerMs / 1000));
  }

  recordFailure(address: string): void {
    const bucket = this.refill(address);
    if (bucket) {
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      return;
    }
    if (this.buckets.size >= this.maxTracked) {
      // Forget the oldest-inserted address rather than grow without bound.
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    this.buckets.set(address, { tokens: this.options.burst - 1, updatedAt: this.now() });
  }
}
