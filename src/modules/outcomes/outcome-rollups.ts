/**
 * Outcomes as running sums (OutcomeRollup), keyed by the 10-second bucket of the *prediction's*
 * createdAt, since windows select predictions by when they were made:
 * - VERSION: per model version and role, n, Σerr, Σerr², Σ|err| of err = prediction − actual;
 * - PAIR: per champion version (modelVersion) and shadow challenger version (pairedVersion),
 *   n, Σd, Σd² of d = champion err² − challenger err² (the paired t-test's differences).
 */
import { bucketOf } from "../../db/rollup-bucket.ts";

export interface LabelledPrediction {
  modelName: string;
  modelVersion: number;
  challenger: boolean;
  value: number;
  createdAt: Date;
  actual: number;
  shadows: { modelVersion: number; value: number }[];
}

export interface OutcomeRollupRow {
  bucketStart: Date;
  modelName: string;
  kind: "VERSION" | "PAIR";
  modelVersion: number;
  pairedVersion: number;
  role: string;
  n: number;
  sum: number;
  sumSq: number;
  absSum: number;
}

export function outcomeRollups(rows: readonly LabelledPrediction[]): OutcomeRollupRow[] {
  const out = new Map<string, OutcomeRollupRow>();
  const add = (key: Omit<OutcomeRollupRow, "n" | "sum" | "sumSq" | "absSum">, x: number) => {
    const k = `${key.bucketStart.getTime()}|${key.modelName}|${key.kind}|${key.modelVersion}|${key.pairedVersion}|${key.role}`;
    let r = out.get(k);
    if (!r) out.set(k, (r = { ...key, n: 0, sum: 0, sumSq: 0, absSum: 0 }));
    r.n++;
    r.sum += x;
    r.sumSq += x * x;
    r.absSum += Math.abs(x);
  };
  for (const p of rows) {
    const bucketStart = new Date(bucketOf(p.createdAt.getTime()));
    const err = p.value - p.actual;
    add({ bucketStart, modelName: p.modelName, kind: "VERSION", modelVersion: p.modelVersion, pairedVersion: 0, role: p.challenger ? "CHALLENGER" : "CHAMPION" }, err);
    for (const s of p.shadows) {
      const shadowErr = s.value - p.actual;
      add({ bucketStart, modelName: p.modelName, kind: "VERSION", modelVersion: s.modelVersion, pairedVersion: 0, role: "SHADOW" }, shadowErr);
      add({ bucketStart, modelName: p.modelName, kind: "PAIR", modelVersion: p.modelVersion, pairedVersion: s.modelVersion, role: "" }, err * err - shadowErr * shadowErr);
    }
  }
  return [...out.values()];
}
