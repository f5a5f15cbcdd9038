/**
 * Parity with XGBoost 1.7.4 (`tree_method="exact"`, squared error) on fixtures written by
 * test/fixtures/xgboost/generate.py: 12 parameter sets (depth 2–8, γ 0–1, α, λ, min_child_weight,
 * learning rates 0.02–1, up to 400 trees) on two seeded 405/101 splits of the housing data, plus the
 * equal-gain tie of issue 13, a tie between two thresholds, and a test value at a float32 split midpoint.
 *
 * Tolerances are relative to the target's scale (float32 rounding grows with it): the acceptance
 * bar is 2e-6 × max |y| for predictions and SHAP values (1e-4 on the housing targets, max 50) and a
 * relative 1e-4 for gain importance. The trees are XGBoost's exactly: the node counts match, and the leaves reached,
 * accumulated in float32 from the float32 base score as XGBoost's predictor does, reproduce its
 * outputs bit for bit (asserted). Served predictions sum the same float32 leaves in float64, so
 * that SHAP values add up exactly to them (the API's contract); they differ from XGBoost's
 * float32 sums by its accumulated rounding, at most 6.1e-5 here (400 trees; 1.2e-6 of max |y|). SHAP values and
 * total_gain differ because XGBoost computes TreeSHAP and sums importances in float32: at most
 * 2e-5 (4e-7 of max |y|) and a relative 1.2e-5 here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GradientBoostedTrees, type GradientBoostedTreesOptions } from "../../models/gbdt.ts";
import { xgboostSum } from "../helpers/xgboost-trees.ts";
import { float32Bound } from "../../models/tree-ensemble.ts";

interface Run {
  params: GradientBoostedTreesOptions;
  baseScore: number;
  nodes: number;
  predictions: number[];
  totalGain: number[];
  /** pred_contribs: one SHAP value per feature, then the bias (base value). */
  contribs: number[][];
}

interface Fixture {
  xgboost: string;
  xTrain: number[][];
  yTrain: number[];
  xTest: number[][];
}

function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/xgboost/${name}`, import.meta.url), "utf8")) as T;
}

/** Fits our model with the run's parameters (no sampling) on the fixture's training rows. */
function fit(fixture: Fixture, run: Run): GradientBoostedTrees {
  return new GradientBoostedTrees({ ...run.params, subsample: 1, colsampleByTree: 1, seed: 0 }).fit(fixture.xTrain, fixture.yTrain);
}

/** The fixtures store XGBoost's float32 outputs as their shortest decimals; Math.fround restores them exactly. */
const float32 = (values: readonly number[]) => values.map((v) => Math.fround(v));

describe("XGBoost 1.7.4 parity (tree_method exact)", () => {
  for (const seed of [1, 2]) {
    const split = readFixture<Fixture & { runs: Run[] }>(`housing-split-${seed}.json`);
    describe(`housing split ${seed}`, () => {
      it("uses XGBoost 1.7.4's outputs on 405 training and 101 test rows", () => {
        expect(split.xgboost).toBe("1.7.4");
        expect([split.xTrain.length, split.xTest.length, split.xTrain[0]!.length]).toEqual([405, 101, 13]);
        expect(split.runs.length).toBeGreaterThanOrEqual(10);
      });
      for (const run of split.runs) {
        const p = run.params;
        const label = `depth ${p.maxDepth}, ${p.nEstimators} trees, η ${p.learningRate}, γ ${p.gamma}, α ${p.regAlpha}, λ ${p.regLambda}, mcw ${p.minChildWeight}`;
        it(`${label}: the same trees, predictions, gain importance and SHAP values`, { timeout: 120_000 }, () => {
          const model = fit(split, run);
          const bound = 2e-6 * Math.max(...split.yTrain.map(Math.abs));
          expect(model.baseScore).toBe(Math.fround(run.baseScore));
          expect(model.trees.nNodes).toBe(run.nodes);

          const flat = Float64Array.from(split.xTest.flat());
          expect(split.xTest.map((row) => xgboostSum(model, row))).toEqual(float32(run.predictions));
          const predictions = model.predictFlat(flat, split.xTest.length);
          run.predictions.forEach((expected, i) => {
            expect(Math.abs(predictions[i]! - expected)).toBeLessThanOrEqual(bound);
          });

          const totalGain = model.importance("total_gain");
          run.totalGain.forEach((expected, j) => {
            expect(Math.abs(totalGain[j]! - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected));
          });

          const shap = model.shapValuesFlat(flat, split.xTest.length);
          const p13 = model.nFeatures;
          let worst = 0;
          run.contribs.forEach((row, i) => {
            for (let j = 0; j < p13; j++) worst = Math.max(worst, Math.abs(shap[i * p13 + j]! - row[j]!));
            worst = Math.max(worst, Math.abs(model.baseValue - row[p13]!));
          });
          expect(worst).toBeLessThanOrEqual(bound);
        });
      }
    });
  }

  const { cases } = readFixture<{ cases: (Fixture & Run & { name: string; threshold?: number })[] }>("cases.json");

  it("breaks issue 13's equal-gain tie like XGBoost: feature 0 < 3.5, x = [1, 6] → 1.2461", () => {
    const tie = cases.find((c) => c.name === "equal-gain tie")!;
    const model = fit(tie, tie);
    expect(model.trees.feature[0]).toBe(0);
    expect(model.trees.threshold[0]).toBe(3.5);
    expect(tie.xTest.map((row) => xgboostSum(model, row))).toEqual(float32(tie.predictions));
    expect(model.predictOne([1, 6])).toBeCloseTo(1.2461, 4);
  });

  it("breaks a tie between two thresholds of one feature like XGBoost's backward scan: the higher one", () => {
    const tie = cases.find((c) => c.name === "threshold tie")!;
    const model = fit(tie, tie);
    expect(model.trees.threshold[0]).toBe(3.5);
    expect(tie.xTest.map((row) => xgboostSum(model, row))).toEqual(float32(tie.predictions));
  });

  it("sends a value at a float32 split midpoint the way XGBoost does (LSTAT 14.64 | 14.66)", () => {
    const midpoint = cases.find((c) => c.name === "float32 midpoint")!;
    const model = fit(midpoint, midpoint);
    expect(model.trees.threshold[0]).toBe(midpoint.threshold);
    // 14.65 itself, the float32 threshold, its float32 neighbours, and doubles that float32 rounds onto the threshold.
    expect(midpoint.xTest.map((row) => xgboostSum(model, row))).toEqual(float32(midpoint.predictions));
    model.predict(midpoint.xTest).forEach((p, i) => {
      expect(Math.abs(p - midpoint.predictions[i]!)).toBeLessThan(1e-6);
    });
    expect(new Set(midpoint.predictions).size).toBe(2); // both sides are exercised
  });

  it("folds the float32 comparison into a float64 bound: x < bound ⟺ fround(x) < t", () => {
    const thresholds = [14.649999618530273, 0, -0, 1, -1, 3.5, Math.fround(0.1), Math.fround(-0.1), Math.fround(1e-40), -Math.fround(1e-40), Math.fround(3e38)];
    for (let i = 0; i < 200; i++) thresholds.push(Math.fround((Math.sin(i * 12.9898) * 43758.5453) % 50));
    // Odd mantissas (the bound is the next double above the halfway point), negative and positive.
    thresholds.push(-(1 + 2 ** -23), -(2 + 2 ** -22), 1 + 2 ** -23, -(1.5 + 2 ** -23));
    for (const t of thresholds) {
      const bound = float32Bound(t);
      // The doubles around the bound, and around the halfway point below t.
      for (const x of [bound, bound * (1 + 2 ** -52), bound * (1 - 2 ** -52), t, Math.fround(t) - 1e-30, bound - 1e-300, bound + 1e-300]) {
        expect(x < bound, `t = ${t}, x = ${x}`).toBe(Math.fround(x) < t);
      }
    }
  });
});
