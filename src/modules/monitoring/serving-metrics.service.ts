/** servingMetrics: counts, rates, latency percentiles and the prediction distribution over a window, in bounded memory. */
import { LRUCache } from "lru-cache";
import type { Db } from "../../db/client.ts";
import { mean, quantileSorted, std } from "../../../models/stats.ts";
import { BadUserInputError } from "../../errors.ts";
import type { LatencyStats, PredictionStats, ServingMetrics } from "./serving-metrics.type.ts";

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

/** Rows read per page while summarising a window: memory stays bounded whatever the window holds. */
const PAGE_SIZE = 5000;
/** Recent request ids remembered to count requests once (a request's rows are stored together). */
const RECENT_REQUESTS = 10_000;

/** Running sums of one group of predictions (all, or one model version). */
class Summary {
  count = 0;
  valueSum = 0;
  valueSquares = 0;
  valueMin = Number.POSITIVE_INFINITY;
  valueMax = Number.NEGATIVE_INFINITY;
  latencySum = 0;
  latencyMax = 0;

  add(value: number, latency: number): void {
    this.count++;
    this.valueSum += value;
    this.valueSquares += value * value;
    if (value < this.valueMin) this.valueMin = value;
    if (value > this.valueMax) this.valueMax = value;
    this.latencySum += latency;
    if (latency > this.latencyMax) this.latencyMax = latency;
  }
}

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

type Where = { createdAt: { gte: Date; lt: Date }; modelVersion?: number };

export class ServingMetricsService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Type-7 percentiles of a column in the window, read as order statistics (two rows each), never the whole column. */
  private async percentiles(where: Where, column: "value" | "latencyMs", count: number, ps: readonly number[]): Promise<number[]> {
    return Promise.all(
      ps.map(async (p) => {
        const h = (count - 1) * p;
        const lo = Math.floor(h);
        const rows = await this.db.prediction.findMany({ where, orderBy: [{ [column]: "asc" }, { id: "asc" }], skip: lo, take: 2, select: { [column]: true } });
        const a = (rows[0] as Record<string, number> | undefined)?.[column] ?? 0;
        const b = (rows[1] as Record<string, number> | undefined)?.[column] ?? a;
        return a + (h - lo) * (b - a);
      }),
    );
  }

  private async stats(where: Where, summary: Summary): Promise<{ latency: LatencyStats; predictions: PredictionStats }> {
    const n = summary.count;
    if (n === 0) return { latency: latencyStats([]), predictions: predictionStats([]) };
    const [[p50, p95, p99], [p25, median, p75]] = await Promise.all([
      this.percentiles(where, "latencyMs", n, [0.5, 0.95, 0.99]),
      this.percentiles(where, "value", n, [0.25, 0.5, 0.75]),
    ]);
    const mean = summary.valueSum / n;
    return {
      latency: { count: n, meanMs: summary.latencySum / n, p50Ms: p50 as number, p95Ms: p95 as number, p99Ms: p99 as number, maxMs: summary.latencyMax },
      predictions: {
        count: n,
        mean,
        std: Math.sqrt(Math.max(0, summary.valueSquares / n - mean * mean)),
        min: summary.valueMin,
        max: summary.valueMax,
        p25: p25 as number,
        median: median as number,
        p75: p75 as number,
      },
    };
  }

  /**
   * One pass over the window's predictions, a page at a time (counts, sums, requests), then the
   * percentiles as order statistics: memory is bounded by the page size whatever the window.
   * Error rate = failed requests / all requests, by request (a batch with ten bad rows is one
   * failed request; a batch's rows are counted in totalPredictions, apart).
   */
  async compute(since?: Date | null, until?: Date | null): Promise<ServingMetrics> {
    const windowEnd = until ?? this.clock();
    const windowStart = since ?? new Date(windowEnd.getTime() - DEFAULT_WINDOW_MS);
    if (windowStart >= windowEnd) throw new BadUserInputError("since must be before until", [{ field: "since", message: "must be before until" }]);
    const createdAt = { gte: windowStart, lt: windowEnd };
    const all = new Summary();
    const byVersion = new Map<number, Summary>();
    const requests = new DistinctCounter();
    let cursor: string | undefined;
    for (;;) {
      const page = await this.db.prediction.findMany({
        where: { createdAt },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: PAGE_SIZE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: { id: true, value: true, latencyMs: true, modelVersion: true, requestId: true },
      });
      for (const r of page) {
        all.add(r.value, r.latencyMs);
        let group = byVersion.get(r.modelVersion);
        if (!group) byVersion.set(r.modelVersion, (group = new Summary()));
        group.add(r.value, r.latencyMs);
        requests.add(r.requestId);
      }
      if (page.length < PAGE_SIZE) break;
      cursor = (page[page.length - 1] as { id: string }).id;
    }
    const [errorsByCode, failedRequests] = await Promise.all([this.errorsByCode(createdAt), this.failedRequests(createdAt)]);
    const byModelVersion: Record<string, unknown> = {};
    for (const [version, group] of [...byVersion].sort((a, b) => a[0] - b[0])) {
      byModelVersion[String(version)] = { count: group.count, ...(await this.stats({ createdAt, modelVersion: version }, group)) };
    }
    const { latency, predictions } = await this.stats({ createdAt }, all);
    const minutes = (windowEnd.getTime() - windowStart.getTime()) / 60_000;
    const errorCount = Object.values(errorsByCode).reduce((a, b) => a + b, 0);
    const attempts = requests.count + failedRequests;
    return {
      windowStart,
      windowEnd,
      totalPredictions: all.count,
      predictionsPerMinute: all.count / minutes,
      successfulRequests: requests.count,
      failedRequests,
      errorCount,
      errorRate: attempts === 0 ? 0 : failedRequests / attempts,
      errorsByCode,
      latency,
      predictions,
      byModelVersion,
    };
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
