/** The estimator interface every model in `models/` implements, and loading by the JSON's `name`. */
import { GradientBoostedTrees } from "./gbdt.ts";
import { LinearRegression } from "./linear-regression.ts";
import { RandomForestRegressor } from "./random-forest.ts";
import { Ridge } from "./ridge.ts";
import { ModelFormatError, expectObject } from "./serialization.ts";

export interface Estimator {
  readonly nFeatures: number;
  /** Prediction for one preprocessed row. */
  predictOne(row: ArrayLike<number>): number;
  /** Predictions for nRows row-major preprocessed rows in one pass (batch serving). */
  predictFlat(x: Float64Array, nRows: number, out?: Float64Array): Float64Array;
  /** Expected output over the training data (SHAP base value). */
  readonly baseValue: number;
  /** Exact per-feature SHAP contributions for one preprocessed row. */
  shapValues(row: ArrayLike<number>): Float64Array;
  toJSON(): { name: string; formatVersion: number };
}

const loaders: Record<string, (json: unknown) => Estimator> = {
  Ridge: (json) => Ridge.load(json),
  LinearRegression: (json) => LinearRegression.load(json),
  GradientBoostedTrees: (json) => GradientBoostedTrees.load(json),
  RandomForestRegressor: (json) => RandomForestRegressor.load(json),
};

export function loadEstimator(json: unknown): Estimator {
  const name = expectObject(json, "estimator").name;
  const load = typeof name === "string" ? loaders[name] : undefined;
  if (!load) throw new ModelFormatError(`unknown estimator ${JSON.stringify(name ?? null)} (known: ${Object.keys(loaders).join(", ")})`);
  return load(json);
}
