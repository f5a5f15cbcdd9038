/**
 * Small descriptive statistics shared by training (reference statistics) and monitoring: mean and
 * standard deviation are simple-statistics' (compensated summation); the quantile stays here
 * because simple-statistics' `quantileSorted` is not the type-7 interpolation numpy, pandas and
 * Evidently use, and the drift parity fixtures compare against those.
 */
import { standardDeviation, mean as ssMean } from "simple-statistics";

/**
 * Quantile q ∈ [0, 1] of ascending-sorted values by linear interpolation between closest ranks:
 * h = (n − 1)q, result = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). This is Hyndman & Fan's type 7,
 * the default of numpy, R and pandas.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : ssMean(Array.from(values));
}

/** Population standard deviation (ddof = 0); NaN for no values. */
export function std(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : standardDeviation(Array.from(values));
}
