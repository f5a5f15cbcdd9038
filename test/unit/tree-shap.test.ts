import { describe, expect, it } from "vitest";
import { GradientBoostedTrees } from "../../models/gbdt.ts";
import { Random } from "../../models/random.ts";
import { RandomForestRegressor } from "../../models/random-forest.ts";
import type { TreeEnsemble } from "../../models/tree-ensemble.ts";

function randomData(n: number, p: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  // Rounded values so that features have ties and repeated split values, as real data does.
  const x = Array.from({ length: n }, () => Array.from({ length: p }, () => Math.round(rng.next() * 20) / 4));
  const y = x.map((r) => r.reduce((s, v, j) => s + Math.sin(v * (j + 1)) * (j + 1), 0) + (r[0]! > 2 ? r[1]! * r[2 % p]! : 0) + rng.next());
  return { x, y };
}

/**
 * v(S) = E[f(x) | x_S] under the path-dependent rule: at a split on a feature in S follow x,
 * otherwise average both children weighted by cover[child]/cover[node]. Summed over trees.
 */
function conditionalExpectation(trees: TreeEnsemble, x: readonly number[], inS: readonly boolean[]): number {
  const visit = (node: number): number => {
    const f = trees.feature[node]!;
    if (f < 0) return trees.value[node]!;
    const l = trees.left[node]!;
    const r = trees.right[node]!;
    // A float32 ensemble compares the float32 value with its split value, as XGBoost does.
    const value = trees.float32 ? Math.fround(x[f]!) : x[f]!;
    if (inS[f]) return visit(value < trees.threshold[node]! ? l : r);
    const w = trees.cover[node]!;
    return (trees.cover[l]! / w) * visit(l) + (trees.cover[r]! / w) * visit(r);
  };
  let total = 0;
  for (let t = 0; t < trees.nTrees; t++) total += visit(trees.treeOffsets[t]!);
  return total;
}

/** Shapley values from the definition: φ_i = Σ_{S ⊆ F∖{i}} |S|!(M−|S|−1)!/M! · (v(S ∪ {i}) − v(S)). */
function bruteForceShap(trees: TreeEnsemble, x: readonly number[], scale: number): number[] {
  const m = trees.nFeatures;
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const v = new Map<number, number>();
  for (let mask = 0; mask < 1 << m; mask++) {
    v.set(mask, scale * conditionalExpectation(trees, x, Array.from({ length: m }, (_, j) => (mask & (1 << j)) !== 0)));
  }
  const phi = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < m; j++) if (mask & (1 << j)) size++;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      phi[i] = phi[i]! + weight * (v.get(mask | (1 << i))! - v.get(mask)!);
    }
  }
  return phi;
}

function expectClose(actual: number, expected: number, relative = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

interface Model {
  trees: TreeEnsemble;
  baseValue: number;
  predictOne(row: ArrayLike<number>): number;
  shapValues(row: ArrayLike<number>): Float64Array;
}

/** Local accuracy: base value + Σ SHAP = the prediction = the leaves reached, summed. */
function checkLocalAccuracy(model: Model, row: readonly number[], shap: ArrayLike<number>, scale: number, offset: number): void {
  const allFeatures = new Array<boolean>(model.trees.nFeatures).fill(true);
  const exact = offset + scale * conditionalExpectation(model.trees, row, allFeatures);
  expectClose(model.baseValue + Array.from(shap).reduce((s, v) => s + v, 0), exact);
  expectClose(model.predictOne(row), exact);
}

function checkAgainstBruteForce(model: Model, rows: readonly number[][], scale: number, offset: number): void {
  const emptySet = new Array<boolean>(model.trees.nFeatures).fill(false);
  expectClose(model.baseValue, offset + scale * conditionalExpectation(model.trees, rows[0]!, emptySet));
  for (const row of rows) {
    const shap = model.shapValues(row);
    const expected = bruteForceShap(model.trees, row, scale);
    for (let j = 0; j < expected.length; j++) expectClose(shap[j]!, expected[j]!);
    checkLocalAccuracy(model, row, shap, scale, offset);
  }
}

describe("TreeSHAP", () => {
  it("matches brute-force Shapley values on depth-1 stumps", () => {
    const { x, y } = randomData(40, 4, 1);
    const model = new GradientBoostedTrees({ nEstimators: 6, maxDepth: 1, learningRate: 0.5 }).fit(x, y);
    expect(model.trees.maxDepth()).toBe(1);
    checkAgainstBruteForce(model, x.slice(0, 10), 1, model.baseScore);
  });

  it("gives a lone stump's split feature exactly leaf − expected value", () => {
    const model = new GradientBoostedTrees({ nEstimators: 1, maxDepth: 1, learningRate: 1, regLambda: 0 }).fit(
      [
        [0, 5],
        [1, 5],
        [2, 5],
      ],
      [0, 0, 3],
    );
    // Split x0 < 1.5: leaves −1 (2 rows) and +2 (1 row) around base 1; expected value (2·−1 + 1·2)/3 = 0.
    expect(model.baseValue).toBeCloseTo(1, 12);
    const shap = model.shapValues([2, 5]);
    expect(shap[0]).toBeCloseTo(2, 12);
    expect(shap[1]).toBe(0);
  });

  it("matches brute-force Shapley values on deep boosted trees with repeated features", () => {
    const { x, y } = randomData(80, 5, 2);
    const model = new GradientBoostedTrees({ nEstimators: 3, maxDepth: 6, learningRate: 0.3, regLambda: 0.5 }).fit(x, y);
    expect(model.trees.maxDepth()).toBeGreaterThanOrEqual(5);
    checkAgainstBruteForce(model, x.slice(0, 8).concat([[0, 5, 2.5, 1, 4]]), 1, model.baseScore);
  });

  it("matches brute-force Shapley values on a forest with bootstrap covers", () => {
    const { x, y } = randomData(60, 5, 3);
    const forest = new RandomForestRegressor({ nEstimators: 3, maxDepth: 5, maxFeatures: 0.6, seed: 4 }).fit(x, y);
    checkAgainstBruteForce(forest, x.slice(0, 6), 1 / 3, 0);
  });

  it("sums with the base value to the prediction on larger ensembles", () => {
    const { x, y } = randomData(200, 5, 5);
    const gbdt = new GradientBoostedTrees({ nEstimators: 60, maxDepth: 8, learningRate: 0.2, subsample: 0.8, colsampleByTree: 0.8, regAlpha: 0.3 }).fit(x, y);
    const forest = new RandomForestRegressor({ nEstimators: 20, seed: 1 }).fit(x, y);
    for (const [model, scale, offset] of [
      [gbdt, 1, gbdt.baseScore],
      [forest, 1 / forest.nTrees, 0],
    ] as const) {
      const flat = Float64Array.from(x.slice(0, 30).flat());
      const shapFlat = model.shapValuesFlat(flat, 30);
      for (let i = 0; i < 30; i++) {
        const row = x[i]!;
        const shap = model.shapValues(row);
        for (let j = 0; j < 5; j++) expect(shapFlat[i * 5 + j]).toBe(shap[j]);
        checkLocalAccuracy(model, row, shap, scale, offset);
      }
      const meanAbs = model.meanAbsShap(x.slice(0, 30));
      for (let j = 0; j < 5; j++) {
        let expected = 0;
        for (let i = 0; i < 30; i++) expected += Math.abs(shapFlat[i * 5 + j]!) / 30;
        expect(meanAbs[j]).toBeCloseTo(expected, 12);
      }
    }
  });
});
