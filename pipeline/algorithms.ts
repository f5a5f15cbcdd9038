/**
 * The algorithms Domus trains, by name: their default hyperparameters, how to build and fit the
 * estimator, and the preprocessing every model sits behind (training-split imputation and
 * scaling, shared so that serving applies exactly what training did).
 */
import type { Estimator } from "../models/estimator.ts";
import { GradientBoostedTrees } from "../models/gbdt.ts";
import { LinearRegression } from "../models/linear-regression.ts";
import { SimpleImputer, StandardScaler } from "../models/preprocessing.ts";
import { RandomForestRegressor } from "../models/random-forest.ts";
import { Ridge } from "../models/ridge.ts";
import { TabularModel } from "../models/tabular-model.ts";
import { FEATURE_SPECS } from "./dataset.ts";

export const ALGORITHMS = ["gbdt", "random_forest", "ridge", "linear"] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
export type Params = Record<string, number | boolean | string>;

export const DEFAULT_PARAMS: Record<Algorithm, Params> = {
  // XGBoost 1.7's defaults (XGBRegressor, tree_method "exact", which GradientBoostedTrees reproduces,
  // γ included), except the base score: mean(y) here, 0.5 in XGBoost 1.7 unless set.
  gbdt: { nEstimators: 100, maxDepth: 6, learningRate: 0.3, minChildWeight: 1, gamma: 0, regAlpha: 0, regLambda: 1, subsample: 1, colsampleByTree: 1 },
  // scikit-learn's RandomForestRegressor defaults.
  random_forest: { nEstimators: 100, minSamplesLeaf: 1, maxFeatures: 1, bootstrap: true },
  ridge: { alpha: 1 },
  linear: {},
};

export function isAlgorithm(value: string): value is Algorithm {
  return (ALGORITHMS as readonly string[]).includes(value);
}

/** A fitted estimator from its algorithm and hyperparameters. */
export function fitEstimator(
  algorithm: Algorithm,
  params: Params,
  x: readonly (readonly number[])[],
  y: readonly number[],
  seed: number,
  validation?: { x: readonly (readonly number[])[]; y: readonly number[] },
): Estimator {
  const p = { ...DEFAULT_PARAMS[algorithm], ...params } as Record<string, never>;
  switch (algorithm) {
    case "gbdt":
      return new GradientBoostedTrees({ ...p, seed }).fit(x, y, validation ? { validation } : undefined);
    case "random_forest":
      return new RandomForestRegressor({ ...p, seed }).fit(x, y);
    case "ridge":
      return new Ridge({ alpha: Number((p as Params).alpha) }).fit(x, y);
    case "linear":
      return new LinearRegression().fit(x, y);
  }
}

/**
 * Fits preprocessing and estimator on raw rows (NaN = missing) restricted to `columns`
 * (indices into FEATURE_SPECS), returning the servable model.
 */
export function fitTabularModel(
  algorithm: Algorithm,
  params: Params,
  rows: readonly (readonly number[])[],
  y: readonly number[],
  columns: readonly number[],
  seed: number,
  /** Held-out raw rows scored after every boosting round (GBDT early stopping), preprocessed like the training rows. */
  validation?: { rows: readonly (readonly number[])[]; y: readonly number[] },
): TabularModel {
  const specs = columns.map((c) => FEATURE_SPECS[c]!);
  const x = selectColumns(rows, columns);
  const imputer = new SimpleImputer(specs.map((s) => s.impute)).fit(x);
  const imputed = imputer.transform(x);
  const scaler = new StandardScaler().fit(imputed);
  const prepared = validation ? { x: scaler.transform(imputer.transform(selectColumns(validation.rows, columns))), y: validation.y } : undefined;
  const estimator = fitEstimator(algorithm, params, scaler.transform(imputed), y, seed, prepared);
  return new TabularModel(
    specs.map((s) => s.name),
    imputer,
    scaler,
    estimator,
  );
}

/** Restricts raw rows to `columns` (the model's input order). */
export function selectColumns(rows: readonly (readonly number[])[], columns: readonly number[]): number[][] {
  return rows.map((r) => columns.map((c) => r[c] as number));
}
