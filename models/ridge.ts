/**
 * Ridge regression (L2-penalised least squares) by its closed form, with an unpenalised
 * intercept: w = (XcᵀXc + αI)⁻¹ Xcᵀyc on column-centred X and y, b = ȳ − x̄·w.
 * alpha = 0 is ordinary least squares. Exact SHAP values for a linear model are
 * w_j (x_j − x̄_j) with base value b + w·x̄ (Lundberg & Lee 2017).
 */
import { Matrix, solve } from "ml-matrix";
import { ModelFormatError, expectFiniteNumber, expectHeader, expectNumberArray } from "./serialization.ts";

export interface RidgeOptions {
  /** L2 penalty strength, >= 0 (0 = ordinary least squares). Default 1. */
  alpha?: number;
}

export interface RidgeJSON {
  name: "Ridge";
  formatVersion: 1;
  alpha: number;
  coefficients: number[];
  intercept: number;
  /** Column means of the training inputs: the SHAP background. */
  featureMeans: number[];
}

export class Ridge {
  readonly alpha: number;
  coefficients: Float64Array = new Float64Array(0);
  intercept = 0;
  featureMeans: Float64Array = new Float64Array(0);

  constructor(options: RidgeOptions = {}) {
    const alpha = options.alpha ?? 1;
    if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`Ridge: alpha must be a finite number >= 0, got ${alpha}`);
    this.alpha = alpha;
  }

  fit(x: readonly (readonly number[])[], y: readonly number[]): this {
    const n = x.length;
    if (n === 0 || n !== y.length) throw new RangeError(`Ridge: need as many targets as rows and at least one row (rows ${n}, targets ${y.length})`);
    const p = (x[0] as readonly number[]).length;
    const means = new Float64Array(p);
    for (const row of x) for (let j = 0; j < p; j++) means[j] = (means[j] as number) + (row[j] as number) / n;
    let yMean = 0;
    for (const v of y) yMean += v / n;

    const xc = new Matrix(n, p);
    const yc = new Matrix(n, 1);
    for (let i = 0; i < n; i++) {
      const row = x[i] as readonly number[];
      for (let j = 0; j < p; j++) xc.set(i, j, (row[j] as number) - (means[j] as number));
      yc.set(i, 0, (y[i] as number) - yMean);
    }
    const xt = xc.transpose();
    const gram = xt.mmul(xc);
    for (let j = 0; j < p; j++) gram.set(j, j, gram.get(j, j) + this.alpha);
    const w = solve(gram, xt.mmul(yc));

    this.coefficients = Float64Array.from(w.getColumn(0));
    for (const c of this.coefficients) if (!Number.isFinite(c)) throw new RangeError("Ridge: the system is singular; use alpha > 0");
    let dot = 0;
    for (let j = 0; j < p; j++) dot += (means[j] as number) * (this.coefficients[j] as number);
    this.intercept = yMean - dot;
    this.featureMeans = means;
    return this;
  }

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
    if (x.length < nRows * p || out.length < nRows) throw new RangeError(`Ridge.predictFlat: need ${nRows} × ${p} inputs and ${nRows} outputs`);
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

  toJSON(): RidgeJSON {
    return {
      name: "Ridge",
      formatVersion: 1,
      alpha: this.alpha,
      coefficients: Array.from(this.coefficients),
      intercept: this.intercept,
      featureMeans: Array.from(this.featureMeans),
    };
  }

  static load(json: unknown): Ridge {
    const obj = expectHeader(json, "Ridge", 1);
    const model = new Ridge({ alpha: expectFiniteNumber(obj.alpha, "Ridge.alpha") });
    const coefficients = expectNumberArray(obj.coefficients, "Ridge.coefficients");
    if (coefficients.length === 0) throw new ModelFormatError("Ridge.coefficients: a fitted model has at least one coefficient");
    model.coefficients = Float64Array.from(coefficients);
    model.intercept = expectFiniteNumber(obj.intercept, "Ridge.intercept");
    model.featureMeans = Float64Array.from(expectNumberArray(obj.featureMeans, "Ridge.featureMeans", coefficients.length));
    return model;
  }
}
