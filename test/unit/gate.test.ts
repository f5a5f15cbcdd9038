/** The quality gate's rule and the stored verdict's mapping (src/modules/training/gate.ts, models/gate-result.type.ts). */
import { describe, expect, it } from "vitest";
import { gateResultFromJson } from "../../src/modules/models/gate-result.type.ts";
import { evaluateGate, pairedTTestGreater } from "../../src/modules/training/gate.ts";

const GATE = { minTestR2: 0.75, rmseTolerance: 0 };
const CHAMPION = [3.9, 3.2, 4.4, 3.1, 3.6];
const BETTER = [3.5, 3.3, 4.0, 2.8, 3.4];

describe("paired t-test", () => {
  it("matches scipy.stats.ttest_rel(a, b, alternative='greater')", () => {
    // Reference values from scipy 1.10.1.
    expect(pairedTTestGreater(CHAMPION, BETTER)).toBeCloseTo(0.030406428077261134, 12);
    expect(pairedTTestGreater([2.0, 2.5, 3.0], [2.9, 2.4, 3.6])).toBeCloseTo(0.8720458024169138, 12);
  });

  it("is undefined for identical samples and certain for a constant shift", () => {
    expect(pairedTTestGreater([1, 2, 3], [1, 2, 3])).toBeNaN();
    expect(pairedTTestGreater([2, 3, 4], [1, 2, 3])).toBe(0);
    expect(pairedTTestGreater([1], [0])).toBeNaN();
    expect(() => pairedTTestGreater([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe("quality gate", () => {
  it("passes on the R² floor alone without a champion", () => {
    const v = evaluateGate({ testR2: 0.8, foldRmse: BETTER }, GATE, null);
    expect(v).toMatchObject({ passed: true, comparedWithVersion: null, reason: "test R² 0.8000 >= 0.75, no champion yet" });
    expect(evaluateGate({ testR2: 0.7, foldRmse: BETTER }, GATE, null)).toMatchObject({ passed: false, reason: "test R² 0.7000 < 0.75" });
  });

  it("promotes a candidate better by CV on the same folds, reporting the numbers compared", () => {
    const v = evaluateGate({ testR2: 0.8, foldRmse: BETTER }, GATE, { version: 4, foldRmse: CHAMPION });
    expect(v.passed).toBe(true);
    expect(v.comparedWithVersion).toBe(4);
    expect(v.metrics).toMatchObject({ test_r2: 0.8, min_test_r2: 0.75, folds: 5 });
    expect(v.metrics.candidate_cv_rmse).toBeCloseTo(3.4, 12);
    expect(v.metrics.champion_cv_rmse).toBeCloseTo(3.64, 12);
    expect(v.metrics.p_value).toBeCloseTo(0.0304064, 6);
    expect(v.reason).toMatch(/^test R² 0\.8000 >= 0\.75 and CV RMSE 3\.4000 <= champion v4's 3\.6400 refitted on the same folds \(paired t-test over 5 folds: one-sided p = 0\.0304\)$/);
  });

  it("rejects a candidate worse by CV, and one below the floor even when better", () => {
    const worse = evaluateGate({ testR2: 0.9, foldRmse: CHAMPION }, GATE, { version: 4, foldRmse: BETTER });
    expect(worse).toMatchObject({ passed: false, comparedWithVersion: 4 });
    expect(worse.reason).toMatch(/^CV RMSE 3\.6400 is worse than champion v4's 3\.4000/);
    expect(worse.metrics.p_value).toBeGreaterThan(0.9);
    const low = evaluateGate({ testR2: 0.5, foldRmse: BETTER }, GATE, { version: 4, foldRmse: CHAMPION });
    expect(low).toMatchObject({ passed: false, reason: "test R² 0.5000 < 0.75" });
  });

  it("does not promote a tie: identical folds, or equal means, are 'identical to vN' whatever the tolerance", () => {
    const same = evaluateGate({ testR2: 0.9, foldRmse: [...CHAMPION] }, { minTestR2: 0.75, rmseTolerance: 0.1 }, { version: 2, foldRmse: CHAMPION });
    expect(same).toMatchObject({ passed: false, comparedWithVersion: 2 });
    expect(same.reason).toBe("identical to v2: CV RMSE 3.6400 on the same 5 folds, no improvement to promote");
    const tie = evaluateGate({ testR2: 0.9, foldRmse: [3, 4] }, GATE, { version: 3, foldRmse: [4, 3] });
    expect(tie.passed).toBe(false);
    expect(tie.reason).toMatch(/^identical to v3/);
  });

  it("applies the tolerance to the champion's mean CV RMSE", () => {
    const v = evaluateGate({ testR2: 0.9, foldRmse: CHAMPION }, { minTestR2: 0.75, rmseTolerance: 0.1 }, { version: 4, foldRmse: BETTER });
    expect(v.passed).toBe(true);
    expect(v.metrics.max_cv_rmse).toBeCloseTo(3.74, 12);
    expect(v.reason).toContain("<= (1 + 0.1) × champion v4's 3.4000");
  });

  it("rejects, naming why, when the champion could not be compared", () => {
    const v = evaluateGate({ testR2: 0.9, foldRmse: BETTER }, GATE, { version: 2, error: "its training run (its hyperparameters) is no longer recorded" });
    expect(v).toEqual({
      passed: false,
      comparedWithVersion: 2,
      reason: "champion v2 could not be compared like with like: its training run (its hyperparameters) is no longer recorded",
      metrics: { test_r2: 0.9, min_test_r2: 0.75, candidate_cv_rmse: expect.closeTo(3.4, 12) },
    });
  });
});

describe("stored gate verdicts", () => {
  it("map to the contract's GateResult", () => {
    const verdict = evaluateGate({ testR2: 0.8, foldRmse: BETTER }, GATE, { version: 4, foldRmse: CHAMPION });
    const mapped = gateResultFromJson(JSON.stringify(verdict));
    expect(mapped).toMatchObject({ passed: true, reason: verdict.reason, comparedWithVersion: 4 });
    expect(mapped!.metrics.map((m) => m.key)).toEqual(["candidate_cv_rmse", "champion_cv_rmse", "folds", "max_cv_rmse", "min_test_r2", "p_value", "test_r2"]);
  });

  it("map from the first release's shape (rows already in users' databases)", () => {
    const old = {
      passed: false,
      testR2: 0.86,
      minTestR2: 0.75,
      testRmse: 2.698,
      championVersion: 1,
      championTestRmse: 2.417,
      maxTestRmse: 2.417,
      reason: "test RMSE 2.6980 is worse than champion v1's 2.4170 on the same test rows",
    };
    expect(gateResultFromJson(JSON.stringify(old))).toEqual({
      passed: false,
      reason: old.reason,
      comparedWithVersion: 1,
      metrics: [
        { key: "champion_test_rmse", value: 2.417, step: 0 },
        { key: "max_test_rmse", value: 2.417, step: 0 },
        { key: "min_test_r2", value: 0.75, step: 0 },
        { key: "test_r2", value: 0.86, step: 0 },
        { key: "test_rmse", value: 2.698, step: 0 },
      ],
    });
    // No champion then: maxTestRmse and championTestRmse were null.
    expect(gateResultFromJson(JSON.stringify({ ...old, passed: true, championVersion: null, championTestRmse: null, maxTestRmse: null }))!.metrics.map((m) => m.key)).toEqual(["min_test_r2", "test_r2", "test_rmse"]);
    expect(gateResultFromJson(null)).toBeNull();
  });
});
