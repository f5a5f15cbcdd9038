/**
 * Conformal prediction intervals, pure arithmetic (no model, no I/O).
 *
 * Split conformal (Vovk et al.; Lei et al. 2018): with n conformity scores |y − ŷ| of rows the
 * model never saw, the interval ŷ(x) ± s₍ₘ₎, m = ⌈(n+1)·level⌉ (1-based rank in the sorted
 * scores), covers a new exchangeable row with probability ≥ level.
 *
 * CV+ (Barber, Candès, Ramdas & Tibshirani 2021, "Predictive inference with the jackknife+"):
 * K fold models μ₋ₖ, each fitted without fold k, and the out-of-fold residuals Rᵢ = |yᵢ − μ₋ₖ₍ᵢ₎(xᵢ)|.
 * For a new x the interval is
 *   lower = the ⌊(1−level)(n+1)⌋-th smallest of { μ₋ₖ₍ᵢ₎(x) − Rᵢ },
 *   upper = the ⌈level·(n+1)⌉-th smallest of { μ₋ₖ₍ᵢ₎(x) + Rᵢ },
 * with coverage ≥ 1 − 2α (α = 1 − level) in theory, minus a small term in K/n, and ≈ 1 − α in
 * practice. The lower end is computed as −(the ⌈level·(n+1)⌉-th smallest of { Rᵢ − μ₋ₖ₍ᵢ₎(x) }),
 * which is the same order statistic.
 *
 * CvPlusCalibration widens the interval, when needed, to contain the served model's own point
 * prediction (CV+ centres on the fold models, which the full model can sit just outside of at low
 * levels); widening only adds coverage, so the guarantee is unchanged.
 *
 * Normalised CV+ (locally weighted conformal, Lei et al. 2018; Papadopoulos et al. 2008, in the CV+
 * form): the scores are Sᵢ = Rᵢ / σ₋ₖ₍ᵢ₎(xᵢ) with a positive scale model σ₋ₖ fitted without fold k,
 * and the bounds are the same order statistics of { μ₋ₖ₍ᵢ₎(x) ± σ₋ₖ₍ᵢ₎(x)·Sᵢ }
 * (normalisedCvPlusInterval; σ ≡ 1 is CV+). Measured, not served: docs/intervals.md.
 *
 * When m would exceed n (level ≥ n/(n+1), i.e. too few scores for that level) the largest score is
 * used: the interval is then finite but the guarantee no longer holds. `calibrationSize` says how
 * many scores a version has; with the bundled data it is ~400, enough for every level up to 0.99.
 */

/** Levels a caller may ask for. */
export const MIN_LEVEL = 0.5;
export const MAX_LEVEL = 0.99;
/** Levels whose coverage and width are measured at calibration. */
export const VALIDATION_LEVELS = [0.8, 0.9, 0.95] as const;

/**
 * The 1-based rank m = ⌈level·(n+1)⌉ capped at n. The 1e-9 keeps float products such as
 * 0.9 × 410 = 369.00000000000006 on the integer they mean (the Python reference does the same).
 */
export function conformalRank(n: number, level: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`need at least one conformity score, got ${n}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  return Math.min(n, Math.max(1, Math.ceil(level * (n + 1) - 1e-9)));
}

/** Split-conformal half-width: the conformalRank-th smallest of the (ascending) scores. */
export function splitConformalQuantile(sortedScores: ArrayLike<number>, level: number): number {
  return sortedScores[conformalRank(sortedScores.length, level) - 1] as number;
}

/**
 * The m-th smallest (1-based) of { sign·shifts[k] + scales[k]·lists[k][j] } over all k, j (scales
 * null = all 1; every scale > 0), where every lists[k] is ascending: a K-way merge that stops at
 * the m-th element, O(m·K), no allocation beyond the K cursors.
 */
function mthSmallestShifted(shifts: ArrayLike<number>, sign: 1 | -1, scales: ArrayLike<number> | null, lists: readonly ArrayLike<number>[], m: number, cursor: Int32Array): number {
  cursor.fill(0);
  let value = Number.NaN;
  for (let step = 0; step < m; step++) {
    let best = -1;
    let bestValue = Number.POSITIVE_INFINITY;
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k] as ArrayLike<number>;
      const c = cursor[k] as number;
      if (c >= list.length) continue;
      const v = sign * (shifts[k] as number) + (scales === null ? 1 : (scales[k] as number)) * (list[c] as number);
      if (best < 0 || v < bestValue) {
        best = k;
        bestValue = v;
      }
    }
    cursor[best] = (cursor[best] as number) + 1;
    value = bestValue;
  }
  return value;
}

/** The r-th largest (1-based) of the same union: a K-way merge from the top, O(r·K). */
function rthLargestShifted(shifts: ArrayLike<number>, sign: 1 | -1, scales: ArrayLike<number> | null, lists: readonly ArrayLike<number>[], r: number, cursor: Int32Array): number {
  lists.forEach((list, k) => {
    cursor[k] = list.length - 1;
  });
  let value = Number.NaN;
  for (let step = 0; step < r; step++) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < lists.length; k++) {
      const c = cursor[k] as number;
      if (c < 0) continue;
      const v = sign * (shifts[k] as number) + (scales === null ? 1 : (scales[k] as number)) * ((lists[k] as ArrayLike<number>)[c] as number);
      if (best < 0 || v > bestValue) {
        best = k;
        bestValue = v;
      }
    }
    cursor[best] = (cursor[best] as number) - 1;
    value = bestValue;
  }
  return value;
}

/** The m-th smallest of the union of N values, merged from whichever end is nearer (the (N−m+1)-th largest for high ranks). */
function orderStatisticShifted(shifts: ArrayLike<number>, sign: 1 | -1, scales: ArrayLike<number> | null, lists: readonly ArrayLike<number>[], m: number, size: number, cursor: Int32Array): number {
  return m <= size - m + 1 ? mthSmallestShifted(shifts, sign, scales, lists, m, cursor) : rthLargestShifted(shifts, sign, scales, lists, size - m + 1, cursor);
}

/** The conformity scores of a CV+ calibration: ascending out-of-fold residuals, one list per fold. */
export interface CvPlusScores {
  /** |y − μ₋ₖ(x)| of the rows of fold k, ascending. */
  residualsByFold: readonly ArrayLike<number>[];
  /** Total number of residuals (n). */
  size: number;
}

export function cvPlusScores(residualsByFold: readonly (readonly number[])[]): CvPlusScores {
  const sorted = residualsByFold.map((r) => Float64Array.from(r).sort());
  return { residualsByFold: sorted, size: sorted.reduce((s, r) => s + r.length, 0) };
}

/** The CV+ interval at `level` for one row, given the K fold models' predictions of it. */
export function cvPlusInterval(scores: CvPlusScores, foldPredictions: ArrayLike<number>, level: number, cursor: Int32Array = new Int32Array(scores.residualsByFold.length)): { lower: number; upper: number } {
  if (foldPredictions.length !== scores.residualsByFold.length) throw new RangeError(`${foldPredictions.length} fold predictions for ${scores.residualsByFold.length} folds`);
  const m = conformalRank(scores.size, level);
  const upper = orderStatisticShifted(foldPredictions, 1, null, scores.residualsByFold, m, scores.size, cursor);
  const lower = -orderStatisticShifted(foldPredictions, -1, null, scores.residualsByFold, m, scores.size, cursor);
  return { lower, upper };
}

/**
 * The normalised CV+ interval at `level` for one row: `scores` hold, per fold k, the ascending
 * normalised scores Rᵢ/σ₋ₖ(xᵢ) of its rows, `foldScales` the K scale models' σ₋ₖ(x) (> 0) of the
 * row. upper = the m-th smallest of { μ₋ₖ₍ᵢ₎(x) + σ₋ₖ₍ᵢ₎(x)·Sᵢ }, lower = −(the m-th smallest of
 * { σ₋ₖ₍ᵢ₎(x)·Sᵢ − μ₋ₖ₍ᵢ₎(x) }), m = conformalRank(n, level). With every scale 1 it is cvPlusInterval.
 */
export function normalisedCvPlusInterval(
  scores: CvPlusScores,
  foldPredictions: ArrayLike<number>,
  foldScales: ArrayLike<number>,
  level: number,
  cursor: Int32Array = new Int32Array(scores.residualsByFold.length),
): { lower: number; upper: number } {
  const k = scores.residualsByFold.length;
  if (foldPredictions.length !== k || foldScales.length !== k) throw new RangeError(`${foldPredictions.length} fold predictions and ${foldScales.length} scales for ${k} folds`);
  for (let f = 0; f < k; f++) if (!((foldScales[f] as number) > 0 && Number.isFinite(foldScales[f]))) throw new RangeError(`fold ${f}: scale must be finite and > 0, got ${foldScales[f]}`);
  const m = conformalRank(scores.size, level);
  const upper = orderStatisticShifted(foldPredictions, 1, foldScales, scores.residualsByFold, m, scores.size, cursor);
  const lower = -orderStatisticShifted(foldPredictions, -1, foldScales, scores.residualsByFold, m, scores.size, cursor);
  return { lower, upper };
}

/** How many values of the ascending `list` are strictly below `bound`. */
function countBelow(list: ArrayLike<number>, bound: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The smallest rank m (1-based, may be n+1 = never) whose CV+ interval contains `actual`: the
 * row is covered at `level` exactly when conformalRank(n, level) ≥ m. One number per outcome, so
 * live coverage at any set of levels is a count (see CoverageTally), now from rows and later from
 * running sums.
 */
export function cvPlusCoveringRank(scores: CvPlusScores, foldPredictions: ArrayLike<number>, actual: number, point?: number): number {
  // upper_m ≥ y ⇔ #{μₖ + Rᵢ < y} < m;  lower_m ≤ y ⇔ #{Rᵢ − μₖ < −y} < m. With a point
  // prediction p the interval is widened to contain p, so an end on p's side of y always holds.
  const upperHolds = point !== undefined && point >= actual;
  const lowerHolds = point !== undefined && point <= actual;
  let belowUpper = 0;
  let belowLower = 0;
  scores.residualsByFold.forEach((list, k) => {
    const mu = foldPredictions[k] as number;
    if (!upperHolds) belowUpper += countBelow(list, actual - mu);
    if (!lowerHolds) belowLower += countBelow(list, mu - actual);
  });
  return Math.max(belowUpper, belowLower) + 1;
}

export interface CoverageAtLevel {
  level: number;
  /** Share of rows whose interval at `level` contains the actual value; null without rows. */
  coverage: number | null;
  meanWidth: number | null;
  rows: number;
}

/**
 * Per-level covered/total counts (and width sums). Built from rows (`addRank` per outcome, or
 * `addInterval` with an interval in hand) or from stored counts (`fromCounts`), so the same
 * numbers come from a scan today and from running sums later.
 */
export class CoverageTally {
  readonly covered: number[];
  readonly widthSum: number[];
  total = 0;

  constructor(readonly levels: readonly number[]) {
    this.covered = levels.map(() => 0);
    this.widthSum = levels.map(() => 0);
  }

  static fromCounts(levels: readonly number[], counts: { covered: readonly number[]; widthSum?: readonly number[]; total: number }): CoverageTally {
    const tally = new CoverageTally(levels);
    levels.forEach((_, i) => {
      tally.covered[i] = counts.covered[i] ?? 0;
      tally.widthSum[i] = counts.widthSum?.[i] ?? Number.NaN;
    });
    tally.total = counts.total;
    return tally;
  }

  /** One outcome by its covering rank among n scores (cvPlusCoveringRank), with its interval width per level. */
  addRank(coveringRank: number, n: number, widths?: ArrayLike<number>): void {
    this.total++;
    this.levels.forEach((level, i) => {
      if (conformalRank(n, level) >= coveringRank) this.covered[i] = (this.covered[i] as number) + 1;
      this.widthSum[i] = (this.widthSum[i] as number) + (widths ? (widths[i] as number) : Number.NaN);
    });
  }

  /** One outcome with its interval per level (same order as `levels`). */
  addIntervals(actual: number, intervals: readonly { lower: number; upper: number }[]): void {
    this.total++;
    intervals.forEach(({ lower, upper }, i) => {
      if (lower <= actual && actual <= upper) this.covered[i] = (this.covered[i] as number) + 1;
      this.widthSum[i] = (this.widthSum[i] as number) + (upper - lower);
    });
  }

  result(): CoverageAtLevel[] {
    return this.levels.map((level, i) => ({
      level,
      coverage: this.total > 0 ? (this.covered[i] as number) / this.total : null,
      meanWidth: this.total > 0 && Number.isFinite(this.widthSum[i]) ? (this.widthSum[i] as number) / this.total : null,
      rows: this.total,
    }));
  }
}
