/**
 * Per-key token buckets: each key holds up to `perMinute` tokens and regains perMinute/60 per
 * second. A request takes one token; a batch takes one per 100 rows. Buckets live in memory (per
 * process); with several replicas each enforces the limit on the traffic it sees.
 */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until enough tokens are back (when not allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updated: number }>();

  constructor(
    /** Tokens per minute per key; 0 disables limiting. */
    readonly perMinute: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  take(key: string, cost = 1): RateDecision {
    if (this.perMinute <= 0) return { allowed: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };
    const now = this.clock();
    const perMs = this.perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.perMinute, updated: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * perMs);
    bucket.updated = now;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / perMs / 1000)), remaining: Math.floor(bucket.tokens) };
  }
}

/** Tokens a batch of `rows` inputs costs: one per started hundred. */
export function batchCost(rows: number): number {
  return Math.max(1, Math.ceil(rows / 100));
}
