/**
 * `treeMethod: "hist"` node for node with XGBoost 1.7.4 `hist` on fixtures written by
 * test/fixtures/xgboost/hist.py: the imputed and scaled rows of two housing splits (405 training,
 * 101 test rows), five parameter sets at 256, 64, 32 and 16 bins. Up to 2,049 rows XGBoost's quantile
 * sketch is exact, and Domus prunes the same summary the same way (models/hist-grower.ts,
 * quantileCuts), so the cuts, hence the trees, are XGBoost's: split features, float32 split values
 * (cut values) and leaf values in pre-order, and the leaves reached by the test rows, added in
 * float32 as XGBoost's predictor does, equal its predictions bit for bit. (A leaf whose |G| ≤ α is
 * −0 here and +0 in XGBoost's dump; the sign of a zero leaf changes no prediction, so zeros compare
 * as zeros.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GradientBoostedTrees } from "../../models/gbdt.ts";
import { float32Nodes, preorder, xgboostSum } from "../helpers/xgboost-trees.ts";

interface Run {
  seed: number;
  params: { nEstimators: number; maxDepth: number; learningRate: number; minChildWeight: number; gamma: number; regAlpha: number; regLambda: number; maxBin: number };
  baseScore: number;
  nodes: number;
  trees: number[][][];
  predictions: number[];
}
interface Split {
  xTrain: number[][];
  yTrain: number[];
  xTest: number[][];
}

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/xgboost/${name}`, import.meta.url), "utf8")) as T;
const fixture = read<{ xgboost: string; runs: Run[] }>("hist.json");
const splits = new Map([1, 2].map((seed) => [seed, read<Split>(`housing-split-${seed}.json`)]));

describe("XGBoost 1.7.4 parity (tree_method hist, exact sketch: up to 2,049 rows)", () => {
  it("reads XGBoost 1.7.4's hist trees, with bin counts that make the sketch prune features of more distinct values", () => {
    expect(fixture.xgboost).toBe("1.7.4");
    expect(new Set(fixture.runs.map((r) => r.params.maxBin))).toEqual(new Set([256, 64, 32, 16]));
    // Housing features with more than 256 distinct training values exist (CRIM, RM, DIS, LSTAT …), so even at 256 bins cuts are pruned.
    const distinct = splits.get(1)!.xTrain[0]!.map((_, j) => new Set(splits.get(1)!.xTrain.map((r) => r[j])).size);
    expect(Math.max(...distinct)).toBeGreaterThan(256);
  });
  for (const run of fixture.runs) {
    const p = run.params;
    it(`split ${run.seed}, ${p.maxBin} bins, depth ${p.maxDepth}, ${p.nEstimators} trees, η ${p.learningRate}, γ ${p.gamma}, α ${p.regAlpha}, λ ${p.regLambda}, mcw ${p.minChildWeight}: XGBoost's trees and predictions`, { timeout: 120_000 }, () => {
      const split = splits.get(run.seed)!;
      const model = new GradientBoostedTrees({ ...p, treeMethod: "hist" }).fit(split.xTrain, split.yTrain);
      expect(model.baseScore).toBe(Math.fround(run.baseScore));
      expect(model.nTrees).toBe(run.trees.length);
      for (const [t, nodes] of run.trees.entries()) expect(preorder(model, model.trees.treeOffsets[t]!, false), `tree ${t}`).toEqual(float32Nodes(nodes));
      expect(model.trees.nNodes).toBe(run.nodes);
      expect(split.xTest.map((row) => xgboostSum(model, row))).toEqual(run.predictions.map((v) => Math.fround(v)));
    });
  }
});
