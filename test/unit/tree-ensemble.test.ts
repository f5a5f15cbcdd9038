/**
 * Batch and single-row inference (`addFlat`, `sum`) walk a derived traversal layout; these tests
 * hold them to a plain walk of the stored trees, bit for bit: the same leaves, added in the same
 * order (base score first, then the trees in order), NaN by each split's default direction (right
 * in trees without default directions).
 */
import { describe, expect, it } from "vitest";
import { GradientBoostedTrees } from "../../models/gbdt.ts";
import { Random } from "../../models/random.ts";
import { RandomForestRegressor } from "../../models/random-forest.ts";
import { TreeEnsemble, type Tree } from "../../models/tree-ensemble.ts";

/**
 * Σ of the leaves `row` reaches, starting from `init`, walking the stored arrays: x < threshold goes
 * left (as float32 in a float32 ensemble), NaN the split's default direction (right without one),
 * anything else right.
 */
function referenceSum(trees: TreeEnsemble, row: readonly number[], init: number): number {
  let out = init;
  for (let t = 0; t < trees.nTrees; t++) {
    let node = trees.treeOffsets[t]!;
    while (trees.feature[node]! >= 0) {
      const v = row[trees.feature[node]!]!;
      const goLeft = Number.isNaN(v) ? trees.defaultLeft?.[node] === 1 : (trees.float32 ? Math.fround(v) : v) < trees.threshold[node]!;
      node = goLeft ? trees.left[node]! : trees.right[node]!;
    }
    out += trees.value[node]!;
  }
  return out;
}

/**
 * Random rows, then for every split one row with the split feature exactly at the threshold, one
 * at the float64 bound it is compared with, and one NaN; plus rows with NaN in random places. An
 * odd count, so that the batch's last rows go one at a time.
 */
function probeRows(trees: TreeEnsemble, seed: number): number[][] {
  const rng = new Random(seed);
  const p = trees.nFeatures;
  const random = () => Array.from({ length: p }, () => rng.next() * 6 - 3);
  const rows = Array.from({ length: 101 }, random);
  for (let node = 0; node < trees.nNodes; node++) {
    const f = trees.feature[node]!;
    if (f < 0) continue;
    for (const v of [trees.threshold[node]!, trees.bound[node]!, Number.NaN]) {
      const row = random();
      row[f] = v;
      rows.push(row);
    }
  }
  for (let i = 0; i < 50; i++) rows.push(random().map((v) => (rng.next() < 0.3 ? Number.NaN : v)));
  return rows.length % 4 === 0 ? rows.slice(1) : rows;
}

/** Exact equality, value by value (Object.is: −0 ≠ 0, NaN = NaN). */
function expectIdentical(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const differing = expected.flatMap((v, i) => (Object.is(actual[i], v) ? [] : [{ row: i, actual: actual[i], expected: v }]));
  expect(differing).toEqual([]);
}

function training(n: number, seed: number): { x: number[][]; y: number[] } {
  const rng = new Random(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: 5 }, () => rng.next() * 6 - 3));
  const y = x.map((r) => 3 * Math.sin(r[0]!) + r[1]! * r[2]! + 0.5 * rng.next());
  return { x, y };
}

describe("TreeEnsemble inference", () => {
  const { x, y } = training(300, 3);

  it("reproduces a plain walk of a boosted model's float32 trees exactly, in batch and row by row", () => {
    // 23 trees: not a multiple of the four trees `sum` walks at once; γ prunes some trees shallower.
    const model = new GradientBoostedTrees({ nEstimators: 23, maxDepth: 5, gamma: 0.5, learningRate: 0.3 }).fit(x, y);
    const rows = probeRows(model.trees, 5);
    const expected = rows.map((r) => referenceSum(model.trees, r, model.baseScore));
    expectIdentical(model.predictFlat(Float64Array.from(rows.flat()), rows.length), expected);
    expectIdentical(model.predict(rows), expected);
    expectIdentical(rows.map((r) => model.predictOne(Float64Array.from(r))), expected);
  });

  it("reproduces a plain walk of a random forest's deep float64 trees exactly, in batch and row by row", () => {
    const model = new RandomForestRegressor({ nEstimators: 10, maxFeatures: 0.6, seed: 2 }).fit(x, y);
    const rows = probeRows(model.trees, 6);
    const expected = rows.map((r) => referenceSum(model.trees, r, 0) / model.nTrees);
    expectIdentical(model.predictFlat(Float64Array.from(rows.flat()), rows.length), expected);
    expectIdentical(model.predict(rows), expected);
  });

  it("walks a lone leaf, a stump and an unbalanced tree of different depths side by side", () => {
    const tree = (feature: number[], threshold: number[], left: number[], right: number[], value: number[]): Tree => ({
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
      cover: new Float64Array(feature.length).fill(1),
      gain: new Float64Array(feature.length),
    });
    const leaf = tree([-1], [0], [-1], [-1], [0.25]);
    const stump = tree([1, -1, -1], [0.5, 0, 0], [1, -1, -1], [2, -1, -1], [0, -1, 1]);
    // Root → right child splits again → its left child splits again: depth 3 on one side only.
    const chain = tree([0, -1, 1, 0, -1, -1, -1], [0, 0, 1, -1, 0, 0, 0], [1, -1, 3, 5, -1, -1, -1], [2, -1, 4, 6, -1, -1, -1], [0, 10, 0, 0, 20, 30, 40]);
    // Five trees: one group of four walked together, then one alone.
    const trees = TreeEnsemble.fromTrees([leaf, chain, stump, leaf, chain], 2, false);
    const values = [-2, -1, -0.5, 0, 0.5, 1, 2, Number.NaN];
    const rows = values.flatMap((a) => values.map((b) => [a, b]));
    const expected = rows.map((r) => referenceSum(trees, r, 1));
    const out = new Float64Array(rows.length).fill(1);
    trees.addFlat(Float64Array.from(rows.flat()), rows.length, out);
    expectIdentical(out, expected);
    expectIdentical(rows.map((r) => trees.sum(r, 1)), expected);
  });
});
