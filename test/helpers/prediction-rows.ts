/** Prediction rows written as tests like to spell them, turned into the writers' columnar table. */
import type { PredictionTable } from "../../src/db/prediction-columns.ts";

export interface PredictionRowInput {
  id: string;
  requestId: string;
  modelVersionId: string;
  modelName: string;
  modelVersion: number;
  value: number;
  features: Record<string, number>;
  imputedFeatures: string[];
  outOfRangeFeatures: string[];
  latencyMs: number;
  apiKeyId: string | null;
  createdAt: Date;
  /** A canary challenger answered (default false). */
  challenger?: boolean;
}

/** One table (rows of one model version; every row its own segment, feature names from the first row). */
export function predictionTable(rows: readonly PredictionRowInput[]): PredictionTable {
  const first = rows[0];
  if (!first) throw new Error("predictionTable needs at least one row");
  const featureNames = Object.keys(first.features);
  const mask = (names: string[]) => names.reduce((m, name) => m | (1 << featureNames.indexOf(name)), 0);
  return {
    modelVersionId: first.modelVersionId,
    modelName: first.modelName,
    modelVersion: first.modelVersion,
    featureNames,
    rows: rows.length,
    ids: rows.map((r) => r.id),
    values: Float64Array.from(rows, (r) => r.value),
    features: Float64Array.from(rows.flatMap((r) => featureNames.map((f) => r.features[f] as number))),
    imputed: Uint32Array.from(rows, (r) => mask(r.imputedFeatures)),
    outOfRange: Uint32Array.from(rows, (r) => mask(r.outOfRangeFeatures)),
    challenger: first.challenger ?? false,
    segments: rows.map((r, i) => ({ start: i, requestId: r.requestId, apiKeyId: r.apiKeyId, createdAtMs: r.createdAt.getTime(), latencyMs: r.latencyMs })),
  };
}
