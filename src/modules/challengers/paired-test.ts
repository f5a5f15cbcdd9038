/**
 * The statistics behind a challenger report, pure and tested against scipy: a paired t-test on
 * squared errors (for squared-error loss this is the Diebold–Mariano test of equal accuracy, with
 * Student's t reference distribution as Harvey, Leybourne & Newbold recommend for small samples),
 * and the verdict it supports.
 */
import { gammaln } from "simple-statistics";

export interface PairedTest {
  method: "paired t-test on squared errors";
  /** Paired rows with an outcome. */
  n: number;
  /** Mean of (champion squared error − challenger squared error): > 0 means the challenger erred less. */
  meanDifference: number;
  statistic: number;
  degreesOfFreedom: number;
  /** Two-sided p-value. */
  pValue: number;
}

export const VERDICTS = {
  notEnoughData: "not enough data",
  challengerBetter: "challenger better",
  championBetter: "champion better",
  noDifference: "no significant difference",
} as const;
export type Verdict = (typeof VERDICTS)[keyof typeof VERDICTS];

const BETA_EPS = Number.EPSILON;
const BETA_FPMIN = 1e-300;
const BETA_MAX_ITERATIONS = 10_000;

/** Continued fraction of the incomplete beta function, modified Lentz (Numerical Recipes' betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < BETA_FPMIN) d = BETA_FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= BETA_MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < BETA_FPMIN) d = BETA_FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < BETA_FPMIN) c = BETA_FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < BETA_FPMIN) d = BETA_FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < BETA_FPMIN) c = BETA_FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= BETA_EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b); each side of the symmetry is used where the fraction converges fast. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got ${a}, ${b}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Two-sided p-value of Student's t: P(|T| >= |t|) = I_{df/(df+t²)}(df/2, 1/2). */
export function studentTTwoSided(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
}

/**
 * Paired t-test of d_i = championSquaredError_i − challengerSquaredError_i against a mean of 0
 * (scipy.stats.ttest_rel). Needs at least two pairs; identical differences give t = ±∞ (p = 0)
 * unless they are all 0 (t = 0, p = 1).
 */
export function pairedSquaredErrorTest(championErrors: ArrayLike<number>, challengerErrors: ArrayLike<number>): PairedTest {
  const n = championErrors.length;
  if (challengerErrors.length !== n) throw new RangeError(`paired samples differ in length: ${n} and ${challengerErrors.length}`);
  if (n < 2) throw new RangeError(`a paired test needs at least 2 pairs, got ${n}`);
  const d = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ce = championErrors[i] as number;
    const he = challengerErrors[i] as number;
    d[i] = ce * ce - he * he;
    sum += d[i] as number;
  }
  const meanDifference = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((d[i] as number) - meanDifference) ** 2;
  return tTest(n, meanDifference, squares);
}

/** The test from n, the mean difference and the sum of squared deviations from it. */
function tTest(n: number, meanDifference: number, squares: number): PairedTest {
  const standardError = Math.sqrt(squares / (n - 1) / n);
  const degreesOfFreedom = n - 1;
  let statistic: number;
  if (standardError > 0) statistic = meanDifference / standardError;
  else statistic = meanDifference === 0 ? 0 : Math.sign(meanDifference) * Number.POSITIVE_INFINITY;
  return { method: "paired t-test on squared errors", n, meanDifference, statistic, degreesOfFreedom, pValue: studentTTwoSided(statistic, degreesOfFreedom) };
}

/**
 * The same test from running sums of the differences d (OutcomeRollup PAIR rows): n, Σd, Σd².
 * Sample variance (Σd² − (Σd)²/n)/(n − 1); a variance lost to rounding (below 1e-12 of the mean
 * square) counts as 0, as identical differences do in the two-pass form.
 */
export function pairedTestFromSums(n: number, sum: number, sumSq: number): PairedTest {
  if (n < 2) throw new RangeError(`a paired test needs at least 2 pairs, got ${n}`);
  const meanDifference = sum / n;
  let squares = sumSq - (sum * sum) / n;
  if (!(squares > 1e-12 * sumSq)) squares = 0;
  return tTest(n, meanDifference, squares);
}

/** The verdict of a report: "not enough data" below `minPairs` paired outcomes, else by the test at `significance`. */
export function challengerVerdict(test: PairedTest | null, pairedOutcomes: number, options: { minPairs: number; significance: number }): Verdict {
  if (!test || pairedOutcomes < options.minPairs) return VERDICTS.notEnoughData;
  if (!(test.pValue < options.significance)) return VERDICTS.noDifference;
  return test.meanDifference > 0 ? VERDICTS.challengerBetter : VERDICTS.championBetter;
}
