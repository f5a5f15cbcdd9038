/**
 * Pure statistics behind drift detection: two-sample tests that compare a feature's reference
 * values (from training) with its current values (from logged predictions).
 *
 * Every test returns its verdict with its evidence, the way Evidently reports drift:
 * `{ method, score, threshold, detected, referenceSize, currentSize, … , details }`.
 * Non-finite values (NaN, and ±Infinity, which Evidently also drops) are removed before testing,
 * and the sizes reported are the sizes after that filtering. No I/O, no randomness.
 */
import { gammaln, uniqueCountSorted } from "simple-statistics";
import { mean, quantileSorted, std } from "../../../models/stats.ts";

export type DriftMethod = "KS" | "WASSERSTEIN" | "PSI" | "CHI_SQUARE" | "Z_PROPORTION";

export interface DriftTestResult {
  method: DriftMethod;
  /** p-value for KS, CHI_SQUARE and Z_PROPORTION; a distance for WASSERSTEIN and PSI. */
  score: number;
  threshold: number;
  /** p-value methods: score < threshold; distance methods: score >= threshold. */
  detected: boolean;
  referenceSize: number;
  currentSize: number;
  /** Mean of the values for numeric methods; null for CHI_SQUARE and Z_PROPORTION, whose values are category codes. */
  referenceMean: number | null;
  currentMean: number | null;
  /** Method-specific evidence, e.g. { statistic, pValue }. */
  details: Record<string, number>;
}

export interface KsOptions {
  /** p-value below which drift is detected. Default 0.05. */
  threshold?: number;
}
export interface WassersteinOptions {
  /** Normalised distance at or above which drift is detected. Default 0.1. */
  threshold?: number;
}
export interface PsiOptions {
  /** PSI at or above which drift is detected. Default 0.1. */
  threshold?: number;
  /** Number of reference-quantile bins before duplicate edges are merged. Default 10. */
  bins?: number;
}
export interface ChiSquareOptions {
  /** p-value below which drift is detected. Default 0.05. */
  threshold?: number;
}
export interface ZProportionOptions {
  /** p-value below which drift is detected. Default 0.05. */
  threshold?: number;
  /** The value counted as a success. Default 1. */
  positive?: number;
}
export interface FeatureDriftOptions {
  /** Overrides chooseMethod's choice. */
  method?: DriftMethod;
  /** Overrides the method's default threshold. */
  threshold?: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  KS: 0.05,
  WASSERSTEIN: 0.1,
  PSI: 0.1,
  CHI_SQUARE: 0.05,
  Z_PROPORTION: 0.05,
};

/** Largest n·m for which kolmogorovPValue uses the exact distribution; above it, the asymptotic one. */
export const EXACT_KS_MAX_PRODUCT = 10_000;
/** Proportion given to an empty PSI bin, so that ln(cur/ref) stays finite (Evidently's choice). */
export const PSI_EMPTY_BIN_PROPORTION = 1e-4;
/** Divisor used for the normalised Wasserstein distance when the reference is constant. */
export const WASSERSTEIN_STD_GUARD = 1e-12;
/** Evidently's split between categorical-like (≤ 5 distinct values) and numeric features. */
export const MAX_CATEGORICAL_UNIQUE_VALUES = 5;
/** Evidently's split between small references (KS) and large ones (Wasserstein). */
export const MAX_KS_REFERENCE_SIZE = 1000;

// ---------------------------------------------------------------------------------------------
// Kolmogorov–Smirnov
// ---------------------------------------------------------------------------------------------

/**
 * Two-sample KS statistic D = sup_x |F_ref(x) − F_cur(x)| of two ascending-sorted samples, exact.
 * Both empirical CDFs are stepped past every copy of the current value before they are compared,
 * so ties between (or within) the samples never create a spurious gap.
 * Returned as the integer lattice gap max |i·m − j·n| too, which the exact p-value needs.
 */
function ksGapSorted(ref: readonly number[], cur: readonly number[]): { statistic: number; gap: number } {
  const n = ref.length;
  const m = cur.length;
  let i = 0;
  let j = 0;
  let gap = 0;
  while (i < n && j < m) {
    const x = Math.min(ref[i] as number, cur[j] as number);
    while (i < n && ref[i] === x) i++;
    while (j < m && cur[j] === x) j++;
    gap = Math.max(gap, Math.abs(i * m - j * n));
  }
  // Once one sample is exhausted its CDF is 1 and the other's only rises towards 1: the gap can only shrink.
  return { statistic: gap / (n * m), gap };
}

/** Two-sample KS statistic D of two unsorted samples (NaNs are not filtered here). */
export function ksStatistic(reference: readonly number[], current: readonly number[]): number {
  return ksGapSorted(sortedCopy(reference), sortedCopy(current)).statistic;
}

/**
 * Survival function of the Kolmogorov distribution, Q_KS(λ) = P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}.
 * That alternating series converges slowly (and cancels badly) for small λ, so below λ = 1 the
 * complementary Jacobi-theta form is used instead:
 * P(K ≤ λ) = (√(2π)/λ) Σ_{k≥1} e^{−(2k−1)²π²/(8λ²)}, and Q = 1 − P (which is 1 to double precision below λ ≈ 0.2).
 * Both series are summed until a term is below 1e-16 relative to the sum.
 */
export function kolmogorovQ(lambda: number): number {
  if (Number.isNaN(lambda)) return Number.NaN;
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    const c = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let cdfSum = 0;
    for (let k = 1; k < 1000; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
      cdfSum += term;
      if (term <= 1e-16 * cdfSum || term === 0) break;
    }
    return clamp01(1 - (Math.sqrt(2 * Math.PI) / lambda) * cdfSum);
  }
  let sum = 0;
  for (let k = 1; k < 1000; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term <= 1e-16 * Math.abs(sum) || term === 0) break;
  }
  return clamp01(2 * sum);
}

/**
 * Exact two-sided p-value P(D ≥ d) of the two-sample KS statistic under H0 (both samples from one
 * continuous distribution), by the lattice-path method (Hodges 1958), as scipy's
 * `ks_2samp(method="exact")`: under H0 the merged ordering is a uniformly random monotone path from
 * (0, 0) to (n, m), and D ≥ d exactly when the path touches a point with |i/n − j/m| ≥ d.
 * Instead of counting paths (C(n+m, n) overflows quickly) the DP carries probabilities: from (i, j)
 * the next value comes from the reference with probability (n−i)/(n+m−i−j). The mass that first
 * steps outside the band is summed directly, so small p-values keep their relative precision.
 * Points are compared in integer units of 1/lcm(n, m), so D's rounding cannot move a point across the band.
 */
function exactKsPValue(d: number, n: number, m: number): number {
  const lcm = (n / gcd(n, m)) * m;
  const h = Math.round(d * lcm); // D = h / lcm exactly for any attainable D
  if (h <= 0) return 1;
  const refStep = lcm / n;
  const curStep = lcm / m;
  const outside = (i: number, j: number): boolean => Math.abs(i * refStep - j * curStep) >= h;
  const width = m + 1;
  const mass = new Float64Array((n + 1) * width);
  mass[0] = 1;
  let pOutside = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const w = mass[i * width + j] as number;
      if (w === 0) continue;
      const remaining = n + m - i - j;
      if (i < n) {
        const p = (w * (n - i)) / remaining;
        if (outside(i + 1, j)) pOutside += p;
        else mass[(i + 1) * width + j] = (mass[(i + 1) * width + j] as number) + p;
      }
      if (j < m) {
        const p = (w * (m - j)) / remaining;
        if (outside(i, j + 1)) pOutside += p;
        else mass[i * width + j + 1] = (mass[i * width + j + 1] as number) + p;
      }
    }
  }
  return clamp01(pOutside);
}

/**
 * Two-sided p-value of the two-sample KS statistic d for sample sizes n and m.
 * n·m ≤ EXACT_KS_MAX_PRODUCT: the exact lattice-path distribution (see exactKsPValue).
 * Otherwise the asymptotic Kolmogorov distribution with Stephens' small-sample correction
 * (Numerical Recipes' probks, scipy before 1.5): en = √(n·m/(n+m)), p = Q_KS((en + 0.12 + 0.11/en)·d).
 */
export function kolmogorovPValue(d: number, n: number, m: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 1) {
    throw new RangeError(`sample sizes must be positive integers, got n=${n}, m=${m}`);
  }
  if (!(d >= 0 && d <= 1)) throw new RangeError(`KS statistic must be in [0, 1], got ${d}`);
  if (n * m <= EXACT_KS_MAX_PRODUCT) return exactKsPValue(d, n, m);
  const en = Math.sqrt((n * m) / (n + m));
  return kolmogorovQ((en + 0.12 + 0.11 / en) * d);
}

/**
 * Two-sample Kolmogorov–Smirnov test. score = p-value, drift when p < threshold (default 0.05).
 * details: { statistic: D, pValue, exact: 1 when the exact distribution was used, else 0 }.
 */
export function ksTest(
  reference: readonly number[],
  current: readonly number[],
  options: KsOptions = {},
): DriftTestResult {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLDS.KS);
  const { ref, cur } = cleanPair(reference, current);
  const { statistic } = ksGapSorted(ref, cur);
  const pValue = kolmogorovPValue(statistic, ref.length, cur.length);
  return {
    method: "KS",
    score: pValue,
    threshold,
    detected: pValue < threshold,
    referenceSize: ref.length,
    currentSize: cur.length,
    referenceMean: mean(ref),
    currentMean: mean(cur),
    details: { statistic, pValue, exact: ref.length * cur.length <= EXACT_KS_MAX_PRODUCT ? 1 : 0 },
  };
}

// ---------------------------------------------------------------------------------------------
// Wasserstein
// ---------------------------------------------------------------------------------------------

/**
 * First Wasserstein (earth mover's) distance between two ascending-sorted empirical distributions,
 * exact: W1 = ∫ |F_ref(x) − F_cur(x)| dx, integrated piecewise over the merged sorted support where
 * both CDFs are constant between consecutive distinct values (as scipy's `wasserstein_distance`).
 */
function wassersteinSorted(ref: readonly number[], cur: readonly number[]): number {
  const n = ref.length;
  const m = cur.length;
  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < n || j < m) {
    const x = Math.min(i < n ? (ref[i] as number) : Infinity, j < m ? (cur[j] as number) : Infinity);
    while (i < n && ref[i] === x) i++;
    while (j < m && cur[j] === x) j++;
    if (i === n && j === m) break;
    const next = Math.min(i < n ? (ref[i] as number) : Infinity, j < m ? (cur[j] as number) : Infinity);
    distance += Math.abs(i / n - j / m) * (next - x);
  }
  return distance;
}

/** W1 distance between two unsorted samples (NaNs are not filtered here). */
export function wassersteinDistance(reference: readonly number[], current: readonly number[]): number {
  return wassersteinSorted(sortedCopy(reference), sortedCopy(current));
}

/**
 * Normalised Wasserstein distance: W1(ref, cur) / σ_ref, σ_ref the population standard deviation of
 * the reference, so the score reads "how many reference standard deviations the mass moved".
 * A constant reference (σ = 0) divides by WASSERSTEIN_STD_GUARD instead, flagged in details.stdGuarded.
 * score = normalised distance; drift when score >= threshold (default 0.1).
 * details: { distance, referenceStd, stdGuarded: 0 | 1 }.
 */
export function wassersteinTest(
  reference: readonly number[],
  current: readonly number[],
  options: WassersteinOptions = {},
): DriftTestResult {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLDS.WASSERSTEIN);
  const { ref, cur } = cleanPair(reference, current);
  const distance = wassersteinSorted(ref, cur);
  const referenceStd = std(ref);
  const stdGuarded = referenceStd > 0 ? 0 : 1;
  const score = distance / (stdGuarded ? WASSERSTEIN_STD_GUARD : referenceStd);
  return {
    method: "WASSERSTEIN",
    score,
    threshold,
    detected: score >= threshold,
    referenceSize: ref.length,
    currentSize: cur.length,
    referenceMean: mean(ref),
    currentMean: mean(cur),
    details: { distance, referenceStd, stdGuarded },
  };
}

// ---------------------------------------------------------------------------------------------
// Population stability index
// ---------------------------------------------------------------------------------------------

/**
 * Population stability index. Inner bin edges are the reference's type-7 quantiles at k/bins,
 * k = 1 … bins−1, with duplicates merged (so discrete data gets fewer bins); the outer bins are
 * open-ended, so current values outside the reference range still land in a bin. Bins are
 * right-closed: a value equal to an edge belongs to the bin below it (as pandas.cut).
 * Proportions of empty bins are replaced by PSI_EMPTY_BIN_PROPORTION (1e-4), then
 * PSI = Σ_bins (cur − ref) · ln(cur / ref). Drift when PSI >= threshold (default 0.1).
 * details: { bins: bins actually used }.
 */
export function psiTest(
  reference: readonly number[],
  current: readonly number[],
  options: PsiOptions = {},
): DriftTestResult {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLDS.PSI);
  const requestedBins = options.bins ?? 10;
  if (!Number.isInteger(requestedBins) || requestedBins < 1) {
    throw new RangeError(`PSI bins must be a positive integer, got ${requestedBins}`);
  }
  const { ref, cur } = cleanPair(reference, current);
  const edges: number[] = [];
  for (let k = 1; k < requestedBins; k++) {
    const edge = quantileSorted(ref, k / requestedBins);
    if (edges.length === 0 || edge > (edges[edges.length - 1] as number)) edges.push(edge);
  }
  const refProportions = binProportions(ref, edges);
  const curProportions = binProportions(cur, edges);
  let score = 0;
  for (let b = 0; b < refProportions.length; b++) {
    const r = refProportions[b] as number;
    const c = curProportions[b] as number;
    score += (c - r) * Math.log(c / r);
  }
  return {
    method: "PSI",
    score,
    threshold,
    detected: score >= threshold,
    referenceSize: ref.length,
    currentSize: cur.length,
    referenceMean: mean(ref),
    currentMean: mean(cur),
    details: { bins: refProportions.length },
  };
}

/** Share of ascending-sorted values in each right-closed bin (−∞, e0], (e0, e1], …, (e_last, ∞); empty bins get the epsilon. */
function binProportions(sorted: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (const x of sorted) {
    while (bin < edges.length && x > (edges[bin] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts.map((count) => (count === 0 ? PSI_EMPTY_BIN_PROPORTION : count / sorted.length));
}

// ---------------------------------------------------------------------------------------------
// Chi-square
// ---------------------------------------------------------------------------------------------

/**
 * Pearson chi-square test of homogeneity on the 2 × k contingency table of category counts
 * (rows: reference, current; columns: the union of categories seen in either sample).
 * statistic = Σ (O − E)² / E with E = rowTotal · columnTotal / N, df = k − 1, no Yates continuity
 * correction (scipy's `chi2_contingency(table, correction=False)`); p-value = chi-square survival
 * function. A single category overall means nothing can differ: statistic 0, p 1.
 * score = p-value; drift when p < threshold (default 0.05).
 * details: { statistic, pValue, degreesOfFreedom, categories }.
 */
export function chiSquareTest(
  reference: readonly number[],
  current: readonly number[],
  options: ChiSquareOptions = {},
): DriftTestResult {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLDS.CHI_SQUARE);
  const { ref, cur } = cleanPair(reference, current);
  const counts = new Map<number, [number, number]>();
  for (const x of ref) (counts.get(x) ?? setNew(counts, x))[0]++;
  for (const x of cur) (counts.get(x) ?? setNew(counts, x))[1]++;
  const n = ref.length;
  const m = cur.length;
  const total = n + m;
  let statistic = 0;
  for (const [refCount, curCount] of counts.values()) {
    const column = refCount + curCount;
    const expectedRef = (n * column) / total;
    const expectedCur = (m * column) / total;
    statistic += (refCount - expectedRef) ** 2 / expectedRef + (curCount - expectedCur) ** 2 / expectedCur;
  }
  const degreesOfFreedom = counts.size - 1;
  if (degreesOfFreedom === 0) statistic = 0;
  const pValue = degreesOfFreedom === 0 ? 1 : chiSquareSurvival(statistic, degreesOfFreedom);
  return {
    method: "CHI_SQUARE",
    score: pValue,
    threshold,
    detected: pValue < threshold,
    referenceSize: n,
    currentSize: m,
    referenceMean: null,
    currentMean: null,
    details: { statistic, pValue, degreesOfFreedom, categories: counts.size },
  };
}

function setNew(counts: Map<number, [number, number]>, key: number): [number, number] {
  const entry: [number, number] = [0, 0];
  counts.set(key, entry);
  return entry;
}

/** Survival function of the chi-square distribution: P(X > x) = Q(df/2, x/2). */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be positive, got ${degreesOfFreedom}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}

// ---------------------------------------------------------------------------------------------
// Incomplete gamma and the normal distribution
// ---------------------------------------------------------------------------------------------

const GAMMA_EPS = Number.EPSILON;
const GAMMA_MAX_ITERATIONS = 100_000;
const GAMMA_FPMIN = 1e-300;

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) by its power series,
 * P = e^{−x} x^a / Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)); converges quickly for x < a + 1
 * (Numerical Recipes' gser). ln Γ is simple-statistics' Lanczos `gammaln`.
 */
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < GAMMA_MAX_ITERATIONS; k++) {
    term *= x / (a + k);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * GAMMA_EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - gammaln(a));
}

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) by its continued fraction, evaluated
 * with the modified Lentz method; converges quickly for x ≥ a + 1 (Numerical Recipes' gcf).
 */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / GAMMA_FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_FPMIN) d = GAMMA_FPMIN;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_FPMIN) c = GAMMA_FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= GAMMA_EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - gammaln(a)) * h;
}

function checkGammaArguments(a: number, x: number): void {
  if (!(a > 0)) throw new RangeError(`incomplete gamma needs a > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`incomplete gamma needs x >= 0, got ${x}`);
}

/** Regularised lower incomplete gamma P(a, x); each branch is used where it converges (see above). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? clamp01(gammaPSeries(a, x)) : clamp01(1 - gammaQContinuedFraction(a, x));
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly where it is small. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? clamp01(1 - gammaPSeries(a, x)) : clamp01(gammaQContinuedFraction(a, x));
}

/**
 * Standard normal CDF Φ(z) to near double precision, through erfc(t) = Q(1/2, t²):
 * Φ(z) = ½ erfc(−z/√2). (simple-statistics' cumulativeStdNormalProbability is a 4-digit table and
 * its errorFunction is accurate to ~1e-7 only, too coarse for p-values near a threshold.)
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const half = regularizedGammaQ(0.5, (z * z) / 2) / 2; // ½ erfc(|z|/√2) = upper tail of |z|
  return z >= 0 ? 1 - half : half;
}

// ---------------------------------------------------------------------------------------------
// Two-proportion z test
// ---------------------------------------------------------------------------------------------

/**
 * Two-sample z test for proportions of `positive` (default 1; any other value counts as negative).
 * p_ref = k_ref/n, p_cur = k_cur/m, pooled p = (k_ref + k_cur)/(n + m),
 * z = (p_cur − p_ref) / √(p(1−p)(1/n + 1/m)); two-sided p-value 2(1 − Φ(|z|)), evaluated as
 * erfc(|z|/√2) = Q(1/2, z²/2) so small p-values keep their precision. When the pooled proportion is
 * 0 or 1 both samples are identical in this respect: z = 0, p = 1.
 * score = p-value; drift when p < threshold (default 0.05).
 * details: { z, pValue, positive, referenceProportion, currentProportion, pooledProportion }.
 */
export function zProportionTest(
  reference: readonly number[],
  current: readonly number[],
  options: ZProportionOptions = {},
): DriftTestResult {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLDS.Z_PROPORTION);
  const positive = options.positive ?? 1;
  const { ref, cur } = cleanPair(reference, current);
  const n = ref.length;
  const m = cur.length;
  const refPositives = ref.filter((x) => x === positive).length;
  const curPositives = cur.filter((x) => x === positive).length;
  const referenceProportion = refPositives / n;
  const currentProportion = curPositives / m;
  const pooledProportion = (refPositives + curPositives) / (n + m);
  let z = 0;
  let pValue = 1;
  if (pooledProportion > 0 && pooledProportion < 1) {
    const standardError = Math.sqrt(pooledProportion * (1 - pooledProportion) * (1 / n + 1 / m));
    z = (currentProportion - referenceProportion) / standardError;
    pValue = regularizedGammaQ(0.5, (z * z) / 2);
  }
  return {
    method: "Z_PROPORTION",
    score: pValue,
    threshold,
    detected: pValue < threshold,
    referenceSize: n,
    currentSize: m,
    referenceMean: null,
    currentMean: null,
    details: { z, pValue, positive, referenceProportion, currentProportion, pooledProportion },
  };
}

// ---------------------------------------------------------------------------------------------
// Method choice
// ---------------------------------------------------------------------------------------------

/**
 * Evidently's default decision table, from the reference alone (after NaN filtering):
 * more than 5 distinct values → numeric: KS when the reference has ≤ 1000 rows, WASSERSTEIN above;
 * at most 5 → categorical: CHI_SQUARE with more than 2 categories, Z_PROPORTION with 1 or 2.
 * (Evidently uses Jensen–Shannon for large categorical references; Domus keeps the exact tests.)
 */
export function chooseMethod(reference: readonly number[]): DriftMethod {
  const ref = cleanSorted(reference, "reference");
  const unique = uniqueCountSorted(ref);
  if (unique > MAX_CATEGORICAL_UNIQUE_VALUES) return ref.length <= MAX_KS_REFERENCE_SIZE ? "KS" : "WASSERSTEIN";
  return unique > 2 ? "CHI_SQUARE" : "Z_PROPORTION";
}

/**
 * Drift of one feature: the method from chooseMethod unless options.method is given, with that
 * method's default threshold unless options.threshold is given. For Z_PROPORTION the positive
 * value is 1 when the reference contains 1 (0/1-encoded flags such as CHAS), else the largest
 * reference value; for two categories the choice does not change |z| or the p-value.
 */
export function featureDrift(
  reference: readonly number[],
  current: readonly number[],
  options: FeatureDriftOptions = {},
): DriftTestResult {
  const method = options.method ?? chooseMethod(reference);
  const threshold = options.threshold;
  switch (method) {
    case "KS":
      return ksTest(reference, current, { threshold });
    case "WASSERSTEIN":
      return wassersteinTest(reference, current, { threshold });
    case "PSI":
      return psiTest(reference, current, { threshold });
    case "CHI_SQUARE":
      return chiSquareTest(reference, current, { threshold });
    case "Z_PROPORTION": {
      const ref = cleanSorted(reference, "reference");
      const positive = ref.includes(1) ? 1 : (ref[ref.length - 1] as number);
      return zProportionTest(ref, current, { threshold, positive });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Finite values, ascending; a sample with none left is refused, naming which sample it was. */
function cleanSorted(values: readonly number[], name: "reference" | "current"): number[] {
  const finite = values.filter((x) => Number.isFinite(x));
  if (finite.length === 0) throw new RangeError(`${name} sample is empty (no non-NaN values)`);
  return finite.sort((a, b) => a - b);
}

function cleanPair(reference: readonly number[], current: readonly number[]): { ref: number[]; cur: number[] } {
  return { ref: cleanSorted(reference, "reference"), cur: cleanSorted(current, "current") };
}

function checkThreshold(threshold: number): number {
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new RangeError(`threshold must be a finite non-negative number, got ${threshold}`);
  }
  return threshold;
}

function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
