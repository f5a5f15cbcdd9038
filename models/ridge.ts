/**
 * Ridge regression (L2-penalised least squares) by its closed form, with an unpenalised
 * intercept: w = (XcᵀXc + αI)⁻¹ Xcᵀyc on column-centred X and y, b = ȳ − x̄·w.
 * alpha = 0 is ordinary least squares (kept for models saved as such; new OLS fits are
 * `LinearRegression`). Prediction and SHAP values: `LinearModel`.
 */
import { Matrix, solve } from "ml-matrix";
import { LinearModel, type LinearParametersJSON } from "./linear-model.ts";
import { expectFiniteNumber, expectHeader } from "./serialization.ts";

export interface RidgeOptions {
  /** L2 penalty strength, >= 0 (0 = ordinary least squares). Default 1. */
  alpha?: number;
}

export interface RidgeJSON extends LinearParametersJSON {
  name: "Ridge";
  formatVersion: 1;
  alpha: number;
}

export class Ridge extends LinearModel {
  readonly alpha: number;

  constructor(options: RidgeOptions = {}) {
    super();
    const alpha = options.alpha ?? 1;
    if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`Ridge: alpha must be a finite number >= 0, got ${alpha}`);
    this.alpha = alpha;
  }

  fit(x: readonly (readonly number[])[], y: readonly number[]): this {
    const means = LinearModel.columnMeans(x, y, "Ridge");
    const n = x.length;
    const p = means.length;
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

  toJSON(): RidgeJSON {
    return { name: "Ridge", formatVersion: 1, alpha: this.alpha, ...this.parametersJSON() };
  }

  static load(json: unknown): Ridge {
    const obj = expectHeader(json, "Ridge", 1);
    return new Ridge({ alpha: expectFiniteNumber(obj.alpha, "Ridge.alpha") }).readParameters(obj, "Ridge");
  }
}
