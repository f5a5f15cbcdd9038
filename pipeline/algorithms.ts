/**
 * Fitting the algorithms Domus trains (their descriptors: models/estimators.ts) behind the preprocessing every model sits behind (training-split imputation and
 * scaling, shared so that serving applies exactly what training did).
 */
import type { Estimator } from "../models/estimator.ts";
import { type Algorithm, DEFAULT_PARAMS, type Params, estimatorFor } from "../models/estimators.ts";
import { SimpleImputer, StandardScaler } from "../models/preprocessing.ts";
import { TabularModel } from "../models/tabular-model.ts";
import { FEATURE_SPECS } from "./dataset.ts";

export { ALGORITHMS, type Algorithm, DEFAULT_PARAMS, type Params, isAlgorithm } from "../models/estimators.ts";

/** A fitted estimator from its algorithm and hyperparameters (merged over the descriptor's defaults). */
export function fitEstimator(
  algorithm: Algorithm,
  params: Params,
  x: readonly (readonly number[])[],
  y: readonly number[],
  seed: number,
  validation?: { x: readonly (readonly number[])[]; y: readonly number[] },
): Estimator {
  return estimatorFor(algorithm).fit({ ...DEFAULT_PARAMS[algorithm], ...params }, x, y, seed, validation);
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
