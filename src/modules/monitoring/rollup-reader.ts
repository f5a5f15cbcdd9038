/**
 * Reads of the monitoring rollups (src/db/rollups.ts): O(buckets in the window × versions × roles),
 * never O(rows). A window [since, until) is widened to whole ROLLUP_BUCKET_MS buckets: since is
 * rounded down and until up to a bucket edge, so a bucket is read whole or not at all.
 */
import type { Db } from "../../db/client.ts";
import { ROLLUP_BUCKET_MS, bucketOf } from "../../db/rollup-bucket.ts";
import type { RollupRole, StoredRollup } from "../../db/rollups.ts";
import { type Sketch, mergeEncoded, newSketch, sketchQuantile } from "../../db/sketch.ts";
import type { LatencyStats, PredictionStats } from "./serving-metrics.type.ts";

/** The bucket range read for a window: [floor(since), ceil(until)). */
export function bucketRange(since: Date, until: Date): { gte: Date; lt: Date } {
  const end = until.getTime();
  const last = bucketOf(end);
  return { gte: new Date(bucketOf(since.getTime())), lt: new Date(last === end ? end : last + ROLLUP_BUCKET_MS) };
}

/** How many buckets a window spans (what reading it costs). */
export function bucketsIn(since: Date, until: Date): number {
  const { gte, lt } = bucketRange(since, until);
  return Math.max(1, (lt.getTime() - gte.getTime()) / ROLLUP_BUCKET_MS);
}

export interface RollupRow extends StoredRollup {
  bucketStart: Date;
  modelName: string;
  modelVersion: number;
  role: string;
  pairedVersion: number;
}

export function readRollups(db: Db, since: Date, until: Date, filter: { modelName?: string; roles?: RollupRole[] } = {}): Promise<RollupRow[]> {
  return db.monitoringRollup.findMany({
    where: {
      bucketStart: bucketRange(since, until),
      ...(filter.modelName !== undefined ? { modelName: filter.modelName } : {}),
      ...(filter.roles ? { role: { in: filter.roles } } : {}),
    },
  });
}

/** Rollup rows merged: the statistics of all their rows. */
export class RollupSummary {
  count = 0;
  requests = 0;
  valueSum = 0;
  valueSumSq = 0;
  valueMin = Number.POSITIVE_INFINITY;
  valueMax = Number.NEGATIVE_INFINITY;
  latencySum = 0;
  latencyMax = 0;
  absDiffSum = 0;
  readonly values: Sketch = newSketch();
  readonly latencies: Sketch = newSketch();

  add(r: StoredRollup): void {
    if (r.count === 0) return;
    this.count += r.count;
    this.requests += r.requests;
    this.valueSum += r.valueSum;
    this.valueSumSq += r.valueSumSq;
    this.valueMin = Math.min(this.valueMin, r.valueMin);
    this.valueMax = Math.max(this.valueMax, r.valueMax);
    this.latencySum += r.latencySum;
    this.latencyMax = Math.max(this.latencyMax, r.latencyMax);
    this.absDiffSum += r.absDiffSum;
    mergeEncoded(this.values, r.valueSketch);
    mergeEncoded(this.latencies, r.latencySketch);
  }

  latency(): LatencyStats {
    const n = this.count;
    if (n === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
    // A sketch's estimate lies within 0.5 % of an order statistic: clamp to the exact maximum.
    const q = (p: number) => Math.min(this.latencyMax, sketchQuantile(this.latencies, p));
    return { count: n, meanMs: this.latencySum / n, p50Ms: q(0.5), p95Ms: q(0.95), p99Ms: q(0.99), maxMs: this.latencyMax };
  }

  predictions(): PredictionStats {
    const n = this.count;
    if (n === 0) return { count: 0, mean: 0, std: 0, min: 0, max: 0, p25: 0, median: 0, p75: 0 };
    const mean = this.valueSum / n;
    const q = (p: number) => Math.min(this.valueMax, Math.max(this.valueMin, sketchQuantile(this.values, p)));
    return { count: n, mean, std: Math.sqrt(Math.max(0, this.valueSumSq / n - mean * mean)), min: this.valueMin, max: this.valueMax, p25: q(0.25), median: q(0.5), p75: q(0.75) };
  }
}

/** Summaries per key of the rows. */
export function summarize<K>(rows: readonly RollupRow[], keyOf: (r: RollupRow) => K | null): Map<K, RollupSummary> {
  const out = new Map<K, RollupSummary>();
  for (const r of rows) {
    const key = keyOf(r);
    if (key === null) continue;
    let s = out.get(key);
    if (!s) out.set(key, (s = new RollupSummary()));
    s.add(r);
  }
  return out;
}
