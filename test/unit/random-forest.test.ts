import { describe, expect, it } from "vitest";
import { loadEstimator } from "../../models/estimators.ts";
import { Random } from "../../models/random.ts";
import { RandomForestRegressor, featuresPerSplit } from "../../models/random-forest.ts";
import type { TreeEnsemble } from "../../models/tree-ensemble.ts";

function synthetic(n: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: 4 }, () => rng.next() * 6 - 3));
  const y = x.map((r) => 3 * Math.sin(r[0]!) + r[1]! * r[1]! + 0.3 * rng.next());
  return { x, y };
}

interface Candidate {
  gain: number;
  feature: number;
  threshold: number;
}

/**
 * Textbook CART regression, written independently: every feature and every midpoint between
 * adjacent distinct values of the node's rows, with its decrease in squared error (halved, as
 * the XGBoost gain with λ = 0 is).
 */
function cartCandidates(x: number[][], y: number[], rows: number[]): Candidate[] {
  const total = rows.reduce((s, r) => s + y[r]!, 0);
  const out: Candidate[] = [];
  for (let f = 0; f < x[0]!.length; f++) {
    const sorted = rows.slice().sort((a, b) => x[a]![f]! - x[b]![f]!);
    let sumLeft = 0;
    for (let k = 1; k < sorted.length; k++) {
      sumLeft += y[sorted[k - 1]!]!;
      const lo = x[sorted[k - 1]!]![f]!;
      const hi = x[sorted[k]!]![f]!;
      if (hi === lo) continue;
      const gain = 0.5 * ((sumLeft * sumLeft) / k + ((total - sumLeft) * (total - sumLeft)) / (sorted.length - k) - (total * total) / sorted.length);
      out.push({ gain, feature: f, threshold: (lo + hi) / 2 });
    }
  }
  return out;
}

/**
 * Checks that tree `t` (the first of the forest) is the CART tree of (x, y): every split is one of
 * the best candidates of its node (up to rounding: different features can cut a small node into
 * the same two sets, with gains equal but for float noise), every leaf is a node with no useful
 * split left (or at the depth limit), and predicts its rows' mean.
 */
function expectCart(t: TreeEnsemble, x: number[][], y: number[], maxDepth: number): void {
  const visit = (node: number, rows: number[], depth: number): void => {
    const mean = rows.reduce((s, r) => s + y[r]!, 0) / rows.length;
    const spread = rows.reduce((s, r) => s + (y[r]! - mean) ** 2, 0);
    const best = Math.max(0, ...cartCandidates(x, y, rows).map((c) => c.gain));
    expect(t.cover[node]).toBe(rows.length);
    const f = t.feature[node]!;
    if (f < 0) {
      expect(t.value[node]).toBeCloseTo(mean, 10);
      if (depth < maxDepth) expect(best).toBeLessThanOrEqual(1e-9 * (1 + spread));
      return;
    }
    expect(depth).toBeLessThan(maxDepth);
    const mine = cartCandidates(x, y, rows).find((c) => c.feature === f && c.threshold === t.threshold[node]);
    expect(mine).toBeDefined();
    expect(mine!.gain).toBeGreaterThanOrEqual(best - 1e-9 * best);
    expect(t.gain[node]).toBeCloseTo(mine!.gain, 8);
    visit(t.left[node]!, rows.filter((r) => x[r]![f]! < t.threshold[node]!), depth + 1);
    visit(t.right[node]!, rows.filter((r) => x[r]![f]! >= t.threshold[node]!), depth + 1);
  };
  visit(0, x.map((_, i) => i), 0);
}

describe("RandomForestRegressor", () => {
  it("without bootstrap or feature sampling grows identical trees, each the plain CART tree", () => {
    const { x, y } = synthetic(120, 1);
    for (const maxDepth of [3, undefined]) {
      const forest = new RandomForestRegressor({ nEstimators: 4, bootstrap: false, maxFeatures: 1, maxDepth }).fit(x, y);
      const t = forest.trees;
      const size = t.treeOffsets[1]!;
      for (let k = 1; k < forest.nTrees; k++) {
        const off = t.treeOffsets[k]!;
        expect(t.treeOffsets[k + 1]! - off).toBe(size);
        expect(Array.from(t.feature.slice(off, off + size))).toEqual(Array.from(t.feature.slice(0, size)));
        expect(Array.from(t.threshold.slice(off, off + size))).toEqual(Array.from(t.threshold.slice(0, size)));
        expect(Array.from(t.value.slice(off, off + size))).toEqual(Array.from(t.value.slice(0, size)));
      }
      expectCart(t, x, y, maxDepth ?? Number.POSITIVE_INFINITY);
      // Fully grown on distinct rows, CART interpolates the training targets.
      if (maxDepth === undefined) x.forEach((row, i) => {
        expect(forest.predictOne(row)).toBeCloseTo(y[i]!, 10);
      });
    }
  });

  it("predicts within the range of the training targets and fits better than a constant", () => {
    const train = synthetic(300, 3);
    const test = synthetic(200, 4);
    const forest = new RandomForestRegressor({ nEstimators: 30, maxFeatures: "sqrt", seed: 2 }).fit(train.x, train.y);
    const lo = Math.min(...train.y);
    const hi = Math.max(...train.y);
    const tolerance = 1e-12 * (hi - lo); // leaf means are float sums divided by counts
    const pred = forest.predict(test.x.concat([[100, 100, 100, 100], [-100, 0, 0, -100]]));
    for (const p of pred) {
      expect(p).toBeGreaterThanOrEqual(lo - tolerance);
      expect(p).toBeLessThanOrEqual(hi + tolerance);
    }
    const mean = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    const sse = (f: (i: number) => number) => test.y.reduce((s, v, i) => s + (f(i) - v) ** 2, 0);
    expect(sse((i) => pred[i]!)).toBeLessThan(0.2 * sse(() => mean));
  });

  it("splits on the spread of y, not its offset", () => {
    const { x, y } = synthetic(80, 11);
    const small = y.map((v) => v * 1e-3);
    const shifted = y.map((v) => 1e6 + v * 1e-3);
    // Limited depth: the shifted targets keep only ~7 digits of their spread, enough for clear-cut splits.
    const a = new RandomForestRegressor({ nEstimators: 2, maxDepth: 4, bootstrap: false, maxFeatures: 0.5, seed: 1 }).fit(x, small);
    const b = new RandomForestRegressor({ nEstimators: 2, maxDepth: 4, bootstrap: false, maxFeatures: 0.5, seed: 1 }).fit(x, shifted);
    expect(a.trees.nNodes).toBeGreaterThan(40);
    // Same partitions of the (all in-bag) rows; a small node may be cut into the same sets on another feature.
    expect(b.trees.nNodes).toBe(a.trees.nNodes);
    for (const row of x) expect(b.predictOne(row) - 1e6).toBeCloseTo(a.predictOne(row), 7);
  });

  it("respects maxDepth and minSamplesLeaf", () => {
    const { x, y } = synthetic(150, 5);
    const forest = new RandomForestRegressor({ nEstimators: 5, maxDepth: 4, minSamplesLeaf: 5, seed: 1 }).fit(x, y);
    expect(forest.trees.maxDepth()).toBeLessThanOrEqual(4);
    for (let node = 0; node < forest.trees.nNodes; node++) expect(forest.trees.cover[node]).toBeGreaterThanOrEqual(5);
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const { x, y } = synthetic(100, 6);
    const fit = (seed: number) => JSON.stringify(new RandomForestRegressor({ nEstimators: 5, maxFeatures: 0.5, seed }).fit(x, y));
    expect(fit(7)).toBe(fit(7));
    expect(fit(7)).not.toBe(fit(8));
  });

  it("normalises mean-decrease-in-impurity importances and ranks the signal first", () => {
    const { x, y } = synthetic(200, 7);
    const importance = new RandomForestRegressor({ nEstimators: 20, seed: 3 }).fit(x, y).importance();
    expect(importance.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(Math.min(importance[0]!, importance[1]!)).toBeGreaterThan(Math.max(importance[2]!, importance[3]!));
  });

  it("has SHAP values that sum with the base value to the prediction", () => {
    const { x, y } = synthetic(100, 8);
    const forest = new RandomForestRegressor({ nEstimators: 10, seed: 4 }).fit(x, y);
    for (const row of x.slice(0, 10)) {
      const sum = forest.shapValues(row).reduce((s, v) => s + v, forest.baseValue);
      expect(Math.abs(sum - forest.predictOne(row))).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum)));
    }
  });

  it("predicts the same row by row and from flat arrays, and round-trips through JSON bit-identically", () => {
    const { x, y } = synthetic(120, 9);
    const forest = new RandomForestRegressor({ nEstimators: 15, maxDepth: 8, maxFeatures: 3, seed: 5 }).fit(x, y);
    const flat = forest.predictFlat(Float64Array.from(x.flat()), x.length);
    x.forEach((row, i) => {
      expect(flat[i]).toBe(forest.predictOne(row));
    });
    const loaded = RandomForestRegressor.load(JSON.parse(JSON.stringify(forest)));
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(forest));
    for (const row of [...x.slice(0, 20), [0, 0, 0, 0]]) {
      expect(loaded.predictOne(row)).toBe(forest.predictOne(row));
      expect(Array.from(loaded.shapValues(row))).toEqual(Array.from(forest.shapValues(row)));
    }
    expect(loadEstimator(forest.toJSON()).predictOne([1, 1, 1, 1])).toBe(forest.predictOne([1, 1, 1, 1]));
    const unlimited = new RandomForestRegressor({ nEstimators: 2 }).fit(x, y);
    expect(RandomForestRegressor.load(JSON.parse(JSON.stringify(unlimited))).options.maxDepth).toBeUndefined();
  });

  it("refuses foreign or corrupt JSON with a clear error", () => {
    const { x, y } = synthetic(40, 10);
    const good = JSON.parse(JSON.stringify(new RandomForestRegressor({ nEstimators: 2, maxDepth: 3 }).fit(x, y)));
    expect(() => RandomForestRegressor.load({ ...good, name: "GradientBoostedTrees" })).toThrow(/expected a RandomForestRegressor model/);
    expect(() => RandomForestRegressor.load({ ...good, formatVersion: 0 })).toThrow(/unsupported formatVersion 0/);
    expect(() => RandomForestRegressor.load({ ...good, options: { ...good.options, bootstrap: "yes" } })).toThrow(/bootstrap: expected a boolean/);
    expect(() => RandomForestRegressor.load({ ...good, options: { ...good.options, maxFeatures: "all" } })).toThrow(/maxFeatures/);
    expect(() => RandomForestRegressor.load({ ...good, options: { ...good.options, nEstimators: 3 } })).toThrow(/2 trees stored but nEstimators is 3/);
    expect(() => RandomForestRegressor.load({ ...good, nFeatures: 0 })).toThrow(/nFeatures/);
    expect(() => RandomForestRegressor.load({ ...good, trees: { ...good.trees, right: good.trees.right.map(() => -1) } })).toThrow(/leaf|outside its tree/);
    expect(() => RandomForestRegressor.load({ ...good, trees: "none" })).toThrow(/trees: expected a JSON object/);
  });

  it("validates options, naming the offender", () => {
    expect(() => new RandomForestRegressor({ nEstimators: 0 })).toThrow(/nEstimators must be/);
    expect(() => new RandomForestRegressor({ maxDepth: 0 })).toThrow(/maxDepth must be/);
    expect(() => new RandomForestRegressor({ minSamplesLeaf: 0.5 })).toThrow(/minSamplesLeaf must be/);
    expect(() => new RandomForestRegressor({ maxFeatures: 0 })).toThrow(/maxFeatures must be/);
    expect(() => new RandomForestRegressor({ maxFeatures: 2.5 })).toThrow(/maxFeatures must be/);
    expect(() => new RandomForestRegressor({ seed: -0.5 })).toThrow(/seed must be/);
    // scikit-learn's counting: fractions floor (at least 1), counts cap at the feature count.
    expect([featuresPerSplit(1, 13), featuresPerSplit(0.5, 13), featuresPerSplit("sqrt", 13), featuresPerSplit("log2", 13), featuresPerSplit(20, 13), featuresPerSplit(0.01, 13)]).toEqual([
      13, 6, 3, 3, 13, 1,
    ]);
  });
});
