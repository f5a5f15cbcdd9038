/**
 * Ordinary least squares, fitted by ml-regression's `MultivariateLinearRegression` (normal
 * equations with an intercept column, inverted by SVD, so a rank-deficient design — a constant or
 * duplicated column — gets the minimum-norm solution instead of failing). Prediction, SHAP values
 * and the stored parameters are `LinearModel`'s; a test checks the coefficients against
 * `Ridge` at α = 0.
 */
import { MultivariateLinearRegression } from "ml-regression";
import { LinearModel, type LinearParametersJSON } from "./linear-model.ts";
import { expectHeader } from "./serialization.ts";

export interface LinearRegressionJSON extends LinearParametersJSON {
  name: "LinearRegression";
  formatVersion: 1;
}

const NAME = "LinearRegression";

export class LinearRegression extends LinearModel {
  fit(x: readonly (readonly number[])[], y: readonly number[]): this {
    const means = LinearModel.columnMeans(x, y, NAME);
    const p = means.length;
    x.forEach((row, i) => {
      if (row.length !== p) throw new RangeError(`${NAME}: row ${i} has ${row.length} features, expected ${p}`);
      if (!row.every(Number.isFinite)) throw new RangeError(`${NAME}: row ${i} has a non-finite value; impute missing values first`);
    });
    if (!y.every(Number.isFinite)) throw new RangeError(`${NAME}: targets must be finite`);
    const ols = new MultivariateLinearRegression(
      x.map((row) => Array.from(row)),
      y.map((v) => [v]),
      { intercept: true, statistics: false },
    );
    // weights: one row per feature, then the intercept's row; one column per output.
    const weights = ols.weights;
    this.coefficients = Float64Array.from({ length: p }, (_, j) => weights[j]![0]!);
    this.intercept = weights[p]![0]!;
    if (!this.coefficients.every(Number.isFinite) || !Number.isFinite(this.intercept)) throw new RangeError(`${NAME}: the fit did not converge to finite coefficients`);
    this.featureMeans = means;
    return this;
  }

  toJSON(): LinearRegressionJSON {
    return { name: NAME, formatVersion: 1, ...this.parametersJSON() };
  }

  static load(json: unknown): LinearRegression {
    return new LinearRegression().readParameters(expectHeader(json, NAME, 1), NAME);
  }
}
