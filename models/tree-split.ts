/**
 * Split finding for the tree grower: one scan over a node's rows in one feature's sorted order,
 * under one of two rules.
 *
 * - "xgboost": XGBoost 1.7's exact greedy rule (updater_colmaker.cc with split_evaluator.h and
 *   param.h), reproduced down to its float32 arithmetic. Feature values are float32; a side's gain
 *   is float32(float32(T(G)²) / float32(H + λ)) from double sums G, H of float32 gradients; the loss
 *   change float32(float32(gain_L + gain_R) − gain_parent) is the unhalved Δ, compared in float32;
 *   the scan runs from the largest value down (XGBoost's backward search for dense columns), so
 *   among equal loss changes the first feature and, within a feature, the highest threshold win
 *   (SplitEntry::NeedReplace); the threshold is float32((lower + upper)·0.5f).
 * - "cart": float64 CART regression (random forests): forward scan, the score sum G_L²/H_L + G_R²/H_R
 *   compared in double, thresholds at the double midpoint.
 */

/**
 * L1 soft-thresholding T(G) = sign(G)·max(|G| − α, 0) (XGBoost's ThresholdL1), without branches
 * (the sign of G is data, so branches would mispredict): G − clamp(G, −α, α) is G − α above α,
 * G + α below −α and 0 between, the same operations as XGBoost's.
 */
export function softThreshold(g: number, alpha: number): number {
  return g - Math.max(-alpha, Math.min(alpha, g));
}

/** XGBoost's kRtEps: a split must change the loss by more than this, in float32. */
export const XGBOOST_MIN_LOSS_CHANGE = Math.fround(1e-6);

/**
 * XGBoost's per-side gain (SplitEvaluator::CalcGainGivenWeight): without max_delta_step
 * float32(T(G)²) / float32(H + λ) divided in float32; with max_delta_step δ > 0, the gain given the
 * clipped weight w (xgboostWeight), in float32 from float32 G and H: −(2G·w + (H + λ)·w²) (param.h
 * CalcGainGivenWeight<float>, no α term). 0 for an empty side. `lambda`, `maxDeltaStep` are float32.
 */
export function xgboostGain(g: number, h: number, lambda: number, alpha: number, maxDeltaStep = 0): number {
  if (!(h > 0)) return 0;
  if (maxDeltaStep > 0) return xgboostGainGivenWeight(g, h, lambda, clippedWeight(g, h, lambda, alpha, maxDeltaStep));
  const t = softThreshold(g, alpha);
  return Math.fround(Math.fround(t * t) / Math.fround(h + lambda));
}

/** −T(G)/(H + λ) in double, clipped to ±δ when δ > 0 (param.h CalcWeight), as float32. */
function clippedWeight(g: number, h: number, lambda: number, alpha: number, maxDeltaStep: number): number {
  const w = -softThreshold(g, alpha) / (h + lambda);
  return Math.fround(maxDeltaStep > 0 && Math.abs(w) > maxDeltaStep ? Math.sign(w) * maxDeltaStep : w);
}

/** XGBoost's gain given a (float32) weight, in float32 from float32 G and H: −(2G·w + (H + λ)·w²); 0 for an empty side. */
export function xgboostGainGivenWeight(g: number, h: number, lambda: number, w: number): number {
  if (!(h > 0)) return 0;
  const f = Math.fround;
  return -f(f(f(2 * f(g)) * w) + f(f(f(h) + lambda) * f(w * w)));
}

/** XGBoost's TreeEvaluator clamp of a weight to a node's monotone bounds. */
export function clampWeight(w: number, lower: number, upper: number): number {
  return w < lower ? lower : w > upper ? upper : w;
}

/**
 * XGBoost's leaf weight (CalcWeight): float32(−T(G)/(H + λ)) in double, clipped to ±max_delta_step
 * when that is > 0, 0 below min_child_weight.
 */
export function xgboostWeight(g: number, h: number, minChildWeight: number, lambda: number, alpha: number, maxDeltaStep = 0): number {
  if (h < minChildWeight || h <= 0) return 0;
  return clippedWeight(g, h, lambda, alpha, maxDeltaStep);
}

/** XGBoost's split value between adjacent float32 values lower < upper: (lower + upper)·0.5f, or upper if that rounds to lower. */
export function xgboostSplitValue(lower: number, upper: number): number {
  const t = Math.fround(Math.fround(lower + upper) * 0.5);
  return t === lower ? upper : t;
}

/**
 * XGBoost's split value between adjacent float32 values lower < upper met by the forward scan (the
 * one that sends missing values right): (lower + upper)·0.5f, or lower if that rounds to upper
 * (updater_colmaker.cc: the proposed split equal to the current value falls back to the last one).
 */
export function xgboostForwardSplitValue(lower: number, upper: number): number {
  const t = Math.fround(Math.fround(lower + upper) * 0.5);
  return t === upper ? lower : t;
}

/**
 * XGBoost's split value of an end candidate (every non-missing row on one side, the missing rows on
 * the other): v ± float32(|v| + 1e-6), past the node's largest (`up`) or smallest value v.
 */
export function xgboostEndSplitValue(v: number, up: boolean): number {
  const gap = Math.fround(Math.abs(v) + XGBOOST_MIN_LOSS_CHANGE);
  return Math.fround(up ? v + gap : v - gap);
}

/** CART's threshold: the double midpoint of a < b, or b when a and b are adjacent doubles. */
export function cartSplitValue(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t > a ? t : b;
}

/** One node's rows in one feature's sorted order, with the node's sums: what a scan reads. */
export interface ScanInput {
  index: Int32Array;
  columns: Float64Array;
  grad: Float64Array;
  hess: Float64Array;
  /** Offset of the feature's block in `index` and `columns` (feature · rows). */
  base: number;
  /** The node's rows are index[base + a], …, index[base + b − 1]. */
  a: number;
  b: number;
  /** Gradient and hessian sums of the node, its rows with a missing value in the feature included. */
  G: number;
  H: number;
  minChildWeight: number;
  /**
   * Whether the node has rows whose value is missing (NaN, sorted after [a, b)): the scan then also
   * tries the end candidate, all of [a, b) on one side and the missing rows on the other.
   */
  missing: boolean;
}

/** The best score (loss change or score sum) of the last scan that beat its floor. Scans return only the position. */
export let scanBest = 0;

/**
 * A bound on |float32 loss change − float64 loss change| relative to S + R (the children's and the
 * parent's gains): each side's gain takes three float32 roundings (T², H + λ, the quotient), their
 * sum one more, the parent's gain three, the difference one; with u = 2⁻²⁴ the total is below
 * 6u·(S + R) (plus float32's subnormal spacing, 1e-44, for tiny gains). 8u leaves room for the
 * float64 arithmetic's own error, the screen's included.
 */
export const FLOAT32_LOSS_ERROR = 8 * 2 ** -24;

/**
 * Backward scan (XGBoost) of one feature's sorted rows of a node: the rows above the threshold go
 * right, the rest and the missing rows left (default left). Returns the position (relative to base) of the first right-hand row of the
 * split whose float32 loss change exceeds `floor` the most (ties: the first found, i.e. the highest
 * threshold), with the loss change in `scanBest`, or −1 if none beats `floor`; `a` is the end
 * candidate (every non-missing row right), last in the scan. Parameters are float32.
 * A candidate is first screened in float64 (as fast as CART's scan) and computed in XGBoost's float32
 * only when it could beat the best so far.
 */
export function scanXgboost(input: ScanInput, parentGain: number, lambda: number, alpha: number, floor: number, maxDeltaStep = 0, bounds?: MonotoneBounds): number {
  const { index, columns, grad, hess, base, a, b, G, H, minChildWeight } = input;
  // The float64 screen bounds the unclipped, unclamped gains only: with max_delta_step or monotone
  // bounds every candidate is computed.
  const screened = maxDeltaStep === 0 && bounds === undefined;
  const screenScale = 1 / (1 + FLOAT32_LOSS_ERROR);
  const screenOffset = parentGain * (1 - FLOAT32_LOSS_ERROR) - 1e-44;
  let best = floor;
  // Only a candidate whose float64 score sum S passes the screen can have a float32 loss change
  // above `best`: S − R + e·(S + R) + 1e-44 ≥ best ⟺ S ≥ (best + R·(1 − e) − 1e-44)/(1 + e).
  let screen = (best + screenOffset) * screenScale;
  let position = -1;
  let k = base + b - 1;
  let r = index[k]!;
  let gr = grad[r]!;
  let hr = hess[r]!;
  let last = columns[base + r]!;
  for (k--; k >= base + a; k--) {
    r = index[k]!;
    const v = columns[base + r]!;
    if (v !== last && hr >= minChildWeight && H - hr >= minChildWeight) {
      const gl = G - gr;
      const tl = alpha === 0 ? gl : softThreshold(gl, alpha);
      const tr = alpha === 0 ? gr : softThreshold(gr, alpha);
      const sum = (tl * tl) / (H - hr + lambda) + (tr * tr) / (hr + lambda);
      if (!screened || sum >= screen) {
        // Inline (not candidateLoss): this loop is the exact method's hot path.
        const loss = bounds
          ? boundedLossChange(gl, H - hr, gr, hr, parentGain, lambda, alpha, maxDeltaStep, minChildWeight, bounds)
          : Math.fround(Math.fround(xgboostGain(gl, H - hr, lambda, alpha, maxDeltaStep) + xgboostGain(gr, hr, lambda, alpha, maxDeltaStep)) - parentGain);
        if (loss > best) {
          best = loss;
          screen = (best + screenOffset) * screenScale;
          position = k + 1;
        }
      }
    }
    gr += grad[r]!;
    hr += hess[r]!;
    last = v;
  }
  if (input.missing && hr >= minChildWeight && H - hr >= minChildWeight) {
    const loss = candidateLoss(G - gr, H - hr, gr, hr, parentGain, lambda, alpha, maxDeltaStep, minChildWeight, bounds);
    if (loss > best) {
      best = loss;
      position = base + a;
    }
  }
  if (position < 0) return -1;
  scanBest = best;
  return position - base;
}

/** The float32 loss change of a split into (gl, hl) and (gr, hr), under monotone bounds if given. */
function candidateLoss(gl: number, hl: number, gr: number, hr: number, parentGain: number, lambda: number, alpha: number, maxDeltaStep: number, minChildWeight: number, bounds: MonotoneBounds | undefined): number {
  return bounds
    ? boundedLossChange(gl, hl, gr, hr, parentGain, lambda, alpha, maxDeltaStep, minChildWeight, bounds)
    : Math.fround(Math.fround(xgboostGain(gl, hl, lambda, alpha, maxDeltaStep) + xgboostGain(gr, hr, lambda, alpha, maxDeltaStep)) - parentGain);
}

/** What the forward scan of the "xgboost" rule needs beyond the rows: the node's gain and the float32 penalties. */
export interface XgboostScan {
  parentGain: number;
  lambda: number;
  alpha: number;
  maxDeltaStep: number;
  bounds: MonotoneBounds | undefined;
}

/**
 * Forward scan of one feature's sorted rows of a node: the rows below the threshold go left, the
 * rest (and any missing rows) right. Returns the position (relative to base) of the first right-hand
 * row of the split whose score exceeds `floor` the most (ties: the first found, the lowest
 * threshold), with the score in `scanBest`, or −1 if none beats `floor`.
 * - Without `xgboost`: CART (no penalties), the score sum G_L²/H_L + G_R²/H_R.
 * - With it: XGBoost's float32 loss change, for a column with missing values (missing rows right,
 *   default right); XGBoost runs it before the backward scan, whose candidates must then beat it
 *   strictly. `b` is the end candidate (every non-missing row left), last in the scan.
 */
export function scanForward(input: ScanInput, floor: number, xgboost?: XgboostScan): number {
  const { index, columns, grad, hess, base, a, b, G, H, minChildWeight } = input;
  let best = floor;
  let position = -1;
  let gl = 0;
  let hl = 0;
  let last = columns[base + index[base + a]!]!;
  // The values ascend, so a change of value is a step up.
  for (let k = base + a; k < base + b; k++) {
    const r = index[k]!;
    const v = columns[base + r]!;
    if (v !== last && hl >= minChildWeight && H - hl >= minChildWeight) {
      const gr = G - gl;
      const score = xgboost
        ? candidateLoss(gl, hl, gr, H - hl, xgboost.parentGain, xgboost.lambda, xgboost.alpha, xgboost.maxDeltaStep, minChildWeight, xgboost.bounds)
        : (gl * gl) / hl + (gr * gr) / (H - hl);
      if (score > best) {
        best = score;
        position = k;
      }
    }
    gl += grad[r]!;
    hl += hess[r]!;
    last = v;
  }
  if (xgboost && input.missing && hl >= minChildWeight && H - hl >= minChildWeight) {
    const loss = candidateLoss(gl, hl, G - gl, H - hl, xgboost.parentGain, xgboost.lambda, xgboost.alpha, xgboost.maxDeltaStep, minChildWeight, xgboost.bounds);
    if (loss > best) {
      best = loss;
      position = base + b;
    }
  }
  if (position < 0) return -1;
  scanBest = best;
  return position - base;
}

/** A node's monotone bounds and the scanned feature's constraint (−1, 0, +1). */
export interface MonotoneBounds {
  lower: number;
  upper: number;
  constraint: number;
}

/**
 * The loss change under monotone constraints (XGBoost 1.7's SplitEvaluator::CalcSplitGain): each
 * side's weight is clamped to the node's bounds, its gain is the gain given that weight, and a split
 * whose weights are out of order for the constraint (+1: left ≤ right, −1: left ≥ right) is −∞.
 */
function boundedLossChange(gl: number, hl: number, gr: number, hr: number, parentGain: number, lambda: number, alpha: number, maxDeltaStep: number, minChildWeight: number, bounds: MonotoneBounds): number {
  const wl = clampWeight(xgboostWeight(gl, hl, minChildWeight, lambda, alpha, maxDeltaStep), bounds.lower, bounds.upper);
  const wr = clampWeight(xgboostWeight(gr, hr, minChildWeight, lambda, alpha, maxDeltaStep), bounds.lower, bounds.upper);
  const c = bounds.constraint;
  if (c > 0 ? wl > wr : c < 0 ? wl < wr : false) return Number.NEGATIVE_INFINITY;
  return Math.fround(Math.fround(xgboostGainGivenWeight(gl, hl, lambda, wl) + xgboostGainGivenWeight(gr, hr, lambda, wr)) - parentGain);
}
