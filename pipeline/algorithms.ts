/**
 * Fitting the algorithms Domus trains (their descriptors: models/estimators.ts) behind the preprocessing every model sits behind (training-split imputation and
 * scaling, shared so that serving applies exactly what training did).
 *
 * A run's params may carry `missing` ("impute", the default, or "learn"): what the model does with
 * missing values (MissingPolicy, models/tabular-model.ts). It is not an estimator hyperparameter:
 * fitTabularModel takes it out of the params and gives it to the TabularModel.
 */
import type { Estimator } from "../models/estimator.ts";
import { ALGORITHMS, type Algorithm, DEFAULT_PARAMS, type Params, estimatorFor } from "../models/estimators.ts";
import { SimpleImputer, StandardScaler } from "../models/preprocessing.ts";
import { MISSING_POLICIES, type MissingPolicy, TabularModel, isMissingPolicy, prepareRows } from "../models/tabular-model.ts";
import { FEATURE_SPECS } from "./dataset.ts";

export { ALGORITHMS, type Algorithm, DEFAULT_PARAMS, type Params, isAlgorithm } from "../models/estimators.ts";

/** The params key of the missing-value policy. */
const MISSING_PARAM = "missing";

/**
 * The missing-value policy a run's params ask for ("impute" when they do not say), or a RangeError
 * naming the field: an unknown value, or "learn" for an algorithm whose estimator needs complete rows.
 */
export function missingPolicyOf(algorithm: Algorithm, params: Params): MissingPolicy {
  const value = params[MISSING_PARAM] ?? "impute";
  if (!isMissingPolicy(value)) throw new RangeError(`${MISSING_PARAM} must be ${MISSING_POLICIES.map((p) => `"${p}"`).join(" or ")}, got ${JSON.stringify(value)}`);
  if (value === "learn" && !estimatorFor(algorithm).learnsMissing) {
    const learners = ALGORITHMS.filter((a) => estimatorFor(a).learnsMissing).join(", ");
    throw new RangeError(`${MISSING_PARAM}: "learn" needs an algorithm that learns where missing values go (${learners}), not ${algorithm}`);
  }
  return value;
}

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
  const missing = missingPolicyOf(algorithm, params);
  const { [MISSING_PARAM]: _, ...estimatorParams } = params;
  const specs = columns.map((c) => FEATURE_SPECS[c]!);
  const x = selectColumns(rows, columns);
  // Fitted under both policies: "learn" models keep the training medians but do not apply them.
  const imputer = new SimpleImputer(specs.map((s) => s.impute)).fit(x);
  const prepared = prepareRows(missing, imputer, x);
  const scaler = new StandardScaler().fit(prepared);
  const held = validation ? { x: scaler.transform(prepareRows(missing, imputer, selectColumns(validation.rows, columns))), y: validation.y } : undefined;
  const estimator = fitEstimator(algorithm, estimatorParams, scaler.transform(prepared), y, seed, held);
  return new TabularModel(
    specs.map((s) => s.name),
    imputer,
    scaler,
    estimator,
    missing,
  );
}

/** Restricts raw rows to `columns` (the model's input order). */
export function selectColumns(rows: readonly (readonly number[])[], columns: readonly number[]): number[][] {
  return rows.map((r) => columns.map((c) => r[c] as number));
}
