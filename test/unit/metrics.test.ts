import { describe, expect, it } from "vitest";
import { mae, mape, r2, regressionMetrics, rmse } from "../../pipeline/metrics.ts";
import { quantileSorted } from "../../models/stats.ts";

// scikit-learn's documented examples: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8].
const yTrue = [3, -0.5, 2, 7];
const yPred = [2.5, 0.0, 2, 8];

describe("regression metrics", () => {
  it("match hand-computed values", () => {
    // squared errors 0.25, 0.25, 0, 1 → MSE 0.375
    expect(rmse(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 12);
    // absolute errors 0.5, 0.5, 0, 1 → 0.5
    expect(mae(yTrue, yPred)).toBeCloseTo(0.5, 12);
    // SS_res 1.5; mean 2.875, SS_tot 29.1875 → 1 − 1.5/29.1875
    expect(r2(yTrue, yPred)).toBeCloseTo(1 - 1.5 / 29.1875, 12);
    expect(r2(yTrue, yPred)).toBeCloseTo(0.9486081370449679, 12);
    // 0.5/3 + 0.5/0.5 + 0 + 1/7, over 4
    expect(mape(yTrue, yPred)).toBeCloseTo((0.5 / 3 + 1 + 0 + 1 / 7) / 4, 12);
    expect(mape(yTrue, yPred)).toBeCloseTo(0.3273809523809524, 12);
  });

  it("gives R² 0 for the mean predictor and 1 for a perfect one", () => {
    const mean = yTrue.reduce((a, b) => a + b) / yTrue.length;
    expect(r2(yTrue, yTrue.map(() => mean))).toBeCloseTo(0, 12);
    expect(r2(yTrue, yTrue)).toBe(1);
    expect(regressionMetrics(yTrue, yTrue)).toEqual({ rmse: 0, mae: 0, r2: 1, mape: 0 });
  });

  it("refuses arrays of different lengths or empty ones", () => {
    expect(() => rmse([1, 2], [1])).toThrow(/equally long/);
    expect(() => mae([], [])).toThrow(/non-empty/);
  });
});

describe("quantiles (type 7, numpy's default)", () => {
  it("interpolates between closest ranks", () => {
    const xs = [1, 2, 3, 4];
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 1)).toBe(4);
    expect(quantileSorted(xs, 0.5)).toBe(2.5);
    // h = 3 × 0.9 = 2.7 → 3 + 0.7 × (4 − 3)
    expect(quantileSorted(xs, 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted([7], 0.3)).toBe(7);
  });
});
