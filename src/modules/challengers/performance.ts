/** Live-performance arithmetic over scored rows, pure: error metrics where outcomes exist, latency always. */
import { latencyStats } from "../monitoring/serving-metrics.service.ts";
import type { VersionPerformance } from "./challenger.type.ts";

/** One row a version scored (served or in the shadow), with the actual value when one was recorded. */
export interface ScoredRow {
  modelVersion: number;
  value: number;
  latencyMs: number;
  actual: number | null;
}

export function summarizeVersion(modelVersion: number, rows: readonly ScoredRow[]): VersionPerformance {
  let valueSum = 0;
  let squared = 0;
  let absolute = 0;
  let outcomes = 0;
  const latencies = new Array<number>(rows.length);
  rows.forEach((r, i) => {
    valueSum += r.value;
    latencies[i] = r.latencyMs;
    if (r.actual !== null) {
      const error = r.value - r.actual;
      squared += error * error;
      absolute += Math.abs(error);
      outcomes++;
    }
  });
  return {
    modelVersion,
    predictions: rows.length,
    outcomes,
    rmse: outcomes > 0 ? Math.sqrt(squared / outcomes) : null,
    mae: outcomes > 0 ? absolute / outcomes : null,
    meanPrediction: rows.length > 0 ? valueSum / rows.length : null,
    latency: latencyStats(latencies),
  };
}

/** Per version, ascending. */
export function summarizeByVersion(rows: readonly ScoredRow[]): VersionPerformance[] {
  const groups = new Map<number, ScoredRow[]>();
  for (const r of rows) {
    let group = groups.get(r.modelVersion);
    if (!group) groups.set(r.modelVersion, (group = []));
    group.push(r);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((v) => summarizeVersion(v, groups.get(v) as ScoredRow[]));
}
