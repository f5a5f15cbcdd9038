/**
 * Token buckets, one per key id or client address: each holds up to `perMinute` tokens and regains
 * perMinute/60 per second. An operation takes as many tokens as its cost (src/server/cost.ts).
 *
 * Bounded state: a bucket left alone for a minute is full again, so it is dropped after a minute
 * idle (an LRU with that TTL) and at most `maxBuckets` are kept; a bucket evicted early by a flood
 * of new addresses comes back full, which only ever errs towards letting a client through.
 * Buckets live in memory, per process: with several replicas each enforces the limit on the
 * traffic it sees.
 */
import { LRUCache } from "lru-cache";

export interface RateDecision {
  allowed: boolean;
  /** Seconds until enough tokens are back (when not allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

const ALLOWED: RateDecision = { allowed: true, retryAfterSeconds: 0, remaining: Number.POSITIVE_INFINITY };

export class RateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;

  constructor(
    /** Tokens per minute per bucket; 0 disables limiting. */
    readonly perMinute: number,
    private readonly clock: () => number = () => performance.now(),
    maxBuckets = 100_000,
  ) {
    this.buckets = new LRUCache<string, Bucket>({ max: maxBuckets, ttl: 60_000, ttlAutopurge: false, updateAgeOnGet: true, perf: { now: clock } });
  }

  /** Buckets held now (bounded by maxBuckets). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string): Bucket {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.perMinute, updated: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updated) * (this.perMinute / 60_000));
    bucket.updated = now;
    return bucket;
  }

  private refusal(bucket: Bucket, cost: number): RateDecision {
    const perMs = this.perMinute / 60_000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Math.min(cost, this.perMinute) - bucket.tokens) / perMs / 1000)), remaining: Math.floor(bucket.tokens) };
  }

  /** Takes `cost` tokens if the bucket holds them. A cost above the bucket size is never allowed. */
  take(key: string, cost = 1): RateDecision {
    if (this.perMinute <= 0 || cost <= 0) return ALLOWED;
    const bucket = this.refill(key);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    return this.refusal(bucket, cost);
  }

  /** Whether the bucket has at least one token, without taking it (refuse early, before any work). */
  check(key: string): RateDecision {
    if (this.perMinute <= 0 || !this.buckets.has(key)) return ALLOWED;
    const bucket = this.refill(key);
    return bucket.tokens >= 1 ? { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) } : this.refusal(bucket, 1);
  }
}
