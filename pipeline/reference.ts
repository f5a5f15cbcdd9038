/**
 * Reference statistics of a model's training split, stored with the model version: the drift
 * baseline (never live traffic) and the training ranges behind `outOfRangeFeatures`.
 */
import { mean, quantileSorted, std } from "../models/stats.ts";

export const REFERENCE_QUANTILES = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1] as const;

export interface ColumnStats {
  count: number;
  missing: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  /** Values at REFERENCE_QUANTILES, in that order. */
  quantiles: number[];
}

export interface ReferenceStats {
  formatVersion: 1;
  features: string[];
  size: number;
  quantileLevels: number[];
  columns: Record<string, ColumnStats>;
  target: ColumnStats;
  /** The model's predictions on its training rows: the baseline for prediction drift. */
  prediction: ColumnStats;
  /** Those predictions, row by row (distribution tests need the values, not just statistics). */
  predictionValues: number[];
  /** The raw training rows (null = missing), for distribution tests against live traffic. */
  rows: (number | null)[][];
}

export function columnStats(values: readonly number[]): ColumnStats {
  const observed = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return {
    count: observed.length,
    missing: values.length - observed.length,
    min: observed[0] ?? Number.NaN,
    max: observed[observed.length - 1] ?? Number.NaN,
    mean: mean(observed),
    std: std(observed),
    quantiles: REFERENCE_QUANTILES.map((q) => quantileSorted(observed, q)),
  };
}

export function buildReferenceStats(
  features: readonly string[],
  rows: readonly (readonly number[])[],
  target: readonly number[],
  predictions: ArrayLike<number>,
): ReferenceStats {
  const columns: Record<string, ColumnStats> = {};
  features.forEach((name, j) => {
    columns[name] = columnStats(rows.map((r) => r[j] as number));
  });
  return {
    formatVersion: 1,
    features: features.slice(),
    size: rows.length,
    quantileLevels: [...REFERENCE_QUANTILES],
    columns,
    target: columnStats(target.slice()),
    prediction: columnStats(Array.from(predictions)),
    predictionValues: Array.from(predictions),
    rows: rows.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))),
  };
}
