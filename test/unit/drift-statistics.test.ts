import { describe, expect, it } from "vitest";
import { errorFunction } from "simple-statistics";
import { ks2SampPValue, NEGLIGIBLE_P, pValueBound } from "../../src/modules/drift/kolmogorov.ts";
import { kolmogornSf } from "../../src/modules/drift/kstwo.ts";
import { DRIFT_METHOD_SPECS, DRIFT_METHODS } from "../../src/modules/drift/methods.ts";
import { chiSquareSurvival, normalCdf, regularizedGammaP, regularizedGammaQ } from "../../src/modules/drift/special.ts";
import {
  DEFAULT_THRESHOLDS,
  chiSquareTest,
  chooseMethod,
  featureDrift,
  ksTest,
  psiTest,
  wassersteinDistance,
  wassersteinTest,
  zProportionTest,
} from "../../src/modules/drift/statistics.ts";

/** The KS statistic D of two samples (as ksTest reports it). */
const ksStatistic = (a: number[], b: number[]): number => ksTest(a, b).details.statistic as number;
/** The exact two-sided p-value P(D ≥ d) for sizes n, m (scipy's ks_2samp decision, exact up to 10,000). */
const kolmogorovPValue = (d: number, n: number, m: number): number => ks2SampPValue(d, n, m).pValue;

// Reference numbers marked "CPython" were computed with Python's math.erfc / math.exp (libm), an
// implementation independent of ours; the rest are worked by hand in the comments.

/** Deterministic samples for property checks (Park–Miller LCG; tests only, the module has no randomness). */
function sample(seed: number, size: number, scale = 1, shift = 0): number[] {
  let state = seed;
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    state = (state * 48271) % 2147483647;
    out.push(shift + scale * (state / 2147483647));
  }
  return out;
}

/** All ways to choose k of 0..n−1, for brute-force enumeration of the KS null distribution. */
function* subsets(n: number, k: number, start = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === k) {
    yield chosen;
    return;
  }
  for (let i = start; i <= n - (k - chosen.length); i++) yield* subsets(n, k, i + 1, [...chosen, i]);
}

/**
 * Exact P(D ≥ d) by brute force: under H0 every assignment of the ranks 0..n+m−1 to the reference
 * (n of them) and the current sample is equally likely. Also returns the attainable D values.
 */
function bruteForceKs(n: number, m: number): { pValue: (d: number) => number; statistics: number[] } {
  const all: number[] = [];
  for (const chosen of subsets(n + m, n)) {
    const inRef = new Set(chosen);
    const ref = chosen;
    const cur = [...Array(n + m).keys()].filter((r) => !inRef.has(r));
    all.push(ksStatistic(ref, cur));
  }
  return {
    pValue: (d) => all.filter((s) => s >= d - 1e-12).length / all.length,
    // ksStatistic returns gap/(n·m) for an integer gap, so equal statistics are bitwise equal
    statistics: [...new Set(all)],
  };
}

describe("KS statistic", () => {
  it("is the largest CDF gap, found by hand on tiny samples", () => {
    // merged 1,2,3,3,4,4,5,6: after 2 → F_ref 0.5, F_cur 0; after 3 → 0.75 vs 0.25; after 4 → 1 vs 0.5
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(ksStatistic([4, 3, 2, 1], [6, 5, 4, 3])).toBe(0.5);
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])).toBe(1);
    // unequal sizes: ref [1,2], cur [1.5,2.5,3.5,4.5]: after 2 → F_ref 1, F_cur 0.25 → D = 0.75
    expect(ksStatistic([1, 2], [1.5, 2.5, 3.5, 4.5])).toBe(0.75);
  });

  it("steps both CDFs past tied values before comparing", () => {
    // ref [1,1,2,2], cur [1,2,2,2]: past 1 → 0.5 vs 0.25, past 2 → 1 vs 1, so D = 0.25.
    // A merge that compares after each single element would see 2/4 − 0/4 = 0.5 before cur's 1.
    expect(ksStatistic([1, 1, 2, 2], [1, 2, 2, 2])).toBe(0.25);
    expect(ksStatistic([5, 5, 5], [5, 5])).toBe(0);
  });

  it("is symmetric in the two samples", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const a = sample(seed, 30);
      const b = sample(seed + 100, 17, 1.2, 0.1);
      expect(ksStatistic(a, b)).toBe(ksStatistic(b, a));
    }
  });
});

describe("KS p-value, exact", () => {
  it("gives 54/70 for n = m = 4, D = 0.5, matching brute force over all C(8,4) = 70 splits", () => {
    expect(kolmogorovPValue(0.5, 4, 4)).toBeCloseTo(0.7714285714285714, 14);
    expect(kolmogorovPValue(0.5, 4, 4)).toBeCloseTo(54 / 70, 14);
    expect(bruteForceKs(4, 4).pValue(0.5)).toBeCloseTo(54 / 70, 14);
  });

  it("matches brute-force enumeration at every attainable D, equal and unequal sizes", () => {
    for (const [n, m] of [
      [4, 4],
      [3, 5],
      [2, 6],
      [5, 5],
      [3, 7],
      [1, 4],
      [4, 6],
    ] as const) {
      const brute = bruteForceKs(n, m);
      for (const d of brute.statistics) {
        expect(kolmogorovPValue(d, n, m)).toBeCloseTo(brute.pValue(d), 12);
        expect(kolmogorovPValue(d, m, n)).toBeCloseTo(brute.pValue(d), 12);
      }
    }
  });

  it("gives 2/C(10,5) for disjoint samples of 5 and 1 for identical ones", () => {
    const disjoint = ksTest([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(disjoint.details).toEqual({ statistic: 1, pValue: expect.any(Number), exact: 1 });
    expect(disjoint.score).toBeCloseTo(2 / 252, 15);
    expect(disjoint.score).toBeCloseTo(0.0079365079365079, 14);
    expect(disjoint.detected).toBe(true);

    const same = ksTest([1, 2, 3], [1, 2, 3]);
    expect(same.details.statistic).toBe(0);
    expect(same.score).toBe(1);
    expect(same.detected).toBe(false);
  });

  it("stays in [0, 1] and is symmetric in the sample sizes", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const a = sample(seed, 5 + seed);
      const b = sample(seed + 50, 40 - seed, 1, 0.05 * seed);
      const ab = ksTest(a, b);
      const ba = ksTest(b, a);
      expect(ab.score).toBeGreaterThanOrEqual(0);
      expect(ab.score).toBeLessThanOrEqual(1);
      expect(ba.details.statistic).toBe(ab.details.statistic);
      expect(ba.score).toBeCloseTo(ab.score, 12);
    }
  });

  it("matches the Gnedenko–Korolyuk closed form for n = m = 100 (n·m = 10 000, still exact)", () => {
    // P(D ≥ k/n) = 2 Σ_{j≥1} (−1)^{j−1} C(2n, n−jk) / C(2n, n), evaluated with exact integers in CPython
    expect(kolmogorovPValue(0.1, 100, 100)).toBeCloseTo(0.7020569828664879, 13);
    expect(kolmogorovPValue(0.15, 100, 100)).toBeCloseTo(0.21117008625127567, 13);
    expect(kolmogorovPValue(0.2, 100, 100)).toBeCloseTo(0.03638428787491731, 14);
    expect(kolmogorovPValue(0.25, 100, 100)).toBeCloseTo(0.0037294923618311354, 15);
    // the exit mass is summed directly, so a tiny p-value keeps its relative precision
    expect(kolmogorovPValue(0.4, 100, 100) / 1.555079037134569e-7).toBeCloseTo(1, 10);
  });

  it("stays exact where n·m > 10 000 while max(n, m) ≤ 10 000, as scipy (the old code went asymptotic here)", () => {
    // scipy 1.10.1: ks_2samp(np.arange(200)/200, np.arange(100)/100 + 0.15) → D = 0.155, p = 0.07837629921338117
    const a = Array.from({ length: 200 }, (_, i) => i / 200);
    const b = Array.from({ length: 100 }, (_, i) => i / 100 + 0.15);
    const result = ksTest(a, b);
    expect(result.details).toEqual({ statistic: expect.closeTo(0.155, 15), pValue: expect.closeTo(0.07837629921338117, 13), exact: 1 });
  });

  it("never lies above the rigorous DKW bound 4·exp(−2nm·d²/(√n + √m)²), which lets negligible p-values skip the sweep", () => {
    for (const [n, m] of [[7, 5], [30, 20], [120, 77], [401, 500]] as const) {
      for (let h = 1; h <= 20; h++) {
        const d = h / 20;
        expect(kolmogorovPValue(d, n, m)).toBeLessThanOrEqual(Math.min(1, pValueBound(n, m, d)) + 1e-15);
      }
    }
    // disjoint samples of 3,000 and 2,999: the bound is e^{−5998}·4, so p is reported as 0 at once
    expect(pValueBound(3000, 2999, 1)).toBeLessThan(NEGLIGIBLE_P);
    const far = ksTest(sample(5, 3000), sample(6, 2999, 1, 2));
    expect(far.details).toEqual({ statistic: 1, pValue: 0, exact: 1 });
    expect(far.detected).toBe(true);
  });

  it("rejects impossible arguments", () => {
    expect(() => kolmogorovPValue(1.5, 3, 3)).toThrow(RangeError);
    expect(() => kolmogorovPValue(0.5, 0, 3)).toThrow(RangeError);
    expect(() => kolmogorovPValue(0.5, 2.5, 3)).toThrow(RangeError);
  });
});

describe("KS p-value beyond max(n, m) = 10 000 (scipy's kstwo.sf of round(n·m/(n+m)))", () => {
  it("has Ruben–Gambino's closed forms at both ends", () => {
    // 1/2n < x ≤ 1/n: P(D_n ≤ x) = n! (2x − 1/n)^n; n = 5, x = 0.15: 120·(0.1)^5 = 0.0012
    expect(kolmogornSf(5, 0.15)).toBeCloseTo(1 - 120 * 0.1 ** 5, 14);
    expect(kolmogornSf(5, 0.1)).toBe(1);
    // x ≥ 1 − 1/n: P(D_n > x) = 2(1 − x)^n
    expect(kolmogornSf(30, 0.98)).toBeCloseTo(2 * 0.02 ** 30, 60);
    expect(kolmogornSf(10, 1)).toBe(0);
  });

  it("gives P(D_1 > x) = 2(1 − x) for one observation and x ≥ 1/2", () => {
    expect(kolmogornSf(1, 0.7)).toBeCloseTo(0.6, 15);
  });

  it("is what ksTest uses above 10 000 rows", () => {
    // scipy: ks_2samp(np.arange(10001.), np.arange(10001.) + 100) → p = 0.6955741661579155
    const a = Array.from({ length: 10001 }, (_, i) => i);
    const result = ksTest(a, a.map((x) => x + 100));
    expect(result.details.exact).toBe(0);
    expect(result.score).toBeCloseTo(0.6955741661579155, 12);
    expect(result.score).toBe(kolmogornSf(5000, result.details.statistic as number));
  });
});

describe("ksTest verdict", () => {
  it("reports the evidence, sizes and means", () => {
    const result = ksTest([1, 2, 3, 4], [3, 4, 5, 6]);
    expect(result).toEqual({
      method: "KS",
      score: expect.closeTo(54 / 70, 14),
      threshold: 0.05,
      detected: false,
      referenceSize: 4,
      currentSize: 4,
      referenceMean: 2.5,
      currentMean: 4.5,
      details: { statistic: 0.5, pValue: expect.closeTo(54 / 70, 14), exact: 1 },
    });
  });

  it("flips detection at the threshold (p ≤ threshold, Evidently's comparison for KS)", () => {
    const p = 2 / 252;
    const ref = [1, 2, 3, 4, 5];
    const cur = [6, 7, 8, 9, 10];
    expect(ksTest(ref, cur, { threshold: ksTest(ref, cur).score }).detected).toBe(true);
    expect(ksTest(ref, cur, { threshold: p * 1.0001 }).detected).toBe(true);
    expect(ksTest(ref, cur, { threshold: p * 0.9999 }).detected).toBe(false);
  });

  it("ignores NaNs, and the sizes say so", () => {
    const clean = ksTest([1, 2, 3, 4], [3, 4, 5, 6]);
    const withNaN = ksTest([1, Number.NaN, 2, 3, 4], [3, 4, Number.NaN, Number.NaN, 5, 6]);
    expect(withNaN.referenceSize).toBe(4);
    expect(withNaN.currentSize).toBe(4);
    expect(withNaN.score).toBe(clean.score);
    expect(withNaN.details).toEqual(clean.details);
  });

  it("names the empty sample", () => {
    expect(() => ksTest([Number.NaN], [1, 2])).toThrow(/reference sample is empty/);
    expect(() => ksTest([1, 2], [])).toThrow(/current sample is empty/);
    expect(() => ksTest([], [1])).toThrow(RangeError);
  });
});

describe("Wasserstein", () => {
  it("is the size of a shift", () => {
    // [0,1,3] → [5,6,8] moves every unit of mass by 5
    expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 14);
    expect(wassersteinDistance([5, 6, 8], [0, 1, 3])).toBeCloseTo(5, 14);
  });

  it("integrates |F_ref − F_cur| by hand", () => {
    // [0,0,1,1] vs [0,1,1,1]: on [0,1) F_ref = 0.5, F_cur = 0.25 → area 0.25
    expect(wassersteinDistance([0, 0, 1, 1], [0, 1, 1, 1])).toBeCloseTo(0.25, 15);
    // [0] vs [0,2]: on [0,2) F_ref = 1, F_cur = 0.5 → area 1
    expect(wassersteinDistance([0], [0, 2])).toBeCloseTo(1, 15);
    expect(wassersteinDistance([1, 2, 3], [3, 2, 1])).toBe(0);
  });

  it("equals mean |x₍ᵢ₎ − y₍ᵢ₎| of the order statistics for equal sizes", () => {
    for (let seed = 1; seed <= 5; seed++) {
      const a = sample(seed, 40, 3);
      const b = sample(seed + 7, 40, 2, 0.5);
      const sa = [...a].sort((x, y) => x - y);
      const sb = [...b].sort((x, y) => x - y);
      const expected = sa.reduce((sum, x, i) => sum + Math.abs(x - (sb[i] as number)), 0) / 40;
      expect(wassersteinDistance(a, b)).toBeCloseTo(expected, 12);
    }
  });

  it("is normalised by the reference population std", () => {
    // std([0,1,3]) = √(((−4/3)² + (−1/3)² + (5/3)²)/3) = √(14/9) = 1.247219128924647; 5/that = 4.0089186286863665
    const result = wassersteinTest([0, 1, 3], [5, 6, 8]);
    expect(result.method).toBe("WASSERSTEIN");
    expect(result.details.distance).toBeCloseTo(5, 14);
    expect(result.details.referenceStd).toBeCloseTo(1.247219128924647, 14);
    expect(result.details.norm).toBe(result.details.referenceStd);
    expect(result.score).toBeCloseTo(4.0089186286863665, 13);
    expect(result.detected).toBe(true);
    expect(result.referenceMean).toBeCloseTo(4 / 3, 14);
    expect(result.currentMean).toBeCloseTo(19 / 3, 14);
  });

  it("floors the reference std at Evidently's 0.001", () => {
    const same = wassersteinTest([2, 2, 2], [2, 2]);
    expect(same.score).toBe(0);
    expect(same.details).toEqual({ distance: 0, referenceStd: 0, norm: 0.001 });
    expect(same.detected).toBe(false);
    // a constant reference moved by 1: W1 = 1, divided by 0.001 (not by ~0)
    const moved = wassersteinTest([2, 2, 2], [3]);
    expect(moved.score).toBeCloseTo(1000, 10);
    expect(moved.detected).toBe(true);
    // a tiny but non-zero std is floored too: std([0, 0.0001]) = 0.00005 → norm 0.001
    const tiny = wassersteinTest([0, 0.0001], [0, 0.0001, 0.0001, 0.0001]);
    expect(tiny.details.norm).toBe(0.001);
    expect(tiny.score).toBeCloseTo(0.000025 / 0.001, 12);
  });

  it("flips detection at the threshold (score >= threshold)", () => {
    const score = wassersteinTest([0, 1, 3], [5, 6, 8]).score;
    expect(wassersteinTest([0, 1, 3], [5, 6, 8], { threshold: score }).detected).toBe(true);
    expect(wassersteinTest([0, 1, 3], [5, 6, 8], { threshold: score * 1.0001 }).detected).toBe(false);
  });
});

describe("PSI", () => {
  it("bins up to 20 distinct reference values per value of either sample", () => {
    // keys 1..5: ref shares .25 .25 .25 .25 0, cur .25 0 .25 .25 .25; empty shares → 1e-4
    // PSI = (.25 − 1e-4)·ln(.25/1e-4) + (1e-4 − .25)·ln(1e-4/.25) = 2·0.2499·ln 2500
    const result = psiTest([1, 2, 3, 4], [1, 3, 4, 5]);
    expect(result.score).toBeCloseTo(2 * 0.2499 * Math.log(2500), 13);
    expect(result.score).toBeCloseTo(3.910458196225975, 13); // Evidently formula on numpy (CPython)
    expect(result.details).toEqual({ bins: 5 });
    expect(result.detected).toBe(true);
    expect(psiTest([0, 0, 0, 0, 1], [0, 0, 0, 0, 1])).toMatchObject({ score: 0, detected: false, details: { bins: 2 } });
  });

  it("bins more than 20 distinct reference values by Sturges' histogram of the pooled sample", () => {
    // ref 0..20 (21 values), cur 10..30: pooled range 30, N = 42, log2(42) + 1 = 6.39 → 7 bins of 30/7,
    // [0, 4.29) [4.29, 8.57) [8.57, 12.86) [12.86, 17.14) [17.14, 21.43) [21.43, 25.71) [25.71, 30]
    const ref = Array.from({ length: 21 }, (_, i) => i);
    const cur = ref.map((x) => x + 10);
    const refCounts = [5, 4, 4, 5, 3, 0, 0];
    const curCounts = [0, 0, 3, 5, 4, 4, 5];
    const shares = (counts: number[]) => counts.map((c) => (c === 0 ? 1e-4 : c / 21));
    const [r, c] = [shares(refCounts), shares(curCounts)];
    const expected = r.reduce((sum, rb, b) => sum + (rb - (c[b] as number)) * Math.log(rb / (c[b] as number)), 0);
    const result = psiTest(ref, cur);
    expect(result.details).toEqual({ bins: 7 });
    expect(result.score).toBeCloseTo(expected, 13);
  });

  it("fills empty shares with min(non-empty share)/10⁶ when that share is at most 1e-4", () => {
    // ref: 9,999 zeros and one 1 (share 1e-4), none of cur's 2s → ref's empty share = 1e-4/10⁶ = 1e-10;
    // cur [0, 0, 2, 2]: shares .5, 0, .5 → its empty share = 1e-4
    const ref = [...Array(9999).fill(0), 1];
    const result = psiTest(ref, [0, 0, 2, 2]);
    const expected = (0.9999 - 0.5) * Math.log(0.9999 / 0.5) + 0 + (1e-10 - 0.5) * Math.log(1e-10 / 0.5);
    expect(result.score).toBeCloseTo(expected, 12);
  });

  it("flips detection at the threshold (score >= threshold) and ignores NaNs", () => {
    const score = psiTest([1, 2, 3, 4], [1, 3, 4, 5]).score;
    const ref = [1, 2, Number.NaN, 3, 4];
    expect(psiTest(ref, [1, 3, 4, 5], { threshold: score }).detected).toBe(true);
    expect(psiTest(ref, [1, 3, 4, 5], { threshold: score + 1e-9 }).detected).toBe(false);
    expect(psiTest(ref, [1, 3, 4, 5]).referenceSize).toBe(4);
    expect(() => psiTest(ref, [1], { threshold: -1 })).toThrow(RangeError);
  });
});

describe("regularised incomplete gamma", () => {
  it("gives Q(1, x) = e^{−x}", () => {
    for (const x of [0.01, 0.5, 1, 2, 5, 30]) {
      expect(regularizedGammaQ(1, x) / Math.exp(-x)).toBeCloseTo(1, 13);
    }
  });

  it("gives Q(1/2, x) = erfc(√x) (CPython math.erfc)", () => {
    expect(regularizedGammaQ(0.5, 1)).toBeCloseTo(0.15729920705028513, 15);
    expect(regularizedGammaQ(0.5, 0.2)).toBeCloseTo(0.5270892568655381, 15);
    expect(regularizedGammaQ(0.5, 3)).toBeCloseTo(0.014305878435429647, 15);
    expect(regularizedGammaQ(0.5, 30) / 9.485737571073843e-15).toBeCloseTo(1, 12);
  });

  it("gives Q(n, x) = e^{−x} Σ_{k<n} x^k/k! for integer n, on both branches", () => {
    const poissonTail = (n: number, x: number): number => {
      let term = Math.exp(-x);
      let sum = 0;
      for (let k = 0; k < n; k++) {
        sum += term;
        term *= x / (k + 1);
      }
      return sum;
    };
    for (const [a, x] of [
      [5, 3], // series branch
      [5, 12], // continued fraction
      [10, 9.5],
      [50, 40],
      [50, 60],
    ] as const) {
      expect(regularizedGammaQ(a, x) / poissonTail(a, x)).toBeCloseTo(1, 12);
      expect(regularizedGammaP(a, x) + regularizedGammaQ(a, x)).toBeCloseTo(1, 14);
    }
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
  });
});

describe("normal CDF", () => {
  it("matches known quantiles (CPython 0.5·erfc(−z/√2))", () => {
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 15);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 15);
    expect(normalCdf(0)).toBe(0.5);
  });

  it("agrees with simple-statistics' errorFunction to its stated 1.2e-7", () => {
    for (let z = -5; z <= 5; z += 0.25) {
      expect(Math.abs(normalCdf(z) - 0.5 * (1 + errorFunction(z / Math.SQRT2)))).toBeLessThan(2e-7);
    }
  });
});

describe("chi-square", () => {
  it("has survival 0.05 at the textbook critical values", () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 14);
    // df = 2: survival is e^{−x/2}, so the critical value is −2 ln 0.05
    expect(chiSquareSurvival(-2 * Math.log(0.05), 2)).toBeCloseTo(0.05, 15);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it("is a goodness-of-fit test of the current counts against the reference proportions", () => {
    // ref: 30 zeros, 70 ones; cur: 45 zeros, 55 ones. Expected = ref counts · (100/100) = 30, 70
    // χ² = 15²/30 + 15²/70 = 10.714285714285715, df 1; p = erfc(√(χ²/2)) = 0.0010631149171586032 (CPython)
    // (the contingency-table test of independence the old code ran gave χ² = 4.8, p = 0.0285)
    const ref = [...Array(30).fill(0), ...Array(70).fill(1)];
    const cur = [...Array(45).fill(0), ...Array(55).fill(1)];
    const result = chiSquareTest(ref, cur);
    expect(result.details.statistic).toBeCloseTo(10.714285714285715, 13);
    expect(result.details.degreesOfFreedom).toBe(1);
    expect(result.score).toBeCloseTo(0.0010631149171586032, 15);
    expect(result.detected).toBe(true);
    expect(result.referenceMean).toBeNull();
    expect(result.currentMean).toBeNull();
  });

  it("scales the reference counts to the current size (df 2: p = e^{−χ²/2})", () => {
    // ref a,b,c = 10,20,30 (n = 60); cur 10,10,10 (m = 30): expected = 5,10,15
    // χ² = 5²/5 + 0 + 5²/15 = 20/3 → p = e^{−10/3} = 0.03567399334725241
    const ref = [...Array(10).fill(1), ...Array(20).fill(2), ...Array(30).fill(3)];
    const cur = [...Array(10).fill(1), ...Array(10).fill(2), ...Array(10).fill(3)];
    const result = chiSquareTest(ref, cur);
    expect(result.details).toEqual({
      statistic: expect.closeTo(20 / 3, 13),
      pValue: expect.closeTo(Math.exp(-10 / 3), 15),
      degreesOfFreedom: 2,
      categories: 3,
    });
    expect(result.detected).toBe(true);
  });

  it("gives χ² = ∞, p = 0 for a category the reference never had (its expected count is 0)", () => {
    const result = chiSquareTest([0, 0, 1, 1], [0, 1, 2, 2]);
    expect(result.details.statistic).toBe(Infinity);
    expect(result.score).toBe(0);
    expect(result.detected).toBe(true);
  });

  it("flips detection below the threshold (p < threshold, Evidently's comparison for chi-square)", () => {
    const ref = [...Array(30).fill(0), ...Array(70).fill(1)];
    const cur = [...Array(45).fill(0), ...Array(55).fill(1)];
    const p = chiSquareTest(ref, cur).score;
    expect(chiSquareTest(ref, cur, { threshold: p }).detected).toBe(false);
    expect(chiSquareTest(ref, cur, { threshold: p * 1.0001 }).detected).toBe(true);
  });

  it("gives statistic 0, p 1 for a single category (scipy: NaN, never drift), and ignores NaNs", () => {
    const result = chiSquareTest([4, 4, Number.NaN], [4]);
    expect(result.details).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0, categories: 1 });
    expect(result.detected).toBe(false);
    expect(result.referenceSize).toBe(2);
  });
});

describe("two-proportion z test", () => {
  it("matches the worked example 50/100 vs 60/100", () => {
    // pooled 0.55, z = (0.5 − 0.6)/√(0.55·0.45·0.02) = −1.4213381090374029
    // p = 2(1 − Φ(|z|)) = 0.155218489684684 (scipy.stats.norm)
    const ref = [...Array(50).fill(1), ...Array(50).fill(0)];
    const cur = [...Array(60).fill(1), ...Array(40).fill(0)];
    const result = zProportionTest(ref, cur);
    expect(result.details).toEqual({
      z: expect.closeTo(-1.4213381090374029, 13),
      pValue: expect.closeTo(0.155218489684684, 14),
      referenceProportion: 0.5,
      currentProportion: 0.6,
      pooledProportion: expect.closeTo(0.55, 15),
    });
    expect(result.detected).toBe(false);
  });

  it("detects 10/100 vs 30/100, and flips below the threshold (p < threshold)", () => {
    // pooled 0.2, se = √(0.16·0.02) = √0.0032, |z| = 0.2/√0.0032 = √12.5; p = erfc(2.5) = 0.0004069520174449589 (CPython)
    const ref = [...Array(10).fill(1), ...Array(90).fill(0)];
    const cur = [...Array(30).fill(1), ...Array(70).fill(0)];
    const result = zProportionTest(ref, cur);
    expect(result.details.z).toBeCloseTo(-Math.sqrt(12.5), 13);
    expect(result.score).toBeCloseTo(0.0004069520174449589, 15);
    expect(result.detected).toBe(true);
    expect(zProportionTest(ref, cur, { threshold: result.score }).detected).toBe(false);
    expect(zProportionTest(ref, cur, { threshold: result.score * 1.0001 }).detected).toBe(true);
  });

  it("gives p 1 only when both samples are one and the same value", () => {
    expect(zProportionTest([0, 0], [0, 0, 0]).details).toMatchObject({ z: 0, pValue: 1 });
    expect(zProportionTest([1, 1], [1]).details).toMatchObject({ z: 0, pValue: 1 });
    // a constant reference against a constant but different current is maximal drift
    expect(zProportionTest(Array(50).fill(0), Array(50).fill(1)).detected).toBe(true);
  });

  it("counts as successes the values different from the smallest value seen in either sample", () => {
    // codes 2 and 5: successes are the 5s; ref 3/8, cur 5/6
    const result = zProportionTest([2, 2, 5, 5, 5, 2, 2, 2], [5, 5, 5, 5, 5, 2]);
    expect(result.details.referenceProportion).toBe(3 / 8);
    expect(result.details.currentProportion).toBe(5 / 6);
    // three values: everything above the smallest counts (Evidently's `0 if x == keys[0] else 1`)
    expect(zProportionTest([0, 1, 2, 2], [0, 0, 0, 1]).details).toMatchObject({ referenceProportion: 0.75, currentProportion: 0.25 });
  });
});

describe("method choice", () => {
  const numeric = (size: number) => Array.from({ length: size }, (_, i) => i % 6);

  it("uses KS up to 1000 reference rows of numeric data, Wasserstein above", () => {
    expect(chooseMethod(numeric(1000), numeric(10))).toBe("KS");
    expect(chooseMethod(numeric(1001), numeric(10))).toBe("WASSERSTEIN");
    // NaNs neither count as rows nor as values
    expect(chooseMethod([...numeric(1000), Number.NaN, Number.NaN], numeric(10))).toBe("KS");
  });

  it("counts distinct values over both samples (Evidently pools them): ≤ 5 → chi-square above 2, z for 1 or 2", () => {
    expect(chooseMethod([1, 2, 3, 4, 5, 1], [1])).toBe("CHI_SQUARE");
    expect(chooseMethod([1, 2, 3], [3])).toBe("CHI_SQUARE");
    // 5 distinct in the reference plus a sixth in the current → numeric
    expect(chooseMethod([1, 2, 3, 4, 5, 1], [6])).toBe("KS");
    // CHAS-like: a 0/1 river flag, mostly 0
    const chas = Array.from({ length: 400 }, (_, i) => (i % 14 === 0 ? 1 : 0));
    expect(chooseMethod(chas, [0, 0, 1])).toBe("Z_PROPORTION");
    expect(chooseMethod([0, 0, 0], [0])).toBe("Z_PROPORTION");
    expect(chooseMethod([0, 0, 0], [1])).toBe("Z_PROPORTION");
    expect(chooseMethod([0, 0, 0], [1, 2])).toBe("CHI_SQUARE");
    expect(chooseMethod([0, 1, Number.NaN], [1])).toBe("Z_PROPORTION");
    expect(() => chooseMethod([Number.NaN], [1])).toThrow(/reference sample is empty/);
    expect(() => chooseMethod([1], [])).toThrow(/current sample is empty/);
  });

  it("keeps chi-square / z for more than 1000 reference rows with ≤ 5 values (Evidently: Jensen–Shannon, not an API method)", () => {
    const chas = Array.from({ length: 2000 }, (_, i) => (i % 14 === 0 ? 1 : 0));
    expect(chooseMethod(chas, [0, 1])).toBe("Z_PROPORTION");
    expect(chooseMethod(chas.map((x, i) => x + (i % 3)), [0, 1])).toBe("CHI_SQUARE");
  });

  it("runs the chosen test with its default threshold, or the overrides", () => {
    const ref = [1, 2, 3, 4, 5, 6, 7, 8];
    const cur = [5, 6, 7, 8, 9, 10, 11, 12];
    expect(featureDrift(ref, cur)).toEqual(ksTest(ref, cur));
    expect(featureDrift(ref, cur).threshold).toBe(DEFAULT_THRESHOLDS.KS);
    expect(featureDrift(ref, cur, { method: "PSI" })).toEqual(psiTest(ref, cur));
    expect(featureDrift(ref, cur, { method: "WASSERSTEIN", threshold: 0.5 })).toEqual(wassersteinTest(ref, cur, { threshold: 0.5 }));
    expect(featureDrift(ref, cur, { threshold: 0.9 }).detected).toBe(true);
    expect(featureDrift([1, 2, 3, 1], [3, 3, 3])).toEqual(chiSquareTest([1, 2, 3, 1], [3, 3, 3]));
    const chasRef = [...Array(93).fill(0), ...Array(7).fill(1)];
    const chasCur = [...Array(70).fill(0), ...Array(30).fill(1)];
    expect(featureDrift(chasRef, chasCur)).toEqual(zProportionTest(chasRef, chasCur));
  });

  it("has Evidently's default thresholds and comparisons, one entry per API method", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ KS: 0.05, WASSERSTEIN: 0.1, PSI: 0.1, CHI_SQUARE: 0.05, Z_PROPORTION: 0.05 });
    expect(DRIFT_METHODS.map((m) => DRIFT_METHOD_SPECS[m].detectedWhen)).toEqual([
      "score <= threshold",
      "score >= threshold",
      "score >= threshold",
      "score < threshold",
      "score < threshold",
    ]);
  });
});
