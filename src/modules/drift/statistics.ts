/**
 * Pure statistics behind drift detection: the stattests of Evidently 0.7.21
 * (`src/evidently/legacy/calculations/stattests/`, used by both of its APIs) re-implemented over
 * plain numbers, compared with scipy 1.10.1 / numpy 1.24 by the fixtures in test/fixtures/drift.
 *
 * Every test returns its verdict with its evidence, the way Evidently reports drift:
 * `{ method, score, threshold, detected, referenceSize, currentSize, … , details }`.
 * Non-finite values (NaN, and ±Infinity, which Evidently also drops) are removed before testing,
 * and the sizes reported are the sizes after that filtering. No I/O, no randomness.
 */
import { mean, std } from "../../../models/stats.ts";
import { ks2SampSorted } from "./kolmogorov.ts";
import { DRIFT_METHOD_SPECS, type DriftMethod, DRIFT_METHODS, isDetected } from "./methods.ts";
import { chiSquareSurvival, normalCdf } from "./special.ts";

export type { DriftMethod } from "./methods.ts";

/** A sample inside this module: the caller's array, or its cleaned, sorted typed copy. */
type Values = ArrayLike<number> & Iterable<number>;

export interface DriftTestResult {
  method: DriftMethod;
  /** p-value for KS, CHI_SQUARE and Z_PROPORTION; a distance for WASSERSTEIN and PSI. */
  score: number;
  threshold: number;
  /** Evidently's comparison for the method (see DRIFT_METHOD_SPECS): KS p ≤ t, CHI_SQUARE and Z_PROPORTION p < t, distances ≥ t. */
  detected: boolean;
  referenceSize: number;
  currentSize: number;
  /** Mean of the values for numeric methods; null for CHI_SQUARE and Z_PROPORTION, whose values are category codes. */
  referenceMean: number | null;
  currentMean: number | null;
  /** Method-specific evidence, e.g. { statistic, pValue }. */
  details: Record<string, number>;
}

export interface TestOptions {
  /** Overrides the method's default threshold (Evidently's, see DRIFT_METHOD_SPECS). */
  threshold?: number;
}
export interface FeatureDriftOptions extends TestOptions {
  /** Overrides chooseMethod's choice. */
  method?: DriftMethod;
}

export const DEFAULT_THRESHOLDS = Object.fromEntries(DRIFT_METHODS.map((m) => [m, DRIFT_METHOD_SPECS[m].threshold])) as Readonly<Record<DriftMethod, number>>;

/** Evidently's floor on the reference std that normalises the Wasserstein distance (`max(np.std(ref), 0.001)`). */
export const WASSERSTEIN_MIN_STD = 0.001;
/** Evidently's share for an empty PSI bin, unless the smallest non-empty share is at most this (then that share / 10⁶). */
export const PSI_EMPTY_BIN_SHARE = 1e-4;
/** PSI bins a numeric feature by Sturges' histogram when the reference has more than this many distinct values, else per value. */
export const PSI_MAX_VALUES_AS_CATEGORIES = 20;
/** Evidently's default stattest: at most this many distinct values (reference and current pooled) → categorical tests. */
export const MAX_CATEGORICAL_UNIQUE_VALUES = 5;
/** Evidently's default stattest: references of at most this many rows get the small-sample tests (KS, chi-square, z). */
export const MAX_SMALL_REFERENCE_SIZE = 1000;

// ---------------------------------------------------------------------------------------------
// The five tests
// ---------------------------------------------------------------------------------------------

/**
 * Two-sample Kolmogorov–Smirnov test, Evidently's `ks`: scipy's `ks_2samp` p-value (exact while
 * max(n, m) ≤ 10,000, see kolmogorov.ts). score = p-value; drift when p ≤ threshold (default 0.05).
 * details: { statistic: D, pValue, exact: 1 when the exact distribution was used, else 0 }.
 */
export function ksTest(reference: readonly number[], current: readonly number[], options: TestOptions = {}): DriftTestResult {
  const { ref, cur } = cleanPair(reference, current);
  const { statistic, pValue, exact } = ks2SampSorted(ref, cur);
  return verdict("KS", pValue, options, ref, cur, true, { statistic, pValue, exact: exact ? 1 : 0 });
}

/**
 * First Wasserstein (earth mover's) distance between two ascending-sorted empirical distributions,
 * exact: W1 = ∫ |F_ref(x) − F_cur(x)| dx, integrated piecewise over the merged sorted support where
 * both CDFs are constant between consecutive distinct values (as scipy's `wasserstein_distance`).
 */
function wassersteinSorted(ref: Values, cur: Values): number {
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
 * Evidently's `wasserstein`: W1(ref, cur) / max(σ_ref, 0.001), σ_ref the population standard
 * deviation of the reference, so the score reads "how many reference standard deviations the mass moved".
 * score = normalised distance; drift when score ≥ threshold (default 0.1).
 * details: { distance, referenceStd, norm: the divisor used }.
 */
export function wassersteinTest(reference: readonly number[], current: readonly number[], options: TestOptions = {}): DriftTestResult {
  const { ref, cur } = cleanPair(reference, current);
  const distance = wassersteinSorted(ref, cur);
  const referenceStd = std(ref);
  const norm = Math.max(referenceStd, WASSERSTEIN_MIN_STD);
  return verdict("WASSERSTEIN", distance / norm, options, ref, cur, true, { distance, referenceStd, norm });
}

/**
 * Evidently's `psi` (`get_binned_data`, then Σ (ref − cur) · ln(ref / cur) over the bins).
 * Bins: when the reference has more than 20 distinct values, numpy's Sturges histogram of the pooled
 * sample (`np.histogram_bin_edges(ref ∪ cur, "sturges")`: ⌈range / (range / (log2 N + 1))⌉ equal-width
 * bins, each [e_i, e_{i+1}) and the last closed); otherwise one bin per distinct value of either sample.
 * Empty bins' shares, separately in each sample, become 1e-4, or the smallest non-empty share / 10⁶ when
 * that share is at most 1e-4. score = PSI; drift when PSI ≥ threshold (default 0.1).
 * details: { bins }.
 */
export function psiTest(reference: readonly number[], current: readonly number[], options: TestOptions = {}): DriftTestResult {
  const { ref, cur } = cleanPair(reference, current);
  const { refShares, curShares } = binnedShares(ref, cur);
  fillEmptyShares(refShares);
  fillEmptyShares(curShares);
  let score = 0;
  for (let b = 0; b < refShares.length; b++) {
    const r = refShares[b] as number;
    const c = curShares[b] as number;
    score += (r - c) * Math.log(r / c);
  }
  return verdict("PSI", score, options, ref, cur, true, { bins: refShares.length });
}

/** Shares of two ascending-sorted samples per bin, as Evidently's `get_binned_data` for a numerical feature. */
function binnedShares(ref: Values, cur: Values): { refShares: number[]; curShares: number[] } {
  if (uniqueCountSorted(ref) > PSI_MAX_VALUES_AS_CATEGORIES) {
    const edges = sturgesEdges(ref, cur);
    return { refShares: histogramShares(ref, edges), curShares: histogramShares(cur, edges) };
  }
  const keys = unionValues(ref, cur);
  const refCounts = valueCounts(ref);
  const curCounts = valueCounts(cur);
  return {
    refShares: keys.map((k) => (refCounts.get(k) ?? 0) / ref.length),
    curShares: keys.map((k) => (curCounts.get(k) ?? 0) / cur.length),
  };
}

/** `np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")` for two non-empty sorted samples, operation for operation. */
function sturgesEdges(ref: Values, cur: Values): number[] {
  let first = Math.min(ref[0] as number, cur[0] as number);
  let last = Math.max(ref[ref.length - 1] as number, cur[cur.length - 1] as number);
  const width = (last - first) / (Math.log2(ref.length + cur.length) + 1);
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const bins = width ? Math.ceil((last - first) / width) : 1;
  // np.linspace(first, last, bins + 1): i·step + first, the last edge exactly `last`
  const step = (last - first) / bins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(step === 0 ? (i / bins) * (last - first) + first : i * step + first);
  edges.push(last);
  return edges;
}

/** `np.histogram(sorted, edges)[0] / len`: bins [e_i, e_{i+1}), the last one closed; values outside are not counted. */
function histogramShares(sorted: Values, edges: readonly number[]): number[] {
  const below = edges.map((e, k) => searchSorted(sorted, e, k === edges.length - 1 ? "right" : "left"));
  return below.slice(1).map((c, k) => (c - (below[k] as number)) / sorted.length);
}

/** Evidently's `feel_zeroes`: empty shares become 1e-4, or min(non-empty share) / 10⁶ when that is ≤ 1e-4. */
function fillEmptyShares(shares: number[]): void {
  let smallest = Infinity;
  for (const s of shares) if (s !== 0 && s < smallest) smallest = s;
  const fill = smallest <= PSI_EMPTY_BIN_SHARE ? smallest / 10 ** 6 : PSI_EMPTY_BIN_SHARE;
  for (let b = 0; b < shares.length; b++) if (shares[b] === 0) shares[b] = fill;
}

/**
 * Evidently's `chisquare`: a goodness-of-fit test of the current counts against the reference
 * proportions scaled to the current size — scipy's `chisquare(f_obs, f_exp)` with, per value seen in
 * either sample, f_obs = current count and f_exp = reference count · (m / n); df = categories − 1.
 * A value absent from the reference has f_exp = 0, so χ² = ∞ and p = 0. With a single value overall
 * scipy's p-value is NaN (df 0), never drift; Domus reports p = 1 (GraphQL floats cannot be NaN).
 * score = p-value; drift when p < threshold (default 0.05).
 * details: { statistic, pValue, degreesOfFreedom, categories }.
 */
export function chiSquareTest(reference: readonly number[], current: readonly number[], options: TestOptions = {}): DriftTestResult {
  const { ref, cur } = cleanPair(reference, current);
  const keys = unionValues(ref, cur);
  const refCounts = valueCounts(ref);
  const curCounts = valueCounts(cur);
  const kNorm = cur.length / ref.length;
  let statistic = 0;
  for (const key of keys) {
    const expected = (refCounts.get(key) ?? 0) * kNorm;
    statistic += ((curCounts.get(key) ?? 0) - expected) ** 2 / expected;
  }
  const degreesOfFreedom = keys.length - 1;
  const pValue = degreesOfFreedom === 0 ? 1 : chiSquareSurvival(statistic, degreesOfFreedom);
  return verdict("CHI_SQUARE", pValue, options, ref, cur, false, { statistic, pValue, degreesOfFreedom, categories: keys.length });
}

/**
 * Evidently's `z`: two-sample z test for proportions, where a value counts as a success when it
 * differs from the smallest value seen in either sample (for a 0/1 flag: the 1s).
 * p_ref = k_ref/n, p_cur = k_cur/m, pooled P = (p_ref·n + p_cur·m)/(n + m),
 * z = (p_ref − p_cur) / √(P(1−P)(1/n + 1/m)), p = 2(1 − Φ(|z|)). Both samples one and the same
 * value: p = 1. score = p-value; drift when p < threshold (default 0.05).
 * details: { z, pValue, referenceProportion, currentProportion, pooledProportion }.
 */
export function zProportionTest(reference: readonly number[], current: readonly number[], options: TestOptions = {}): DriftTestResult {
  const { ref, cur } = cleanPair(reference, current);
  const n = ref.length;
  const m = cur.length;
  const baseline = Math.min(ref[0] as number, cur[0] as number);
  const referenceProportion = ref.filter((x) => x !== baseline).length / n;
  const currentProportion = cur.filter((x) => x !== baseline).length / m;
  const pooledProportion = (referenceProportion * n + currentProportion * m) / (n + m);
  let z = 0;
  let pValue = 1;
  const sameConstant = ref[0] === ref[n - 1] && cur[0] === cur[m - 1] && ref[0] === cur[0];
  if (!sameConstant) {
    z = (referenceProportion - currentProportion) / Math.sqrt(pooledProportion * (1 - pooledProportion) * (1 / n + 1 / m));
    pValue = 2 * (1 - normalCdf(Math.abs(z)));
  }
  return verdict("Z_PROPORTION", pValue, options, ref, cur, false, { z, pValue, referenceProportion, currentProportion, pooledProportion });
}

// ---------------------------------------------------------------------------------------------
// Method choice
// ---------------------------------------------------------------------------------------------

/**
 * Evidently 0.7.21's default stattest for a numerical column (`_get_default_stattest` in
 * `stattests/registry.py`; Domus's features are floats, which Evidently types as numerical), after
 * non-finite values are dropped. With v = distinct values of reference and current pooled:
 * reference ≤ 1000 rows: v ≤ 5 → CHI_SQUARE when v > 2, else Z_PROPORTION; v > 5 → KS.
 * reference > 1000 rows: v > 5 → WASSERSTEIN; v ≤ 5 → Evidently's Jensen–Shannon distance, which is
 * not among the API's methods: Domus keeps CHI_SQUARE / Z_PROPORTION there.
 */
export function chooseMethod(reference: readonly number[], current: readonly number[]): DriftMethod {
  const { ref, cur } = cleanPair(reference, current);
  const values = unionValues(ref, cur).length;
  if (values <= MAX_CATEGORICAL_UNIQUE_VALUES) return values > 2 ? "CHI_SQUARE" : "Z_PROPORTION";
  return ref.length <= MAX_SMALL_REFERENCE_SIZE ? "KS" : "WASSERSTEIN";
}

const TESTS: Record<DriftMethod, (reference: readonly number[], current: readonly number[], options: TestOptions) => DriftTestResult> = {
  KS: ksTest,
  WASSERSTEIN: wassersteinTest,
  PSI: psiTest,
  CHI_SQUARE: chiSquareTest,
  Z_PROPORTION: zProportionTest,
};

/**
 * Drift of one feature (or of the predictions): the method from chooseMethod unless options.method
 * is given, with that method's default threshold unless options.threshold is given.
 */
export function featureDrift(reference: readonly number[], current: readonly number[], options: FeatureDriftOptions = {}): DriftTestResult {
  const method = options.method ?? chooseMethod(reference, current);
  return TESTS[method](reference, current, { threshold: options.threshold });
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function verdict(
  method: DriftMethod,
  score: number,
  options: TestOptions,
  ref: Values,
  cur: Values,
  numeric: boolean,
  details: Record<string, number>,
): DriftTestResult {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_THRESHOLDS[method]);
  return {
    method,
    score,
    threshold,
    detected: isDetected(method, score, threshold),
    referenceSize: ref.length,
    currentSize: cur.length,
    referenceMean: numeric ? mean(ref) : null,
    currentMean: numeric ? mean(cur) : null,
    details,
  };
}

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Finite values, ascending (a typed-array sort: numeric, no comparator); a sample with none left is refused, naming which sample it was. */
function cleanSorted(values: readonly number[], name: "reference" | "current"): Float64Array {
  const finite = Float64Array.from(values.filter((x) => Number.isFinite(x)));
  if (finite.length === 0) throw new RangeError(`${name} sample is empty (no non-NaN values)`);
  return finite.sort();
}

function cleanPair(reference: readonly number[], current: readonly number[]): { ref: Float64Array; cur: Float64Array } {
  return { ref: cleanSorted(reference, "reference"), cur: cleanSorted(current, "current") };
}

function uniqueCountSorted(sorted: Values): number {
  let count = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) count++;
  return count;
}

/** Distinct values of two samples, ascending. */
function unionValues(ref: Values, cur: Values): number[] {
  return [...new Set([...ref, ...cur])].sort((a, b) => a - b);
}

function valueCounts(values: Values): Map<number, number> {
  const counts = new Map<number, number>();
  for (const x of values) counts.set(x, (counts.get(x) ?? 0) + 1);
  return counts;
}

/** numpy's `searchsorted(sorted, x, side)`: the number of values < x ("left") or ≤ x ("right") in an ascending array. */
function searchSorted(sorted: Values, x: number, side: "left" | "right"): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v < x || (side === "right" && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkThreshold(threshold: number): number {
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new RangeError(`threshold must be a finite non-negative number, got ${threshold}`);
  }
  return threshold;
}
