import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadEstimator } from "../../models/estimators.ts";
import { GradientBoostedTrees } from "../../models/gbdt.ts";
import { Random } from "../../models/random.ts";
import { ModelFormatError } from "../../models/serialization.ts";

/** y = 3·sin(x0) + x1² + noise, with two pure-noise features. */
function synthetic(n: number, seed: number, noise = 0.3): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: 4 }, () => rng.next() * 6 - 3));
  const y = x.map((r) => 3 * Math.sin(r[0]!) + r[1]! * r[1]! + noise * (rng.next() + rng.next() + rng.next() - 1.5) * 2);
  return { x, y };
}

function rmse(pred: ArrayLike<number>, y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pred[i]! - y[i]!) ** 2;
  return Math.sqrt(s / y.length);
}

// The XGBoost formulas, written out independently of the implementation.
const T = (g: number, alpha: number) => Math.sign(g) * Math.max(Math.abs(g) - alpha, 0);
const nodeScore = (g: number, h: number, lambda: number, alpha: number) => T(g, alpha) ** 2 / (h + lambda);

describe("GradientBoostedTrees", () => {
  it("chooses the split, gain and leaf weights of a hand-worked example (λ, α, γ ≠ 0)", () => {
    // x = 1..4, y = [1, 2, 6, 9]: base score 4.5, gradients g = base − y = [3.5, 2.5, −1.5, −4.5], h = 1, G = 0.
    const x = [[4], [1], [3], [2]]; // shuffled rows: the split must not depend on row order
    const y = [9, 1, 6, 2];
    const [lambda, alpha, gamma, eta] = [1, 0.5, 0.25, 0.5];
    const model = new GradientBoostedTrees({ nEstimators: 1, maxDepth: 1, learningRate: eta, regLambda: lambda, regAlpha: alpha, gamma }).fit(x, y);
    expect(model.baseScore).toBe(4.5);

    // Candidates at the midpoints 1.5, 2.5, 3.5 (G_L, H_L): (3.5, 1), (6, 2), (4.5, 3); T(G = 0) = 0.
    // XGBoost's loss change is the unhalved Δ = score(L) + score(R) − score(parent); γ does not enter it.
    const lossChange = (gl: number, hl: number) => nodeScore(gl, hl, lambda, alpha) + nodeScore(-gl, 4 - hl, lambda, alpha) - 0;
    const changes = [lossChange(3.5, 1), lossChange(6, 2), lossChange(4.5, 3)];
    // By hand: 2 × 5.5²/3 = 20.1667 at 2.5 beats 3²/2 + 3²/4 = 6.75 at 1.5 and 4²/4 + 4²/2 = 12 at 3.5.
    expect(changes[0]).toBeCloseTo(6.75, 12);
    expect(changes[1]).toBeCloseTo(60.5 / 3, 12);
    expect(changes[2]).toBeCloseTo(12, 12);

    const t = model.trees;
    expect(t.nNodes).toBe(3);
    expect(t.feature[0]).toBe(0);
    expect(t.threshold[0]).toBe(2.5);
    // Computed in float32 as XGBoost does: float32(5.5²) / float32(3), twice, added in float32.
    const side = Math.fround(30.25 / 3);
    expect(t.gain[0]).toBe(Math.fround(side + side));
    expect(t.gain[0]).toBeCloseTo(changes[1]!, 5);
    // Leaf weights −T(G)/(H+λ)·η in float32: left G = 6 → −(5.5/3)·0.5; right G = −6 → +(5.5/3)·0.5.
    const left = t.left[0]!;
    const right = t.right[0]!;
    expect(t.value[left]).toBe(Math.fround(Math.fround(-5.5 / 3) * 0.5));
    expect(t.value[right]).toBe(Math.fround(Math.fround(5.5 / 3) * 0.5));
    expect([t.cover[0], t.cover[left], t.cover[right]]).toEqual([4, 2, 2]);
    expect(model.predictOne([1])).toBe(4.5 + t.value[left]!);
    expect(model.predictOne([1])).toBeCloseTo(4.5 - 5.5 / 6, 6);
    expect(model.predictOne([2.4999])).toBe(model.predictOne([1]));
    expect(model.predictOne([2.5])).toBeCloseTo(4.5 + 5.5 / 6, 6);
  });

  it("follows the hand computation over two boosting rounds of stumps", () => {
    // No penalties (λ = α = γ = 0), η = 0.5; base score 4.5, round-1 gradients [3.5, 2.5, −1.5, −4.5] as above.
    const x = [[1], [2], [3], [4]];
    const y = [1, 2, 6, 9];
    const model = new GradientBoostedTrees({ nEstimators: 2, maxDepth: 1, learningRate: 0.5, regLambda: 0 }).fit(x, y);
    // Round 1: G_L = 3.5 + 2.5 = 6 (H 2) → w = −3 → −1.5 stored; right +1.5. Predictions [3, 3, 6, 6].
    // Round 2 residual gradients g = [2, 1, 0, −3]: splits at 1.5: 2²/1 + (−2)²/3 = 5.33; 2.5: 3²/2 + 3²/2 = 9; 3.5: 3²/3 + 3²/1 = 12 → 3.5.
    const t = model.trees;
    expect(t.nTrees).toBe(2);
    expect(t.threshold[t.treeOffsets[1]!]).toBe(3.5);
    // Leaves of round 2: left G = 3, H = 3 → −1·0.5; right G = −3, H = 1 → +3·0.5.
    expect(Array.from(model.predict(x))).toEqual([2.5, 2.5, 5.5, 7.5]);
  });

  it("refuses splits below minChildWeight, and prunes bottom-up the splits whose loss change is below γ", () => {
    const x = [[1], [2], [3], [4]];
    const y = [1, 2, 6, 9];
    expect(new GradientBoostedTrees({ nEstimators: 1, minChildWeight: 3 }).fit(x, y).trees.nNodes).toBe(1);
    // Best split (λ = 1, α = 0) at 2.5: G_L = 6, H_L = 2, so Δ = 6²/3 + 6²/3 = 24; neither child can split (Δ < 0).
    expect(new GradientBoostedTrees({ nEstimators: 1 }).fit(x, y).trees.gain[0]).toBe(24);
    expect(new GradientBoostedTrees({ nEstimators: 1, gamma: 24.5 }).fit(x, y).trees.nNodes).toBe(1);
    expect(new GradientBoostedTrees({ nEstimators: 1, gamma: 23.5 }).fit(x, y).trees.nNodes).toBe(3);

    // XOR-like targets: the root split changes the loss little, its children's splits a lot. XGBoost's
    // pruner keeps a weak split whose children stay split; only once they go does γ reach it.
    const xor = [[0, 0], [0, 1], [1, 0], [1, 1], [0, 0], [0, 1], [1, 0], [1, 1], [1, 1]];
    const yXor = [0, 10, 10, 0, 0, 10, 10, 0, 1];
    const full = new GradientBoostedTrees({ nEstimators: 1, maxDepth: 2, regLambda: 0 }).fit(xor, yXor).trees;
    expect(full.nNodes).toBe(7);
    const rootGain = full.gain[0]!;
    const childGains = [full.gain[full.left[0]!]!, full.gain[full.right[0]!]!];
    expect(rootGain).toBeLessThan(Math.min(...childGains));
    const between = (rootGain + Math.min(...childGains)) / 2;
    expect(new GradientBoostedTrees({ nEstimators: 1, maxDepth: 2, regLambda: 0, gamma: between }).fit(xor, yXor).trees.nNodes).toBe(7);
    const above = Math.max(...childGains) + 1;
    expect(new GradientBoostedTrees({ nEstimators: 1, maxDepth: 2, regLambda: 0, gamma: above }).fit(xor, yXor).trees.nNodes).toBe(1);
    // γ between the children's loss changes (100 and 112.13 here) prunes one child's split only: the root stays.
    expect(childGains[0]).not.toBe(childGains[1]);
    const mid = (childGains[0]! + childGains[1]!) / 2;
    expect(new GradientBoostedTrees({ nEstimators: 1, maxDepth: 2, regLambda: 0, gamma: mid }).fit(xor, yXor).trees.nNodes).toBe(5);
  });

  it("breaks ties between equal loss changes as XGBoost does: the lower feature index wins", () => {
    // Issue 13's repro: x0 < 3.5 and x1 < 3.5 separate the same rows' gradients with the same float32 Δ.
    const x = [[1, 3], [2, 1], [3, 2], [4, 6], [5, 5], [6, 4]];
    const y = [0.9154463390170511, 0.7436308926780342, 0.971815446339017, 3.1, 4.031193580742227, 4.35937813440321];
    const model = new GradientBoostedTrees({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(x, y);
    expect(model.trees.feature[0]).toBe(0);
    expect(model.trees.threshold[0]).toBe(3.5);
    // Swapping the columns swaps the roles: still the lower index.
    const swapped = new GradientBoostedTrees({ nEstimators: 1, maxDepth: 1, learningRate: 1 }).fit(x.map(([a, b]) => [b!, a!]), y);
    expect(swapped.trees.feature[0]).toBe(0);
  });

  it("splits only on a loss change above XGBoost's absolute 1e-6", () => {
    // Gradients ±1e-4 around a base score: Δ is about 1e-8, far below 1e-6, so the tree stays a stump.
    const x = [[1], [2], [3], [4]];
    const tiny = new GradientBoostedTrees({ nEstimators: 1 }).fit(x, [1, 1.0001, 1, 1.0001]);
    expect(tiny.trees.nNodes).toBe(1);
    const clear = new GradientBoostedTrees({ nEstimators: 1 }).fit(x, [1, 1.1, 1, 1.1]);
    expect(clear.trees.nNodes).toBeGreaterThan(1);
  });

  it("lowers the training RMSE with more trees and beats a constant on held-out data", () => {
    const train = synthetic(300, 1);
    const test = synthetic(200, 2);
    const errors = [1, 10, 50, 200].map((n) => rmse(new GradientBoostedTrees({ nEstimators: n, maxDepth: 4, learningRate: 0.1 }).fit(train.x, train.y).predict(train.x), train.y));
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]!);

    const model = new GradientBoostedTrees({ nEstimators: 200, maxDepth: 3, learningRate: 0.1 }).fit(train.x, train.y);
    const constant = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    const constantRmse = rmse(new Array<number>(test.y.length).fill(constant), test.y);
    const modelRmse = rmse(model.predict(test.x), test.y);
    expect(modelRmse).toBeLessThan(0.3 * constantRmse);
  });

  it("stops early at the best validation round and keeps only the trees up to it", () => {
    const train = synthetic(200, 3, 1.5);
    const valid = synthetic(100, 4, 1.5);
    const options = { nEstimators: 400, maxDepth: 6, learningRate: 0.3, earlyStoppingRounds: 10 };
    const model = new GradientBoostedTrees(options).fit(train.x, train.y, { validation: valid });
    const history = model.evalHistory;
    const best = history.indexOf(Math.min(...history));
    expect(history.length).toBeLessThan(400);
    expect(model.bestIteration).toBe(best);
    expect(model.nTrees).toBe(best + 1);
    expect(history.length).toBe(best + 1 + 10);
    expect(rmse(model.predict(valid.x), valid.y)).toBeCloseTo(history[best]!, 10);
    // The same as fitting exactly that many rounds.
    const direct = new GradientBoostedTrees({ nEstimators: best + 1, maxDepth: 6, learningRate: 0.3 }).fit(train.x, train.y);
    expect(Array.from(model.predict(valid.x))).toEqual(Array.from(direct.predict(valid.x)));
    expect(() => new GradientBoostedTrees(options).fit(train.x, train.y)).toThrow(/earlyStoppingRounds needs/);
  });

  it("is deterministic for a seed and varies across seeds when subsampling", () => {
    const { x, y } = synthetic(150, 5);
    const fit = (seed: number) => JSON.stringify(new GradientBoostedTrees({ nEstimators: 20, subsample: 0.7, colsampleByTree: 0.5, seed }).fit(x, y));
    expect(fit(1)).toBe(fit(1));
    expect(fit(1)).not.toBe(fit(2));
    // Without sampling the seed is irrelevant.
    const full = (seed: number) => new GradientBoostedTrees({ nEstimators: 5, seed }).fit(x, y).toJSON().trees;
    expect(full(1)).toEqual(full(2));
  });

  it("uses only the sampled features of each tree", () => {
    const { x, y } = synthetic(100, 6);
    const model = new GradientBoostedTrees({ nEstimators: 30, maxDepth: 3, colsampleByTree: 0.25, seed: 3 }).fit(x, y);
    for (let t = 0; t < model.nTrees; t++) {
      const used = new Set<number>();
      for (let node = model.trees.treeOffsets[t]!; node < model.trees.treeOffsets[t + 1]!; node++) if (model.trees.feature[node]! >= 0) used.add(model.trees.feature[node]!);
      expect(used.size).toBeLessThanOrEqual(1); // round(0.25 × 4) = 1 feature per tree
    }
  });

  it("reports XGBoost's importances", () => {
    const { x, y } = synthetic(200, 7);
    const model = new GradientBoostedTrees({ nEstimators: 30, maxDepth: 3 }).fit(x, y);
    const t = model.trees;
    const weight = model.importance("weight");
    const totalGain = model.importance("total_gain");
    const totalCover = model.importance("total_cover");
    let splits = 0;
    for (let node = 0; node < t.nNodes; node++) if (t.feature[node]! >= 0) splits++;
    expect(weight.reduce((s, v) => s + v, 0)).toBe(splits);
    for (let j = 0; j < 4; j++) {
      expect(model.importance("gain")[j]).toBeCloseTo(weight[j]! > 0 ? totalGain[j]! / weight[j]! : 0, 12);
      expect(model.importance("cover")[j]).toBeCloseTo(weight[j]! > 0 ? totalCover[j]! / weight[j]! : 0, 12);
    }
    // x0 and x1 carry the signal; x2 and x3 are noise.
    expect(Math.min(totalGain[0]!, totalGain[1]!)).toBeGreaterThan(Math.max(totalGain[2]!, totalGain[3]!));
  });

  it("predicts the same one row at a time, in batches and from flat arrays", () => {
    const { x, y } = synthetic(120, 8);
    const model = new GradientBoostedTrees({ nEstimators: 25, maxDepth: 5 }).fit(x, y);
    const flat = model.predictFlat(Float64Array.from(x.flat()), x.length);
    const batch = model.predict(x);
    x.forEach((row, i) => {
      expect(flat[i]).toBe(model.predictOne(row));
      expect(batch[i]).toBe(flat[i]);
    });
    const out = new Float64Array(x.length + 3);
    expect(model.predictFlat(Float64Array.from(x.flat()), x.length, out)).toBe(out);
    expect(() => model.predictFlat(new Float64Array(5), 2)).toThrow(RangeError);
  });

  it("round-trips through JSON bit-identically", () => {
    const train = synthetic(150, 9);
    const valid = synthetic(50, 10);
    const model = new GradientBoostedTrees({ nEstimators: 40, maxDepth: 5, subsample: 0.8, regAlpha: 0.2, earlyStoppingRounds: 5 }).fit(train.x, train.y, { validation: valid });
    const loaded = GradientBoostedTrees.load(JSON.parse(JSON.stringify(model)));
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(model));
    for (const row of [...valid.x.slice(0, 20), [0, 0, 0, 0], [9, -9, 1e6, -1e-9]]) {
      expect(loaded.predictOne(row)).toBe(model.predictOne(row));
      expect(Array.from(loaded.shapValues(row))).toEqual(Array.from(model.shapValues(row)));
    }
    expect(loaded.baseValue).toBe(model.baseValue);
    expect(loaded.bestIteration).toBe(model.bestIteration);
    expect(loadEstimator(model.toJSON()).predictOne([1, 2, 3, 4])).toBe(model.predictOne([1, 2, 3, 4]));
  });

  it("loads a format-1 model (float64 trees, gains ½Δ − γ) and predicts exactly as it did", () => {
    // Written by the models before the float32 rule (commit fa33106): the model, rows, and what it answered.
    const old = JSON.parse(readFileSync(new URL("../fixtures/gbdt-format-1.json", import.meta.url), "utf8"));
    const model = GradientBoostedTrees.load(old.model);
    expect(model.formatVersion).toBe(1);
    expect(model.trees.float32).toBe(false);
    old.rows.forEach((row: number[], i: number) => {
      expect(model.predictOne(row)).toBe(old.predictions[i]);
      expect(Array.from(model.shapValues(row))).toEqual(old.shap[i]);
    });
    expect(Array.from(model.predictFlat(Float64Array.from(old.rows.flat()), old.rows.length))).toEqual(old.predictions);
    expect(model.baseValue).toBe(old.baseValue);
    expect(JSON.stringify(model)).toBe(JSON.stringify(old.model));
    // Importance now means XGBoost's Δ: the old ½Δ − γ per split, doubled back.
    const gamma = old.model.options.gamma;
    const totalGain = model.importance("total_gain");
    old.totalGain.forEach((g: number, j: number) => {
      expect(totalGain[j]).toBeCloseTo(2 * (g + old.weight[j] * gamma), 10);
    });
    expect(loadEstimator(old.model).predictOne(old.rows[0])).toBe(old.predictions[0]);
  });

  it("refuses foreign or corrupt JSON with a clear error", () => {
    const { x, y } = synthetic(60, 11);
    const good = JSON.parse(JSON.stringify(new GradientBoostedTrees({ nEstimators: 3, maxDepth: 2 }).fit(x, y)));
    const withTrees = (patch: Record<string, unknown>) => ({ ...good, trees: { ...good.trees, ...patch } });
    const edit = (key: string, index: number, value: number) => {
      const arr = good.trees[key].slice();
      arr[index] = value;
      return withTrees({ [key]: arr });
    };
    const firstSplit = (good.trees.feature as number[]).findIndex((f) => f >= 0);
    expect(() => GradientBoostedTrees.load({ ...good, name: "Ridge" })).toThrow(/expected a GradientBoostedTrees model, got "Ridge"/);
    expect(() => GradientBoostedTrees.load({ ...good, formatVersion: 5 })).toThrow(/unsupported formatVersion 5 \(this Domus reads 1, 2, 3, 4\)/);
    const { defaultLeft: _d, ...withoutDefaults } = good.trees;
    expect(() => GradientBoostedTrees.load({ ...good, trees: withoutDefaults })).toThrow(/trees.defaultLeft: expected an array of 0 and 1/);
    expect(() => GradientBoostedTrees.load(edit("defaultLeft", firstSplit, 2))).toThrow(/defaultLeft\[\d+\]: 2 is not 0 or 1/);
    expect(() => GradientBoostedTrees.load(edit("defaultLeft", (good.trees.feature as number[]).indexOf(-1), 1))).toThrow(/leaf \d+ has a default direction/);
    expect(() => GradientBoostedTrees.load(edit("threshold", firstSplit, 0.1))).toThrow(/threshold\[\d+\]: 0.1 is not a float32 value/);
    expect(() => GradientBoostedTrees.load({ ...good, baseScore: 0.1 })).toThrow(/baseScore: 0.1 is not a float32 value/);
    expect(() => GradientBoostedTrees.load(null)).toThrow(/expected a JSON object/);
    expect(() => GradientBoostedTrees.load({ ...good, options: { ...good.options, learningRate: 0 } })).toThrow(/options: .*learningRate must be/);
    expect(() => GradientBoostedTrees.load({ ...good, baseScore: "4" })).toThrow(/baseScore: expected a finite number/);
    expect(() => GradientBoostedTrees.load({ ...good, bestIteration: 7 })).toThrow(/bestIteration/);
    expect(() => GradientBoostedTrees.load(withTrees({ value: good.trees.value.slice(1) }))).toThrow(/trees.value: expected \d+ values/);
    expect(() => GradientBoostedTrees.load(edit("feature", firstSplit, 4))).toThrow(/not a feature index/);
    expect(() => GradientBoostedTrees.load(edit("feature", firstSplit, 0.5))).toThrow(/expected integers/);
    expect(() => GradientBoostedTrees.load(edit("left", firstSplit, 10_000))).toThrow(/outside its tree/);
    expect(() => GradientBoostedTrees.load(edit("left", firstSplit, firstSplit))).toThrow(/outside its tree/);
    expect(() => GradientBoostedTrees.load(edit("cover", 0, 0))).toThrow(/cover\[0\]: must be > 0/);
    expect(() => GradientBoostedTrees.load(withTrees({ treeOffsets: [0, 5] }))).toThrow(/treeOffsets/);
    expect(() => GradientBoostedTrees.load(withTrees({ threshold: good.trees.threshold.map(() => null) }))).toThrow(ModelFormatError);
    expect(() => loadEstimator({ ...good, name: "XGBoost" })).toThrow(/unknown estimator "XGBoost"/);
  });

  it("validates options and inputs, naming the offender", () => {
    expect(() => new GradientBoostedTrees({ nEstimators: 0 })).toThrow(/nEstimators must be/);
    expect(() => new GradientBoostedTrees({ maxDepth: 1.5 })).toThrow(/maxDepth must be/);
    expect(() => new GradientBoostedTrees({ learningRate: 1.5 })).toThrow(/learningRate must be/);
    expect(() => new GradientBoostedTrees({ regLambda: -1 })).toThrow(/regLambda must be/);
    expect(() => new GradientBoostedTrees({ regAlpha: Number.NaN })).toThrow(/regAlpha must be/);
    expect(() => new GradientBoostedTrees({ gamma: -0.1 })).toThrow(/gamma must be/);
    expect(() => new GradientBoostedTrees({ minChildWeight: -1 })).toThrow(/minChildWeight must be/);
    expect(() => new GradientBoostedTrees({ subsample: 0 })).toThrow(/subsample must be/);
    expect(() => new GradientBoostedTrees({ colsampleByTree: 1.2 })).toThrow(/colsampleByTree must be/);
    expect(() => new GradientBoostedTrees({ seed: 0.5 })).toThrow(/seed must be/);
    expect(() => new GradientBoostedTrees({ earlyStoppingRounds: 0 })).toThrow(/earlyStoppingRounds must be/);
    expect(() => new GradientBoostedTrees().fit([[1], [Number.POSITIVE_INFINITY]], [1, 2])).toThrow(/x\[1\]\[0\] is Infinity; a value must be a finite number or NaN \(missing\)/);
    expect(() => new GradientBoostedTrees().fit([[1], [2]], [1])).toThrow(/as many targets/);
    expect(() => new GradientBoostedTrees().fit([[1], [2, 3]], [1, 2])).toThrow(/row 1 has 2 features/);
    expect(() => new GradientBoostedTrees().fit([[1], [2]], [1, 2], { validation: { x: [[Number.NEGATIVE_INFINITY]], y: [1] } })).toThrow(/validation row 0 has a value that is neither a finite number nor NaN/);
    expect(() => new GradientBoostedTrees().fit([[1], [2]], [1, 2], { validation: { x: [[1, 2]], y: [1] } })).toThrow(/validation row 0 has 2 features/);
  });
});
