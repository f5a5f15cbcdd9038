/** servingMetrics: counts, rates, latency percentiles and the prediction distribution over a window, in bounded memory. */
import { LRUCache } from "lru-cache";
import type { Db } from "../../db/client.ts";
import { mean, quantileSorted, std } from "../../../models/stats.ts";
import { RollupSummary, bucketRange, readRollups, summarize } from "./rollup-reader.ts";
import { BadUserInputError } from "../../errors.ts";
import type { LatencyStats, PredictionStats, RequestLatencyStats, ServingMetrics } from "./serving-metrics.type.ts";
import { type Sketch, mergeEncoded, newSketch, sketchQuantile } from "../../db/sketch.ts";

/** Default window when `since` is omitted. */
export const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

export function latencyStats(values: number[]): LatencyStats {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  return {
    count: sorted.length,
    meanMs: mean(sorted),
    p50Ms: quantileSorted(sorted, 0.5),
    p95Ms: quantileSorted(sorted, 0.95),
    p99Ms: quantileSorted(sorted, 0.99),
    maxMs: sorted[sorted.length - 1] as number,
  };
}

export function predictionStats(values: number[]): PredictionStats {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { count: 0, mean: 0, std: 0, min: 0, max: 0, p25: 0, median: 0, p75: 0 };
  return {
    count: sorted.length,
    mean: mean(sorted),
    std: std(sorted),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
  };
}

/** Rows read per page while counting failed requests: memory stays bounded whatever the window holds. */
const PAGE_SIZE = 5000;
/** Recent request ids remembered to count requests once. */
const RECENT_REQUESTS = 10_000;

/** Counts distinct ids in a stream where repeats come close together, in bounded memory. */
class DistinctCounter {
  private readonly recent = new LRUCache<string, true>({ max: RECENT_REQUESTS });
  count = 0;
  add(id: string): void {
    if (this.recent.has(id)) return;
    this.recent.set(id, true);
    this.count++;
  }
}

type Where = { createdAt: { gte: Date; lt: Date } };

export class ServingMetricsService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * The window read for [since, until) (defaults: until now, since DEFAULT_WINDOW_MS before until),
   * widened to whole rollup buckets: since rounded down, until rounded up to a bucket edge.
   */
  window(since?: Date | null, until?: Date | null): { windowStart: Date; windowEnd: Date } {
    const end = until ?? this.clock();
    const start = since ?? new Date(end.getTime() - DEFAULT_WINDOW_MS);
    if (start >= end) throw new BadUserInputError("since must be before until", [{ field: "since", message: "must be before until" }]);
    const { gte, lt } = bucketRange(start, end);
    return { windowStart: gte, windowEnd: lt };
  }

  /**
   * Served predictions from the monitoring rollups (O(buckets), src/modules/monitoring/rollup-reader.ts):
   * the window is widened to whole 10-second buckets (since rounded down, until up); percentiles
   * come from merged DDSketches (within 0.5 % of an order statistic near the rank). Error rate =
   * failed requests / all requests, by request (a batch with ten bad rows is one failed request).
   */
  async compute(since?: Date | null, until?: Date | null): Promise<ServingMetrics> {
    const { windowStart, windowEnd } = this.window(since, until);
    const createdAt = { gte: windowStart, lt: windowEnd };
    const [rows, errorsByCode, failedRequests, requestLatency] = await Promise.all([
      readRollups(this.db, windowStart, windowEnd, { roles: ["CHAMPION", "CHALLENGER"] }),
      this.errorsByCode(createdAt),
      this.failedRequests(createdAt),
      this.requestLatency(windowStart, windowEnd),
    ]);
    const all = summarize(rows, () => "all").get("all") ?? new RollupSummary();
    const byVersion = summarize(rows, (r) => r.modelVersion);
    const byModelVersion: Record<string, unknown> = {};
    for (const [version, group] of [...byVersion].sort((a, b) => a[0] - b[0])) {
      byModelVersion[String(version)] = { count: group.count, latency: group.latency(), predictions: group.predictions() };
    }
    const minutes = (windowEnd.getTime() - windowStart.getTime()) / 60_000;
    const errorCount = Object.values(errorsByCode).reduce((a, b) => a + b, 0);
    const attempts = all.requests + failedRequests;
    return {
      windowStart,
      windowEnd,
      totalPredictions: all.count,
      predictionsPerMinute: all.count / minutes,
      successfulRequests: all.requests,
      failedRequests,
      errorCount,
      errorRate: attempts === 0 ? 0 : failedRequests / attempts,
      errorsByCode,
      latency: all.latency(),
      requestLatency,
      predictions: all.predictions(),
      byModelVersion,
    };
  }

  /** End-to-end request latency per operation and transport, replicas merged (RequestRollup). */
  private async requestLatency(windowStart: Date, windowEnd: Date): Promise<RequestLatencyStats[]> {
    const rows = await this.db.requestRollup.findMany({ where: { bucketStart: { gte: windowStart, lt: windowEnd } } });
    const groups = new Map<string, { operation: string; transport: string; count: number; failed: number; sum: number; max: number; sketch: Sketch }>();
    for (const r of rows) {
      const key = `${r.transport}|${r.operation}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { operation: r.operation, transport: r.transport, count: 0, failed: 0, sum: 0, max: 0, sketch: newSketch() }));
      g.count += r.count;
      g.failed += r.failed;
      g.sum += r.latencySum;
      g.max = Math.max(g.max, r.latencyMax);
      mergeEncoded(g.sketch, r.latencySketch);
    }
    const q = (g: { max: number; sketch: Sketch }, p: number) => Math.min(g.max, sketchQuantile(g.sketch, p));
    return [...groups.values()]
      .filter((g) => g.count > 0)
      .sort((a, b) => b.count - a.count || a.operation.localeCompare(b.operation) || a.transport.localeCompare(b.transport))
      .map((g) => ({ operation: g.operation, transport: g.transport, count: g.count, failed: g.failed, meanMs: g.sum / g.count, p50Ms: q(g, 0.5), p95Ms: q(g, 0.95), p99Ms: q(g, 0.99), maxMs: g.max }));
  }

  private async errorsByCode(createdAt: Where["createdAt"]): Promise<Record<string, number>> {
    const groups = await this.db.requestError.groupBy({ by: ["code"], where: { createdAt }, _count: { _all: true } });
    return Object.fromEntries(groups.map((g) => [g.code, g._count._all]));
  }

  /** Requests that returned at least one error (each error of a request is stored, the request counted once). */
  private async failedRequests(createdAt: Where["createdAt"]): Promise<number> {
    const failed = new DistinctCounter();
    let cursor: number | undefined;
    for (;;) {
      const page = await this.db.requestError.findMany({
        where: { createdAt },
        orderBy: { id: "asc" },
        take: PAGE_SIZE,
        ...(cursor !== undefined ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, requestId: true },
      });
      for (const e of page) failed.add(e.requestId);
      if (page.length < PAGE_SIZE) return failed.count;
      cursor = (page[page.length - 1] as { id: number }).id;
    }
  }
}
