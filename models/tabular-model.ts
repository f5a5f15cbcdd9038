/**
 * A servable model: named input features, the imputer and scaler fitted on the training split,
 * and an estimator, serialised together so that serving applies exactly what training did.
 */
import { type Estimator, NotExplainableError, isExplainable } from "./estimator.ts";
import { loadEstimator } from "./estimators.ts";
import { SimpleImputer, StandardScaler } from "./preprocessing.ts";
import { ModelFormatError, expectHeader, expectStringArray } from "./serialization.ts";

export interface TabularModelJSON {
  name: "TabularModel";
  /** 1: the model alone; 2: also `calibration` (models/calibration.ts), which this class ignores. */
  formatVersion: 1 | 2;
  features: string[];
  imputer: ReturnType<SimpleImputer["toJSON"]>;
  scaler: ReturnType<StandardScaler["toJSON"]>;
  estimator: ReturnType<Estimator["toJSON"]>;
}

export class TabularModel {
  readonly features: readonly string[];
  readonly imputer: SimpleImputer;
  readonly scaler: StandardScaler;
  readonly estimator: Estimator;
  // Flattened preprocessing, so one row is imputed and scaled in a single pass without allocation churn.
  private readonly fill: Float64Array;
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;
  private readonly scratch: Float64Array;

  constructor(features: readonly string[], imputer: SimpleImputer, scaler: StandardScaler, estimator: Estimator) {
    const width = features.length;
    if (imputer.statistics.length !== width || scaler.mean.length !== width || estimator.nFeatures !== width) {
      throw new ModelFormatError(
        `TabularModel: ${width} features but imputer ${imputer.statistics.length}, scaler ${scaler.mean.length}, estimator ${estimator.nFeatures}`,
      );
    }
    this.features = features.slice();
    this.imputer = imputer;
    this.scaler = scaler;
    this.estimator = estimator;
    this.fill = Float64Array.from(imputer.statistics);
    this.mean = Float64Array.from(scaler.mean);
    this.scale = Float64Array.from(scaler.scale);
    this.scratch = new Float64Array(width);
  }

  /** Fills NaNs in `raw` (in place) with the training fill values; returns the indices that were imputed. */
  impute(raw: Float64Array): number[] {
    const imputed: number[] = [];
    for (let j = 0; j < raw.length; j++) {
      if (Number.isNaN(raw[j])) {
        raw[j] = this.fill[j] as number;
        imputed.push(j);
      }
    }
    return imputed;
  }

  /** Prediction for a complete (already imputed) raw row in the order of `features`. */
  predictImputed(raw: ArrayLike<number>): number {
    const z = this.scratch;
    for (let j = 0; j < z.length; j++) z[j] = ((raw[j] as number) - (this.mean[j] as number)) / (this.scale[j] as number);
    return this.estimator.predictOne(z);
  }

  /**
   * Predictions for nRows complete (imputed) raw rows, row-major in `raw` (width = features):
   * scaled in one pass, then one estimator pass over all rows.
   */
  predictImputedFlat(raw: Float64Array, nRows: number): Float64Array {
    const width = this.features.length;
    const z = new Float64Array(nRows * width);
    for (let i = 0; i < nRows; i++) {
      const base = i * width;
      for (let j = 0; j < width; j++) z[base + j] = ((raw[base + j] as number) - (this.mean[j] as number)) / (this.scale[j] as number);
    }
    return this.estimator.predictFlat(z, nRows);
  }

  /** Prediction for raw rows that may contain NaN (missing) values. */
  predict(rows: readonly (readonly number[])[]): number[] {
    return rows.map((r) => {
      const raw = Float64Array.from(r);
      this.impute(raw);
      return this.predictImputed(raw);
    });
  }

  /** Whether the estimator has SHAP attributions (its descriptor's `explainable`): explainImputed throws otherwise. */
  get explainable(): boolean {
    return isExplainable(this.estimator);
  }

  /** SHAP contributions in the raw feature space (scaling is per-feature, so contributions carry over); NotExplainableError without them. */
  explainImputed(raw: ArrayLike<number>): { baseValue: number; contributions: Float64Array; prediction: number } {
    const estimator = this.estimator;
    if (!isExplainable(estimator)) throw new NotExplainableError(estimator.toJSON().name);
    const z = new Float64Array(this.features.length);
    for (let j = 0; j < z.length; j++) z[j] = ((raw[j] as number) - (this.mean[j] as number)) / (this.scale[j] as number);
    return { baseValue: estimator.baseValue, contributions: estimator.shapValues(z), prediction: estimator.predictOne(z) };
  }

  toJSON(): TabularModelJSON {
    return {
      name: "TabularModel",
      formatVersion: 1,
      features: this.features.slice(),
      imputer: this.imputer.toJSON(),
      scaler: this.scaler.toJSON(),
      estimator: this.estimator.toJSON(),
    };
  }

  static load(json: unknown): TabularModel {
    const obj = expectHeader(json, "TabularModel", [1, 2]);
    const features = expectStringArray(obj.features, "TabularModel.features");
    return new TabularModel(features, SimpleImputer.load(obj.imputer), StandardScaler.load(obj.scaler), loadEstimator(obj.estimator));
  }
}
