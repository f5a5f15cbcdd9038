import { describe, expect, it } from "vitest";
import { VERDICTS, challengerVerdict, pairedSquaredErrorTest, pairedTestFromSums, studentTTwoSided } from "../../src/modules/challengers/paired-test.ts";

describe("paired t-test on squared errors", () => {
  it("matches a hand computation (df = 2 has a closed form)", () => {
    // Champion errors 3, 1, 2; challenger errors 1, 1, 1 → d = 8, 0, 3; mean 11/3;
    // sample variance ((13/3)² + (11/3)² + (2/3)²)/2 = 49/3; se = √(49/9) = 7/3; t = (11/3)/(7/3) = 11/7.
    // For 2 degrees of freedom the two-sided p-value is 1 − |t|/√(2 + t²).
    const test = pairedSquaredErrorTest([3, -1, 2], [1, 1, -1]);
    const t = 11 / 7;
    expect(test.n).toBe(3);
    expect(test.meanDifference).toBeCloseTo(11 / 3, 12);
    expect(test.statistic).toBeCloseTo(t, 12);
    expect(test.degreesOfFreedom).toBe(2);
    expect(test.pValue).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 12);
  });

  it("matches scipy.stats.ttest_rel and the t distribution", () => {
    // python3: stats.ttest_rel(a**2, b**2) with the arrays below → (2.236541112394537, 0.06038525246747073)
    const a = [1.5, -2.0, 0.5, 3.0, -1.0, 2.5, 0.2, -0.7];
    const b = [1.0, -1.5, 0.8, 2.0, -0.4, 1.9, 0.6, -0.2];
    const test = pairedSquaredErrorTest(a, b);
    expect(test.statistic).toBeCloseTo(2.236541112394537, 12);
    expect(test.pValue).toBeCloseTo(0.06038525246747073, 12);
    // From running sums (OutcomeRollup: n, Σd, Σd², as recordOutcomes keeps them): the same statistic.
    const d = a.map((x, i) => x * x - (b[i] as number) ** 2);
    const fromSums = pairedTestFromSums(d.length, d.reduce((s, x) => s + x, 0), d.reduce((s, x) => s + x * x, 0));
    expect(fromSums.statistic).toBeCloseTo(2.236541112394537, 12);
    expect(fromSums.pValue).toBeCloseTo(0.06038525246747073, 12);
    expect(pairedTestFromSums(3, 3, 3)).toMatchObject({ statistic: Number.POSITIVE_INFINITY, pValue: 0 });
    expect(pairedTestFromSums(3, 0, 0)).toMatchObject({ statistic: 0, pValue: 1 });
    // stats.t.sf(x, df) * 2
    expect(studentTTwoSided(2.5, 3)).toBeCloseTo(0.08770664700806556, 12);
    expect(studentTTwoSided(0.3, 100)).toBeCloseTo(0.7647998803003035, 12);
    expect(studentTTwoSided(-12, 5) / 7.089492517161522e-5).toBeCloseTo(1, 10);
  });

  it("handles constant differences and refuses fewer than two pairs", () => {
    expect(pairedSquaredErrorTest([1, 1, 1], [1, -1, 1])).toMatchObject({ statistic: 0, pValue: 1 });
    expect(pairedSquaredErrorTest([2, 2], [1, 1])).toMatchObject({ statistic: Number.POSITIVE_INFINITY, pValue: 0 });
    expect(() => pairedSquaredErrorTest([1], [1])).toThrow(/at least 2/);
    expect(() => pairedSquaredErrorTest([1, 2], [1])).toThrow(/differ/);
  });

  it("gives a verdict only with enough paired outcomes", () => {
    const options = { minPairs: 5, significance: 0.05 };
    expect(challengerVerdict(null, 0, options)).toBe(VERDICTS.notEnoughData);
    const better = pairedSquaredErrorTest([3, 3.1, 2.9, 3.2, 3, 2.8], [1, 1.1, 0.9, 1, 1.2, 1]);
    expect(challengerVerdict(better, 4, options)).toBe(VERDICTS.notEnoughData);
    expect(challengerVerdict(better, 6, options)).toBe(VERDICTS.challengerBetter);
    const worse = pairedSquaredErrorTest([1, 1.1, 0.9, 1, 1.2, 1], [3, 3.1, 2.9, 3.2, 3, 2.8]);
    expect(challengerVerdict(worse, 6, options)).toBe(VERDICTS.championBetter);
    const same = pairedSquaredErrorTest([1, -2, 1.5, -1, 2, 0.5], [-1, 2, -1.5, 1.1, -2, 0.4]);
    expect(challengerVerdict(same, 6, options)).toBe(VERDICTS.noDifference);
  });
});
