import { describe, expect, it } from "vitest";
import { SimpleImputer, StandardScaler, median, mode } from "../../models/preprocessing.ts";
import { TabularModel } from "../../models/tabular-model.ts";
import { Ridge } from "../../models/ridge.ts";

describe("SimpleImputer", () => {
  it("learns medians and modes from observed values only", () => {
    const rows = [
      [1, 0],
      [Number.NaN, 1],
      [3, 1],
      [10, Number.NaN],
    ];
    const imputer = new SimpleImputer(["median", "most_frequent"]).fit(rows);
    expect(imputer.statistics).toEqual([3, 1]); // median of 1, 3, 10; mode of 0, 1, 1
    expect(imputer.transform([[Number.NaN, Number.NaN]])).toEqual([[3, 1]]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mode([2, 1, 2, 1])).toBe(1); // ties go to the smallest value, like scikit-learn
  });

  it("refuses a column with no observed values", () => {
    expect(() => new SimpleImputer(["median"]).fit([[Number.NaN], [Number.NaN]])).toThrow(/no observed values/);
  });
});

describe("StandardScaler", () => {
  it("uses the population standard deviation and leaves constant columns unscaled", () => {
    const scaler = new StandardScaler().fit([
      [1, 5],
      [3, 5],
    ]);
    expect(scaler.mean).toEqual([2, 5]);
    expect(scaler.scale).toEqual([1, 1]);
    expect(scaler.transform([[3, 5]])).toEqual([[1, 0]]);
  });

  it("learns mean and deviation from the observed values only and keeps NaN when transforming", () => {
    const scaler = new StandardScaler().fit([[1, Number.NaN], [3, 4], [Number.NaN, 8]]);
    expect(scaler.mean).toEqual([2, 6]);
    expect(scaler.scale).toEqual([1, 2]);
    const [row] = scaler.transform([[Number.NaN, 8]]);
    expect(Number.isNaN(row![0])).toBe(true);
    expect(row![1]).toBe(1);
    expect(() => new StandardScaler().fit([[1, Number.NaN], [2, Number.NaN]])).toThrow(/column 1 has no observed values/);
  });
});

describe("TabularModel", () => {
  it("imputes, scales and predicts in one pass, and round-trips through JSON", () => {
    const rows = [
      [1, 2],
      [2, Number.NaN],
      [3, 6],
      [4, 8],
    ];
    const imputer = new SimpleImputer(["median", "median"]).fit(rows);
    const filled = imputer.transform(rows);
    const scaler = new StandardScaler().fit(filled);
    const ridge = new Ridge({ alpha: 0.1 }).fit(scaler.transform(filled), [1, 2, 3, 4]);
    const model = new TabularModel(["a", "b"], imputer, scaler, ridge);
    const expected = ridge.predictOne(scaler.transform([[2.5, 6]])[0]!);
    expect(model.predict([[2.5, Number.NaN]])[0]).toBeCloseTo(expected, 12); // b imputed with median 6
    const loaded = TabularModel.load(JSON.parse(JSON.stringify(model)));
    expect(loaded.predict([[2.5, Number.NaN], [0, 0]])).toEqual(model.predict([[2.5, Number.NaN], [0, 0]]));
    expect(() => TabularModel.load({ ...model.toJSON(), features: ["a"] })).toThrow(/1 features but imputer 2/);
  });
});
