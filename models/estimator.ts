/** The estimator interface every model in `models/` implements; the list of them is models/estimators.ts. */

export interface Estimator {
  readonly nFeatures: number;
  /** Prediction for one preprocessed row. */
  predictOne(row: ArrayLike<number>): number;
  /** Predictions for nRows row-major preprocessed rows in one pass (batch serving). */
  predictFlat(x: Float64Array, nRows: number, out?: Float64Array): Float64Array;
  toJSON(): { name: string; formatVersion: number };
}

/** The optional capability behind `explain` and the SHAP plots of a run: exact per-feature attributions. */
export interface ExplainableEstimator extends Estimator {
  /** Expected output over the training data (SHAP base value). */
  readonly baseValue: number;
  /** Exact per-feature SHAP contributions for one preprocessed row; they sum with baseValue to predictOne(row). */
  shapValues(row: ArrayLike<number>): Float64Array;
}

export function isExplainable(estimator: Estimator): estimator is ExplainableEstimator {
  return typeof (estimator as Partial<ExplainableEstimator>).shapValues === "function";
}

/** `explain` (or a SHAP summary) asked of a model whose estimator has no attributions. */
export class NotExplainableError extends Error {
  constructor(readonly estimatorName: string) {
    super(`${estimatorName} has no SHAP attributions (its descriptor in models/estimators.ts says explainable: false)`);
    this.name = "NotExplainableError";
  }
}
