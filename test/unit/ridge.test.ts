import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LinearRegression } from "../../models/linear-regression.ts";
import { Ridge } from "../../models/ridge.ts";
import { ModelFormatError } from "../../models/serialization.ts";
import { loadEstimator } from "../../models/estimators.ts";

describe("Ridge", () => {
  it("matches the closed form on a one-feature example worked by hand", () => {
    // x = [1, 2, 3], y = [1, 2, 4]: centred x = [-1, 0, 1], ȳ = 7/3, Σx_c·y = 3, Σx_c² = 2.
    const x = [[1], [2], [3]];
    const y = [1, 2, 4];
    const ridge = new Ridge({ alpha: 1 }).fit(x, y);
    expect(ridge.coefficients[0]).toBeCloseTo(3 / (2 + 1), 12); // w = 1
    expect(ridge.intercept).toBeCloseTo(7 / 3 - 2 * 1, 12); // b = ȳ − x̄w = 1/3
    const ols = new Ridge({ alpha: 0 }).fit(x, y);
    expect(ols.coefficients[0]).toBeCloseTo(1.5, 12);
    expect(ols.intercept).toBeCloseTo(7 / 3 - 3, 12);
  });

  it("shrinks each coefficient by Σx²/(Σx² + α) on an orthogonal design", () => {
    // Centred orthogonal columns with Σx² = 4 each; ȳ = 2.75; Xᵀy_c = [3, 5].
    const x = [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ];
    const y = [1, 2, 3, 5];
    const ridge = new Ridge({ alpha: 2 }).fit(x, y);
    expect(ridge.coefficients[0]).toBeCloseTo(3 / 6, 12);
    expect(ridge.coefficients[1]).toBeCloseTo(5 / 6, 12);
    expect(ridge.intercept).toBeCloseTo(2.75, 12);
    expect(ridge.predictOne([1, 1])).toBeCloseTo(2.75 + 0.5 + 5 / 6, 12);
  });

  it("has exact linear SHAP values that sum with the base value to the prediction", () => {
    const x = [
      [1, 5],
      [2, 3],
      [4, 1],
      [3, 7],
    ];
    const ridge = new Ridge({ alpha: 0.5 }).fit(x, [3, 4, 8, 9]);
    const row = [2.5, 6];
    const shap = ridge.shapValues(row);
    expect(ridge.baseValue + shap[0]! + shap[1]!).toBeCloseTo(ridge.predictOne(row), 12);
    expect(shap[0]).toBeCloseTo(ridge.coefficients[0]! * (2.5 - 2.5), 12);
  });

  it("round-trips through JSON and predicts identically", () => {
    const ridge = new Ridge({ alpha: 0.3 }).fit(
      [
        [1, 2],
        [2, 1],
        [3, 5],
        [0.5, 4],
      ],
      [1, 2, 3, 4],
    );
    const loaded = Ridge.load(JSON.parse(JSON.stringify(ridge)));
    for (const row of [[1, 1], [0, 0], [9.25, -3]]) expect(loaded.predictOne(row)).toBe(ridge.predictOne(row));
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(ridge));
    expect(loadEstimator(ridge.toJSON()).predictOne([1, 1])).toBe(ridge.predictOne([1, 1]));
  });

  it("refuses foreign or corrupt JSON with a clear error", () => {
    const good = new Ridge().fit([[1], [2], [3]], [1, 2, 3]).toJSON();
    expect(() => Ridge.load({ ...good, name: "RandomForest" })).toThrow(/expected a Ridge model, got "RandomForest"/);
    expect(() => Ridge.load({ ...good, formatVersion: 99 })).toThrow(/unsupported formatVersion 99/);
    expect(() => Ridge.load({ ...good, coefficients: ["x"] })).toThrow(ModelFormatError);
    expect(() => Ridge.load({ ...good, featureMeans: [1, 2] })).toThrow(/expected 1 values/);
    expect(() => Ridge.load(null)).toThrow(/expected a JSON object/);
    expect(() => loadEstimator({ name: "Mystery" })).toThrow(/unknown estimator "Mystery"/);
  });

  it("rejects a negative penalty", () => {
    expect(() => new Ridge({ alpha: -1 })).toThrow(/alpha must be/);
  });
});

describe("LinearRegression (ml-regression's MultivariateLinearRegression)", () => {
  // The housing training split of the XGBoost parity fixtures: imputed and standardised, 405 × 13.
  const housing = JSON.parse(readFileSync(new URL("../fixtures/xgboost/housing-split-1.json", import.meta.url), "utf8")) as { xTrain: number[][]; yTrain: number[]; xTest: number[][] };

  it("finds the coefficients of Ridge at α = 0 on the housing data (within 1e-8)", () => {
    const ols = new LinearRegression().fit(housing.xTrain, housing.yTrain);
    const ridge = new Ridge({ alpha: 0 }).fit(housing.xTrain, housing.yTrain);
    expect(ols.nFeatures).toBe(13);
    for (let j = 0; j < 13; j++) expect(Math.abs(ols.coefficients[j]! - ridge.coefficients[j]!)).toBeLessThanOrEqual(1e-8);
    expect(Math.abs(ols.intercept - ridge.intercept)).toBeLessThanOrEqual(1e-8);
    // OLS residuals are orthogonal to every column and sum to 0.
    const residuals = housing.yTrain.map((y, i) => y - ols.predictOne(housing.xTrain[i]!));
    expect(Math.abs(residuals.reduce((s, r) => s + r, 0))).toBeLessThan(1e-8);
    for (let j = 0; j < 13; j++) expect(Math.abs(residuals.reduce((s, r, i) => s + r * housing.xTrain[i]![j]!, 0))).toBeLessThan(1e-7);
  });

  it("solves a worked example exactly and serves SHAP values like every linear model", () => {
    // y = 1 + 2·x0 − x1 exactly.
    const x = [[0, 0], [1, 0], [0, 1], [2, 3], [1, 5]];
    const model = new LinearRegression().fit(x, x.map(([a, b]) => 1 + 2 * a! - b!));
    expect(model.coefficients[0]).toBeCloseTo(2, 12);
    expect(model.coefficients[1]).toBeCloseTo(-1, 12);
    expect(model.intercept).toBeCloseTo(1, 12);
    const row = [3, -2];
    const shap = model.shapValues(row);
    expect(model.baseValue + shap[0]! + shap[1]!).toBeCloseTo(model.predictOne(row), 12);
    expect(shap[0]).toBeCloseTo(2 * (3 - 0.8), 12);
  });

  it("gives a rank-deficient design the minimum-norm fit where Ridge at α = 0 fails", () => {
    // Column 1 duplicates column 0: OLS is not unique; the minimum-norm solution splits the weight.
    const x = [[1, 1], [2, 2], [3, 3], [4, 4]];
    const y = [3, 5, 7, 9];
    const model = new LinearRegression().fit(x, y);
    expect(model.coefficients[0]).toBeCloseTo(1, 8);
    expect(model.coefficients[1]).toBeCloseTo(1, 8);
    expect(model.predictOne([5, 5])).toBeCloseTo(11, 8);
  });

  it("round-trips through JSON, loads by name, and refuses foreign JSON", () => {
    const model = new LinearRegression().fit(housing.xTrain, housing.yTrain);
    const json = JSON.parse(JSON.stringify(model));
    expect(json.name).toBe("LinearRegression");
    const loaded = loadEstimator(json);
    expect(loaded).toBeInstanceOf(LinearRegression);
    for (const row of housing.xTest.slice(0, 10)) expect(loaded.predictOne(row)).toBe(model.predictOne(row));
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(model));
    expect(() => LinearRegression.load({ ...json, name: "Ridge" })).toThrow(/expected a LinearRegression model, got "Ridge"/);
    expect(() => LinearRegression.load({ ...json, featureMeans: [1] })).toThrow(/LinearRegression.featureMeans: expected 13 values/);
    expect(() => new LinearRegression().fit([[1], [Number.NaN]], [1, 2])).toThrow(/row 1 has a non-finite value/);
    expect(() => new LinearRegression().fit([[1], [2]], [1])).toThrow(/as many targets/);
  });
});
