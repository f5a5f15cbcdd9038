import { describe, expect, it } from "vitest";
import { errorFunction } from "simple-statistics";
import {
  DEFAULT_THRESHOLDS,
  chiSquareSurvival,
  chiSquareTest,
  chooseMethod,
  featureDrift,
  kolmogorovPValue,
  kolmogorovQ,
  ksStatistic,
  ksTest,
  normalCdf,
  psiTest,
  regularizedGammaP,
  regularizedGammaQ,
  wassersteinDistance,
  wassersteinTest,
  zProportionTest,
} from "../../src/modules/drift/statistics.ts";

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

  it("is close to the asymptotic distribution at n = m = 100 (the lattice atom makes exact a bit larger)", () => {
    const en = Math.sqrt((100 * 100) / 200);
    for (const d of [0.1, 0.15, 0.2, 0.25]) {
      const exact = kolmogorovPValue(d, 100, 100);
      const asymptotic = kolmogorovQ((en + 0.12 + 0.11 / en) * d);
      expect(exact).toBeGreaterThan(asymptotic);
      expect(exact - asymptotic).toBeLessThan(0.03);
    }
  });

  it("rejects impossible arguments", () => {
    expect(() => kolmogorovPValue(1.5, 3, 3)).toThrow(RangeError);
    expect(() => kolmogorovPValue(0.5, 0, 3)).toThrow(RangeError);
    expect(() => kolmogorovPValue(0.5, 2.5, 3)).toThrow(RangeError);
  });
});

describe("Kolmogorov distribution (asymptotic)", () => {
  it("matches the series Q_KS(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²} (CPython, 200 terms)", () => {
    expect(kolmogorovQ(1.0)).toBeCloseTo(0.26999967167735456, 15);
    expect(kolmogorovQ(1.36)).toBeCloseTo(0.049485876755377876, 15);
    expect(kolmogorovQ(2.0)).toBeCloseTo(0.0006709252557796953, 16);
    // below λ = 1 the theta-function form is used; it must agree with the alternating series
    expect(kolmogorovQ(0.5)).toBeCloseTo(0.9639452436648751, 15);
    expect(kolmogorovQ(0.8)).toBeCloseTo(0.5441424115741981, 15);
    expect(kolmogorovQ(1 - 1e-9)).toBeCloseTo(kolmogorovQ(1 + 1e-9), 8);
  });

  it("handles small λ without clamping away the tail: 1 − (√(2π)/λ)·e^{−π²/(8λ²)}", () => {
    expect(kolmogorovQ(0.27)).toBeCloseTo(0.9999995849712886, 15);
    expect(kolmogorovQ(0.1)).toBe(1);
    expect(kolmogorovQ(0)).toBe(1);
  });

  it("is used with Stephens' correction when n·m > 10 000", () => {
    // n = 200, m = 100: en = √(20000/300) = 8.16497, λ = (en + 0.12 + 0.11/en)·0.2 = 1.6596876
    // Q_KS(1.6596876005725136) = 0.0080992910255771 (CPython series)
    expect(kolmogorovPValue(0.2, 200, 100)).toBeCloseTo(0.0080992910255771, 14);
    const a = sample(3, 200);
    const b = sample(4, 100);
    const result = ksTest(a, b);
    expect(result.details.exact).toBe(0);
    const en = Math.sqrt((200 * 100) / 300);
    expect(result.score).toBeCloseTo(kolmogorovQ((en + 0.12 + 0.11 / en) * result.details.statistic!), 15);
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

  it("flips detection at the threshold (p < threshold)", () => {
    const p = 2 / 252;
    const ref = [1, 2, 3, 4, 5];
    const cur = [6, 7, 8, 9, 10];
    expect(ksTest(ref, cur, { threshold: ksTest(ref, cur).score }).detected).toBe(false);
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
    expect(result.details.stdGuarded).toBe(0);
    expect(result.score).toBeCloseTo(4.0089186286863665, 13);
    expect(result.detected).toBe(true);
    expect(result.referenceMean).toBeCloseTo(4 / 3, 14);
    expect(result.currentMean).toBeCloseTo(19 / 3, 14);
  });

  it("guards a constant reference and says so", () => {
    const same = wassersteinTest([2, 2, 2], [2, 2]);
    expect(same.score).toBe(0);
    expect(same.details).toEqual({ distance: 0, referenceStd: 0, stdGuarded: 1 });
    expect(same.detected).toBe(false);
    const moved = wassersteinTest([2, 2, 2], [3]);
    expect(moved.score).toBeCloseTo(1e12, 0);
    expect(moved.detected).toBe(true);
  });

  it("flips detection at the threshold (score >= threshold)", () => {
    const score = wassersteinTest([0, 1, 3], [5, 6, 8]).score;
    expect(wassersteinTest([0, 1, 3], [5, 6, 8], { threshold: score }).detected).toBe(true);
    expect(wassersteinTest([0, 1, 3], [5, 6, 8], { threshold: score * 1.0001 }).detected).toBe(false);
  });
});

describe("PSI", () => {
  it("matches a hand-computed 2-bin example", () => {
    // bins = 2: edge = median of [1,2,3,4] = 2.5 → ref shares 0.5, 0.5; cur [1,3,4,5] → 0.25, 0.75
    // PSI = (0.25−0.5)·ln(0.5) + (0.75−0.5)·ln(1.5) = 0.25·(ln 2 + ln 1.5) = 0.25·ln 3
    const result = psiTest([1, 2, 3, 4], [1, 3, 4, 5], { bins: 2 });
    expect(result.score).toBeCloseTo(0.25 * Math.log(3), 15);
    expect(result.score).toBeCloseTo(0.27465307216702745, 15);
    expect(result.details).toEqual({ bins: 2 });
    expect(result.detected).toBe(true);
  });

  it("floors empty bins at 1e-4", () => {
    // cur [1,2,2,1] all ≤ 2.5 → shares 1 and 0 → 1e-4
    // PSI = (1−0.5)·ln 2 + (1e-4 − 0.5)·ln(1e-4/0.5) = 4.60431846666895 (CPython)
    expect(psiTest([1, 2, 3, 4], [1, 2, 2, 1], { bins: 2 }).score).toBeCloseTo(4.60431846666895, 13);
  });

  it("merges duplicate quantile edges and keeps open-ended outer bins", () => {
    // ref [0,0,0,0,1], type-7 quantiles at 0.1…0.9: 0 up to q = 0.75, then 0.2 (q=0.8), 0.6 (q=0.9)
    // → edges {0, 0.2, 0.6} → 4 bins; identical data → PSI 0
    const ref = [0, 0, 0, 0, 1];
    expect(psiTest(ref, ref)).toMatchObject({ score: 0, detected: false, details: { bins: 4 } });
    // values far outside the reference range land in the outer bins instead of being lost:
    // cur [−5, 9]: shares 0.5, ε, ε, 0.5 vs ref 0.8, ε, ε, 0.2
    const expected = (0.5 - 0.8) * Math.log(0.5 / 0.8) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
    expect(psiTest(ref, [-5, 9]).score).toBeCloseTo(expected, 15);
  });

  it("flips detection at the threshold (score >= threshold) and ignores NaNs", () => {
    const score = 0.25 * Math.log(3);
    const ref = [1, 2, Number.NaN, 3, 4];
    expect(psiTest(ref, [1, 3, 4, 5], { bins: 2, threshold: score }).detected).toBe(true);
    expect(psiTest(ref, [1, 3, 4, 5], { bins: 2, threshold: score + 1e-9 }).detected).toBe(false);
    expect(psiTest(ref, [1, 3, 4, 5], { bins: 2 }).referenceSize).toBe(4);
    expect(() => psiTest(ref, [1], { bins: 0 })).toThrow(RangeError);
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

  it("matches a hand-built 2×2 table", () => {
    // ref: 30 zeros, 70 ones; cur: 45 zeros, 55 ones. Column totals 75, 125; N = 200.
    // E = 37.5, 62.5 in each row; χ² = 2·7.5²/37.5 + 2·7.5²/62.5 = 3 + 1.8 = 4.8, df 1
    // p = erfc(√(4.8/2)) = 0.02845973691631057 (CPython)
    const ref = [...Array(30).fill(0), ...Array(70).fill(1)];
    const cur = [...Array(45).fill(0), ...Array(55).fill(1)];
    const result = chiSquareTest(ref, cur);
    expect(result.details.statistic).toBeCloseTo(4.8, 13);
    expect(result.details.degreesOfFreedom).toBe(1);
    expect(result.score).toBeCloseTo(0.02845973691631057, 15);
    expect(result.detected).toBe(true);
    expect(result.referenceMean).toBeNull();
    expect(result.currentMean).toBeNull();
  });

  it("matches a hand-built 2×3 table (df 2: p = e^{−χ²/2})", () => {
    // ref a,b,c = 10,20,30; cur 20,20,20; column totals 30,40,50; N = 120; E = 15,20,25 per row
    // χ² = 2·(5²/15 + 0 + 5²/25) = 16/3 → p = e^{−8/3} = 0.06948345122280154
    const ref = [...Array(10).fill(1), ...Array(20).fill(2), ...Array(30).fill(3)];
    const cur = [...Array(20).fill(1), ...Array(20).fill(2), ...Array(20).fill(3)];
    const result = chiSquareTest(ref, cur);
    expect(result.details).toEqual({
      statistic: expect.closeTo(16 / 3, 13),
      pValue: expect.closeTo(0.06948345122280154, 15),
      degreesOfFreedom: 2,
      categories: 3,
    });
    expect(result.detected).toBe(false);
  });

  it("counts categories seen only in the current sample", () => {
    // counts 0:(2,1) 1:(2,1) 2:(0,2); N = 8, rows 4 and 4; E = 1.5, 1.5, 1 per row
    // χ² = 4·0.5²/1.5 + 2·1²/1 = 8/3, df 2 → p = e^{−4/3}
    const result = chiSquareTest([0, 0, 1, 1], [0, 1, 2, 2]);
    expect(result.details.statistic).toBeCloseTo(8 / 3, 14);
    expect(result.score).toBeCloseTo(Math.exp(-4 / 3), 15);
  });

  it("gives statistic 0, p 1 for a single category, and ignores NaNs", () => {
    const result = chiSquareTest([4, 4, Number.NaN], [4]);
    expect(result.details).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0, categories: 1 });
    expect(result.referenceSize).toBe(2);
  });
});

describe("two-proportion z test", () => {
  it("matches the worked example 50/100 vs 60/100", () => {
    // pooled 0.55, z = 0.1/√(0.55·0.45·0.02) = 1.4213381090374029
    // p = erfc(z/√2) = 0.15521848968468402 (CPython)
    const ref = [...Array(50).fill(1), ...Array(50).fill(0)];
    const cur = [...Array(60).fill(1), ...Array(40).fill(0)];
    const result = zProportionTest(ref, cur);
    expect(result.details).toEqual({
      z: expect.closeTo(1.4213381090374029, 13),
      pValue: expect.closeTo(0.15521848968468402, 14),
      positive: 1,
      referenceProportion: 0.5,
      currentProportion: 0.6,
      pooledProportion: 0.55,
    });
    expect(result.detected).toBe(false);
    expect(result.score).toBeCloseTo(2 * (1 - normalCdf(1.4213381090374029)), 13);
  });

  it("detects 10/100 vs 30/100", () => {
    // pooled 0.2, se = √(0.16·0.02) = √0.0032, z = 0.2/√0.0032 = √12.5; p = erfc(2.5) = 0.0004069520174449589 (CPython)
    const ref = [...Array(10).fill(1), ...Array(90).fill(0)];
    const cur = [...Array(30).fill(1), ...Array(70).fill(0)];
    const result = zProportionTest(ref, cur);
    expect(result.details.z).toBeCloseTo(Math.sqrt(12.5), 13);
    expect(result.score).toBeCloseTo(0.0004069520174449589, 16);
    expect(result.detected).toBe(true);
    expect(zProportionTest(ref, cur, { threshold: result.score }).detected).toBe(false);
    expect(zProportionTest(ref, cur, { threshold: result.score * 1.0001 }).detected).toBe(true);
  });

  it("gives z 0, p 1 when the pooled proportion is 0 or 1", () => {
    expect(zProportionTest([0, 0], [0, 0, 0]).details).toMatchObject({ z: 0, pValue: 1, pooledProportion: 0 });
    expect(zProportionTest([1, 1], [1]).details).toMatchObject({ z: 0, pValue: 1, pooledProportion: 1 });
  });

  it("gives the same p-value whichever of two categories is positive", () => {
    const ref = [2, 2, 5, 5, 5, 2, 2, 2];
    const cur = [5, 5, 5, 5, 5, 2];
    const five = zProportionTest(ref, cur, { positive: 5 });
    const two = zProportionTest(ref, cur, { positive: 2 });
    expect(two.score).toBeCloseTo(five.score, 15);
    expect(two.details.z).toBeCloseTo(-five.details.z!, 14);
  });
});

describe("method choice", () => {
  const numeric = (size: number) => Array.from({ length: size }, (_, i) => i % 6);

  it("uses KS up to 1000 reference rows of numeric data, Wasserstein above", () => {
    expect(chooseMethod(numeric(1000))).toBe("KS");
    expect(chooseMethod(numeric(1001))).toBe("WASSERSTEIN");
    // NaNs neither count as rows nor as values
    expect(chooseMethod([...numeric(1000), Number.NaN, Number.NaN])).toBe("KS");
  });

  it("treats ≤ 5 distinct values as categorical: chi-square above 2, z test for binary", () => {
    expect(chooseMethod([1, 2, 3, 4, 5, 1])).toBe("CHI_SQUARE");
    expect(chooseMethod([1, 2, 3])).toBe("CHI_SQUARE");
    // CHAS-like: a 0/1 river flag, mostly 0, many rows
    const chas = Array.from({ length: 2000 }, (_, i) => (i % 14 === 0 ? 1 : 0));
    expect(chooseMethod(chas)).toBe("Z_PROPORTION");
    expect(chooseMethod([0, 0, 0])).toBe("Z_PROPORTION");
    expect(chooseMethod([0, 1, Number.NaN])).toBe("Z_PROPORTION");
    expect(() => chooseMethod([Number.NaN])).toThrow(/reference sample is empty/);
  });

  it("runs the chosen test with its default threshold, or the overrides", () => {
    const ref = [1, 2, 3, 4, 5, 6, 7, 8];
    const cur = [5, 6, 7, 8, 9, 10, 11, 12];
    expect(featureDrift(ref, cur)).toEqual(ksTest(ref, cur));
    expect(featureDrift(ref, cur).threshold).toBe(DEFAULT_THRESHOLDS.KS);
    expect(featureDrift(ref, cur, { method: "PSI" })).toEqual(psiTest(ref, cur));
    expect(featureDrift(ref, cur, { method: "WASSERSTEIN", threshold: 0.5 })).toEqual(
      wassersteinTest(ref, cur, { threshold: 0.5 }),
    );
    expect(featureDrift(ref, cur, { threshold: 0.9 }).detected).toBe(true);
    expect(featureDrift([1, 2, 3, 1], [3, 3, 3])).toEqual(chiSquareTest([1, 2, 3, 1], [3, 3, 3]));
  });

  it("picks a positive value that works for binary features", () => {
    const chasRef = [...Array(93).fill(0), ...Array(7).fill(1)];
    const chasCur = [...Array(70).fill(0), ...Array(30).fill(1)];
    expect(featureDrift(chasRef, chasCur)).toEqual(zProportionTest(chasRef, chasCur));
    // a constant-0 reference has no 1 to count, so its own value is the positive one
    const allZero = featureDrift(Array(100).fill(0), chasCur);
    expect(allZero.details.positive).toBe(0);
    expect(allZero.detected).toBe(true);
    // codes other than 0/1: the larger reference value
    expect(featureDrift([2, 5, 5], [2, 2, 2]).details.positive).toBe(5);
  });
});
