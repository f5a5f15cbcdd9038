/** servingMetrics: counts, rates, latency percentiles and the prediction distribution over a window. */
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

export class ServingMetricsService {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async compute(since?: Date | null, until?: Date | null): Promise<ServingMetrics> {
    const windowEnd = until ?? this.clock();
    const windowStart = since ?? new Date(windowEnd.getTime() - DEFAULT_WINDOW_MS);
    if (windowStart >= windowEnd) throw new BadUserInputError("since must be before until", [{ field: "since", message: "must be before until" }]);
    const createdAt = { gte: windowStart, lt: windowEnd };
    const [rows, errors] = await Promise.all([
      this.db.prediction.findMany({ where: { createdAt }, select: { value: true, latencyMs: true, modelVersion: true, requestId: true } }),
      this.db.requestError.groupBy({ by: ["code"], where: { createdAt }, _count: { _all: true } }),
    ]);
    const errorsByCode: Record<string, number> = {};
    let errorCount = 0;
    for (const e of errors) {
      errorsByCode[e.code] = e._count._all;
      errorCount += e._count._all;
    }
    const requests = new Set<string>();
    const byVersion = new Map<number, { latency: number[]; values: number[] }>();
    const latency: number[] = new Array(rows.length);
    const values: number[] = new Array(rows.length);
    rows.forEach((r, i) => {
      latency[i] = r.latencyMs;
      values[i] = r.value;
      requests.add(r.requestId);
      let group = byVersion.get(r.modelVersion);
      if (!group) byVersion.set(r.modelVersion, (group = { latency: [], values: [] }));
      group.latency.push(r.latencyMs);
      group.values.push(r.value);
    });
    const minutes = (windowEnd.getTime() - windowStart.getTime()) / 60_000;
    const byModelVersion: Record<string, unknown> = {};
    for (const [version, group] of [...byVersion].sort((a, b) => a[0] - b[0])) {
      byModelVersion[String(version)] = { count: group.values.length, latency: latencyStats(group.latency), predictions: predictionStats(group.values) };
    }
    const attempts = requests.size + errorCount;
    return {
      windowStart,
      windowEnd,
      totalPredictions: rows.length,
      predictionsPerMinute: rows.length / minutes,
      successfulRequests: requests.size,
      errorCount,
      errorRate: attempts === 0 ? 0 : errorCount / attempts,
      errorsByCode,
      latency: latencyStats(latency),
      predictions: predictionStats(values),
      byModelVersion,
    };
  }
}
