/**
 * A servable model: named input features, the imputer and scaler fitted on the training split,
 * an estimator, and what it does with a missing (NaN) feature, serialised together so that
 * serving applies exactly what training did.
 *
 * The missing-value policy is decided here and nowhere else: `prepare` is the one step every
 * caller (serving, shadow scoring, explain, calibration, the pipeline's own scoring) runs on a raw
 * row before `predictPrepared` / `predictPreparedFlat` / `explainPrepared`.
 */
import { type Estimator, NotExplainableError, isExplainable } from "./estimator.ts";
import { descriptorOfJson, loadEstimator } from "./estimators.ts";
import { SimpleImputer, StandardScaler } from "./preprocessing.ts";
import { ModelFormatError, expectHeader, expectStringArray } from "./serialization.ts";

/**
 * What a model does with a missing feature value, in training and when serving:
 * - "impute": fill it with the training split's median (mode for CHAS) before scaling; every
 *   estimator. The default, and every model saved before the option existed.
 * - "learn": keep it missing (NaN, also after scaling) and let the estimator route it along the
 *   directions it learned in training; only estimators whose descriptor says `learnsMissing`
 *   (the GBDT). The imputer is still fitted and stored (the training medians), but not applied.
 */
export type MissingPolicy = "impute" | "learn";
export const MISSING_POLICIES: readonly MissingPolicy[] = ["impute", "learn"];

export function isMissingPolicy(value: unknown): value is MissingPolicy {
  return (MISSING_POLICIES as readonly unknown[]).includes(value);
}

/**
 * Raw rows as an estimator of this policy is trained on before scaling: imputed, or (learn) copies
 * with NaN kept. The training-side twin of TabularModel.prepare.
 */
export function prepareRows(missing: MissingPolicy, imputer: SimpleImputer, rows: readonly (readonly number[])[]): number[][] {
  return missing === "learn" ? rows.map((r) => r.slice()) : imputer.transform(rows);
}

export interface TabularModelJSON {
  name: "TabularModel";
  /**
   * 1: the model alone; 2: also `calibration` (models/calibration.ts), which this class ignores;
   * 3: also `missing` ("learn" models: older Domus versions refuse them rather than impute), with
   * or without `calibration`. Models that impute are written as 1 (2 with calibration), as before.
   */
  formatVersion: 1 | 2 | 3;
  /** Format 3 only. */
  missing?: MissingPolicy;
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
  readonly missing: MissingPolicy;
  // Flattened preprocessing, so one row is prepared and scaled in a single pass without allocation churn.
  private readonly fill: Float64Array;
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;
  private readonly scratch: Float64Array;

  constructor(features: readonly string[], imputer: SimpleImputer, scaler: StandardScaler, estimator: Estimator, missing: MissingPolicy = "impute") {
    const width = features.length;
    if (imputer.statistics.length !== width || scaler.mean.length !== width || estimator.nFeatures !== width) {
      throw new ModelFormatError(
        `TabularModel: ${width} features but imputer ${imputer.statistics.length}, scaler ${scaler.mean.length}, estimator ${estimator.nFeatures}`,
      );
    }
    if (!isMissingPolicy(missing)) throw new ModelFormatError(`TabularModel.missing: expected ${MISSING_POLICIES.map((p) => `"${p}"`).join(" or ")}, got ${JSON.stringify(missing)}`);
    this.features = features.slice();
    this.imputer = imputer;
    this.scaler = scaler;
    this.estimator = estimator;
    this.missing = missing;
    this.fill = Float64Array.from(imputer.statistics);
    this.mean = Float64Array.from(scaler.mean);
    this.scale = Float64Array.from(scaler.scale);
    this.scratch = new Float64Array(width);
  }

  /**
   * Applies the model's missing-value policy to `raw` (in place, the order of `features`) and
   * returns the positions that were missing: filled with the training values ("impute") or left
   * NaN for the estimator to route ("learn"). A prepared row is what the predict/explain methods
   * below take, and what serving logs as the features used.
   */
  prepare(raw: Float64Array): number[] {
    const missing: number[] = [];
    const fill = this.missing === "impute";
    for (let j = 0; j < raw.length; j++) {
      if (Number.isNaN(raw[j])) {
        if (fill) raw[j] = this.fill[j] as number;
        missing.push(j);
      }
    }
    return missing;
  }

  /** Prediction for a prepared raw row (see prepare) in the order of `features`. */
  predictPrepared(raw: ArrayLike<number>): number {
    const z = this.scratch;
    for (let j = 0; j < z.length; j++) z[j] = ((raw[j] as number) - (this.mean[j] as number)) / (this.scale[j] as number);
    return this.estimator.predictOne(z);
  }

  /**
   * Predictions for nRows prepared raw rows, row-major in `raw` (width = features):
   * scaled in one pass, then one estimator pass over all rows.
   */
  predictPreparedFlat(raw: Float64Array, nRows: number): Float64Array {
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
      this.prepare(raw);
      return this.predictPrepared(raw);
    });
  }

  /** Whether the estimator has SHAP attributions (its descriptor's `explainable`): explainPrepared throws otherwise. */
  get explainable(): boolean {
    return isExplainable(this.estimator);
  }

  /**
   * SHAP contributions of a prepared raw row (scaling is per-feature, so contributions carry over;
   * a NaN a "learn" model was given gets the contribution of its learned direction); NotExplainableError without them.
   */
  explainPrepared(raw: ArrayLike<number>): { baseValue: number; contributions: Float64Array; prediction: number } {
    const estimator = this.estimator;
    if (!isExplainable(estimator)) throw new NotExplainableError(estimator.toJSON().name);
    const z = new Float64Array(this.features.length);
    for (let j = 0; j < z.length; j++) z[j] = ((raw[j] as number) - (this.mean[j] as number)) / (this.scale[j] as number);
    return { baseValue: estimator.baseValue, contributions: estimator.shapValues(z), prediction: estimator.predictOne(z) };
  }

  toJSON(): TabularModelJSON {
    const parts = { features: this.features.slice(), imputer: this.imputer.toJSON(), scaler: this.scaler.toJSON(), estimator: this.estimator.toJSON() };
    // Imputing models keep format 1, byte for byte as before the option existed.
    return this.missing === "learn" ? { name: "TabularModel", formatVersion: 3, missing: "learn", ...parts } : { name: "TabularModel", formatVersion: 1, ...parts };
  }

  static load(json: unknown): TabularModel {
    const obj = expectHeader(json, "TabularModel", [1, 2, 3]);
    const features = expectStringArray(obj.features, "TabularModel.features");
    let missing: MissingPolicy = "impute";
    if (obj.formatVersion === 3) {
      if (!isMissingPolicy(obj.missing)) throw new ModelFormatError(`TabularModel.missing: expected ${MISSING_POLICIES.map((p) => `"${p}"`).join(" or ")}, got ${JSON.stringify(obj.missing ?? null)}`);
      missing = obj.missing;
    } else if (obj.missing !== undefined) {
      throw new ModelFormatError(`TabularModel.missing: needs formatVersion 3, got ${JSON.stringify(obj.formatVersion)}`);
    }
    if (missing === "learn") {
      const descriptor = descriptorOfJson(obj.estimator);
      if (!descriptor.learnsMissing) throw new ModelFormatError(`TabularModel.missing: "learn" needs an estimator that learns missing values, not ${JSON.stringify(descriptor.jsonName)}`);
    }
    return new TabularModel(features, SimpleImputer.load(obj.imputer), StandardScaler.load(obj.scaler), loadEstimator(obj.estimator), missing);
  }
}
