/**
 * What every linear estimator shares once fitted: y = b + w·x, batch prediction, and exact SHAP
 * values w_j (x_j − x̄_j) with base value b + w·x̄ (Lundberg & Lee 2017), the column means x̄ of the
 * training inputs being the background. Subclasses fit w and b and name their JSON.
 */
import { ModelFormatError, expectFiniteNumber, expectNumberArray } from "./serialization.ts";

/** The fitted parameters every linear model stores in its JSON. */
export interface LinearParametersJSON {
  coefficients: number[];
  intercept: number;
  /** Column means of the training inputs: the SHAP background. */
  featureMeans: number[];
}

export abstract class LinearModel {
  coefficients: Float64Array = new Float64Array(0);
  intercept = 0;
  featureMeans: Float64Array = new Float64Array(0);

  get nFeatures(): number {
    return this.coefficients.length;
  }

  predictOne(row: ArrayLike<number>): number {
    let value = this.intercept;
    const w = this.coefficients;
    for (let j = 0; j < w.length; j++) value += (w[j] as number) * (row[j] as number);
    return value;
  }

  predictFlat(x: Float64Array, nRows: number, out: Float64Array = new Float64Array(nRows)): Float64Array {
    const w = this.coefficients;
    const p = w.length;
    if (x.length < nRows * p || out.length < nRows) throw new RangeError(`${this.constructor.name}.predictFlat: need ${nRows} × ${p} inputs and ${nRows} outputs`);
    for (let i = 0; i < nRows; i++) {
      let value = this.intercept;
      const base = i * p;
      for (let j = 0; j < p; j++) value += (w[j] as number) * (x[base + j] as number);
      out[i] = value;
    }
    return out;
  }

  predict(rows: readonly ArrayLike<number>[]): Float64Array {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.predictOne(rows[i] as ArrayLike<number>);
    return out;
  }

  /** Expected model output over the training inputs: b + w·x̄. */
  get baseValue(): number {
    return this.predictOne(this.featureMeans);
  }

  /** Exact SHAP values of one row: w_j (x_j − x̄_j); they sum with baseValue to the prediction. */
  shapValues(row: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.coefficients.length);
    for (let j = 0; j < out.length; j++) out[j] = (this.coefficients[j] as number) * ((row[j] as number) - (this.featureMeans[j] as number));
    return out;
  }

  protected parametersJSON(): LinearParametersJSON {
    return { coefficients: Array.from(this.coefficients), intercept: this.intercept, featureMeans: Array.from(this.featureMeans) };
  }

  /** Reads the parameters written by `parametersJSON` into this model; `name` prefixes errors. */
  protected readParameters(obj: Record<string, unknown>, name: string): this {
    const coefficients = expectNumberArray(obj.coefficients, `${name}.coefficients`);
    if (coefficients.length === 0) throw new ModelFormatError(`${name}.coefficients: a fitted model has at least one coefficient`);
    this.coefficients = Float64Array.from(coefficients);
    this.intercept = expectFiniteNumber(obj.intercept, `${name}.intercept`);
    this.featureMeans = Float64Array.from(expectNumberArray(obj.featureMeans, `${name}.featureMeans`, coefficients.length));
    return this;
  }

  /** Checks a training set and returns its column means. */
  protected static columnMeans(x: readonly (readonly number[])[], y: readonly number[], name: string): Float64Array {
    const n = x.length;
    if (n === 0 || n !== y.length) throw new RangeError(`${name}: need as many targets as rows and at least one row (rows ${n}, targets ${y.length})`);
    const p = (x[0] as readonly number[]).length;
    const means = new Float64Array(p);
    for (const row of x) for (let j = 0; j < p; j++) means[j] = (means[j] as number) + (row[j] as number) / n;
    return means;
  }
}
