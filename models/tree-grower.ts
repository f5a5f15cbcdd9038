/**
 * The exact greedy tree grower shared by the boosted and the random-forest models, on feature
 * columns sorted once per fit.
 *
 * Each row has a gradient g and a hessian h. Under the "xgboost" rule (boosting) a node's gain is
 * T(G)²/(H+λ) with T the L1 soft-threshold T(G) = sign(G)·max(|G|−α, 0), a split's loss change is
 * gain(L) + gain(R) − gain(parent) (the unhalved Δ of XGBoost, not the paper's ½Δ − γ), a node is
 * split when its best loss change exceeds 1e-6, a leaf weighs −T(G)/(H+λ) times the learning rate,
 * and after growing, splits whose two children are leaves are pruned bottom-up while their loss
 * change is below γ — XGBoost 1.7's grow_colmaker + prune, in its float32 arithmetic (see
 * tree-split.ts). Under the "cart" rule (random forests: g = −y·w, h = w) the split maximises the
 * decrease in squared error in float64, the stored gain is half that decrease and a leaf is the
 * weighted node mean.
 */
import type { Random } from "./random.ts";
import type { Tree } from "./tree-ensemble.ts";
import { XGBOOST_MIN_LOSS_CHANGE, cartSplitValue, clampWeight, type MonotoneBounds, xgboostEndSplitValue, xgboostForwardSplitValue, xgboostGainGivenWeight, scanBest, scanForward, scanXgboost, type ScanInput, type XgboostScan, xgboostGain, xgboostSplitValue, xgboostWeight } from "./tree-split.ts";

/**
 * CART accepts a split only when its gain beats float rounding: the score terms are sums over up to
 * n rows, so a "gain" below this fraction of them (say, from splitting a node whose targets are all
 * equal) is noise, not signal.
 */
const CART_SPLIT_NOISE = 1e-11;

/** FLT_MAX: XGBoost's initial monotone bounds. */
const FLT_MAX = 3.4028234663852886e38;

/** Feature columns sorted once per fit, so growing a tree never sorts. */
export class SortedColumns {
  private constructor(
    readonly nRows: number,
    readonly nFeatures: number,
    /** columns[f·nRows + r] = x[r][f] (rounded to float32 for the "xgboost" rule). */
    readonly columns: Float64Array,
    /** order[f·nRows + k] = the row with the k-th smallest value of feature f (ties by row index). */
    readonly order: Int32Array,
    /** Whether the values were rounded to float32, as XGBoost stores them. */
    readonly float32: boolean,
    /** Rows whose value of feature f is missing (NaN, sorted last): missing[f]. */
    readonly missing: Int32Array,
    /**
     * XGBoost's forward search (NeedForwardSearch): 1 for a feature with missing values whose
     * observed values are not all equal, 0 otherwise.
     */
    readonly forward: Uint8Array,
  ) {}

  /**
   * Validates a rectangular matrix of finite numbers (NaN too, as a missing value, if
   * `allowMissing`; `what` names the caller in errors) and sorts its columns, missing values last,
   * rounding the values to float32 first if `float32`.
   */
  static fromRows(x: readonly (readonly number[])[], what: string, float32 = false, sort = true, allowMissing = false): SortedColumns {
    const n = x.length;
    if (n === 0) throw new RangeError(`${what}: need at least one row`);
    const p = (x[0] as readonly number[]).length;
    if (p === 0) throw new RangeError(`${what}: rows need at least one feature`);
    const columns = new Float64Array(n * p);
    const missing = new Int32Array(p);
    for (let r = 0; r < n; r++) {
      const row = x[r] as readonly number[];
      if (row.length !== p) throw new RangeError(`${what}: row ${r} has ${row.length} features, expected ${p}`);
      for (let f = 0; f < p; f++) {
        const v = row[f] as number;
        if (!Number.isFinite(v)) {
          if (!(allowMissing && Number.isNaN(v))) throw new RangeError(`${what}: x[${r}][${f}] is ${v}; ${allowMissing ? "a value must be a finite number or NaN (missing)" : "impute missing values first"}`);
          missing[f] = missing[f]! + 1;
        }
        const stored = float32 ? Math.fround(v) : v;
        if (float32 && !Number.isFinite(stored) && !Number.isNaN(v)) throw new RangeError(`${what}: a feature value overflows float32`);
        columns[f * n + r] = stored;
      }
    }
    // Unsorted (the hist method bins the values instead): an empty order.
    const order = new Int32Array(sort ? n * p : 0);
    const idx = new Int32Array(n);
    const forward = new Uint8Array(p);
    for (let f = 0; f < p; f++) {
      const base = f * n;
      if (missing[f]! > 0) {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let r = 0; r < n; r++) {
          const v = columns[base + r]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        forward[f] = lo < hi ? 1 : 0;
      }
      if (!sort) continue;
      for (let r = 0; r < n; r++) idx[r] = r;
      if (missing[f] === 0) idx.sort((a, b) => (columns[base + a] as number) - (columns[base + b] as number) || a - b);
      else idx.sort((a, b) => compareMissingLast(columns[base + a]!, columns[base + b]!) || a - b);
      order.set(idx, base);
    }
    return new SortedColumns(n, p, columns, order, float32, missing, forward);
  }
}

/** The value of the k-th row of a feature's block (at `base`) in sorted order. */
function sortedValue(columns: Float64Array, index: Int32Array, base: number, k: number): number {
  return columns[base + index[base + k]!]!;
}

/** a − b with NaN after every number (and equal to NaN). */
function compareMissingLast(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  return b !== b ? -1 : a - b;
}

/** XGBoost's exact rule with its penalties; every number is used as the float32 XGBoost stores. */
export interface XgboostGrowOptions {
  rule: "xgboost";
  /** Maximum depth (root = depth 0). */
  maxDepth: number;
  /** Minimum hessian sum in each child of a split. */
  minChildWeight: number;
  /** L2 penalty λ on leaf weights. */
  lambda: number;
  /** L1 penalty α on leaf weights. */
  alpha: number;
  /** Minimum loss change γ a split keeps after bottom-up pruning. */
  gamma: number;
  /** Multiplies every node value (shrinkage η). */
  learningRate: number;
  /** Clips every leaf weight to ±maxDeltaStep before shrinkage (XGBoost's max_delta_step); 0 = off. */
  maxDeltaStep?: number;
  /** Per feature −1, 0 or +1: predictions must not increase / are free / must not decrease in it (XGBoost's monotone_constraints). */
  monotone?: readonly number[];
}

/** Float64 CART regression without penalties. */
export interface CartGrowOptions {
  rule: "cart";
  /** Maximum depth (root = depth 0); Infinity for unlimited. */
  maxDepth: number;
  /** Minimum hessian sum (bootstrap draws) in each child of a split. */
  minChildWeight: number;
}

export type GrowOptions = XgboostGrowOptions | CartGrowOptions;

/**
 * Per-split feature sampling (random forests; XGBoost's colsample_bylevel/bynode): each depth draws
 * `levelCount` of the tree's features (default: all), each node `count` of its level's.
 */
export interface SplitFeatureSampling {
  count: number;
  rng: Random;
  levelCount?: number;
}

/**
 * Exact greedy tree growing on pre-sorted columns, breadth first. Every node owns the same
 * contiguous range [start, end) of each feature's sorted row index, so finding its best split is
 * one sequential scan per feature with the left-hand G/H in locals, and splitting it is a stable
 * partition of that range per feature: O(features × rows) per level, no sorting, no allocation.
 * Children at the depth limit are never scanned, so their ranges are not partitioned either.
 * Buffers are reused across trees.
 */
export class TreeGrower {
  private readonly n: number;
  private readonly nF: number;
  /** index[f·n + k]: rows sorted by feature f, partitioned into node ranges. */
  private readonly index: Int32Array;
  private readonly goesLeft: Uint8Array;
  private readonly partitionScratch: Int32Array;
  private readonly featureScratch: Int32Array;
  private readonly nodeStart: Int32Array;
  private readonly nodeEnd: Int32Array;
  private readonly nodeDepth: Int32Array;
  /** The feature whose index range holds the node's rows (any feature, once partitioned). */
  private readonly nodeRangeFeature: Int32Array;
  // Node storage: a tree on n rows has at most 2n − 1 nodes.
  private readonly nodeFeature: Int32Array;
  private readonly nodeThreshold: Float64Array;
  private readonly nodeLeft: Int32Array;
  private readonly nodeRight: Int32Array;
  private readonly nodeValue: Float64Array;
  private readonly nodeCover: Float64Array;
  private readonly nodeGain: Float64Array;
  private readonly nodeDefaultLeft: Uint8Array;
  /** The node arrays as one Tree, made once. */
  private readonly nodeArrays: Tree;
  /** Monotone bounds of a node (clamping its children's weights) and the bounds clamping its own (its parent's). */
  private readonly nodeLower: Float64Array;
  private readonly nodeUpper: Float64Array;
  private readonly nodeClampLower: Float64Array;
  private readonly nodeClampUpper: Float64Array;

  constructor(
    private readonly data: SortedColumns,
    private readonly options: GrowOptions,
  ) {
    if ((options.rule === "xgboost") !== data.float32) throw new RangeError(`TreeGrower: the ${options.rule} rule needs ${options.rule === "xgboost" ? "float32" : "float64"} columns`);
    const n = data.nRows;
    this.n = n;
    this.nF = data.nFeatures;
    this.index = new Int32Array(n * this.nF);
    this.goesLeft = new Uint8Array(n);
    this.partitionScratch = new Int32Array(n);
    this.featureScratch = new Int32Array(this.nF);
    const capacity = 2 * n;
    this.nodeStart = new Int32Array(capacity);
    this.nodeEnd = new Int32Array(capacity);
    this.nodeDepth = new Int32Array(capacity);
    this.nodeRangeFeature = new Int32Array(capacity);
    this.nodeFeature = new Int32Array(capacity);
    this.nodeThreshold = new Float64Array(capacity);
    this.nodeLeft = new Int32Array(capacity);
    this.nodeRight = new Int32Array(capacity);
    this.nodeValue = new Float64Array(capacity);
    this.nodeCover = new Float64Array(capacity);
    this.nodeGain = new Float64Array(capacity);
    this.nodeDefaultLeft = new Uint8Array(capacity);
    // Boosted trees carry default directions for missing values; CART trees send NaN right.
    const defaults = options.rule === "xgboost" ? { defaultLeft: this.nodeDefaultLeft } : {};
    this.nodeArrays = { feature: this.nodeFeature, threshold: this.nodeThreshold, left: this.nodeLeft, right: this.nodeRight, value: this.nodeValue, cover: this.nodeCover, gain: this.nodeGain, ...defaults };
    this.nodeLower = new Float64Array(capacity);
    this.nodeUpper = new Float64Array(capacity);
    this.nodeClampLower = new Float64Array(capacity).fill(Number.NEGATIVE_INFINITY);
    this.nodeClampUpper = new Float64Array(capacity).fill(Number.POSITIVE_INFINITY);
  }

  /**
   * Grows one tree. Rows with hess 0 are left out (subsampling, out-of-bag); at least one row must
   * have hess > 0. `features` lists the feature indices this tree may split on, ascending.
   */
  grow(grad: Float64Array, hess: Float64Array, features: Int32Array, sampling?: SplitFeatureSampling): Tree {
    const { n, nF, index, goesLeft, partitionScratch, featureScratch } = this;
    const { nodeStart, nodeEnd, nodeDepth, nodeRangeFeature, nodeFeature, nodeThreshold, nodeLeft, nodeRight, nodeValue, nodeCover, nodeGain } = this;
    const { columns, order } = this.data;
    const options = this.options;
    const xgboost = options.rule === "xgboost";
    const maxDepth = options.maxDepth;
    // XGBoost holds its parameters in float32.
    const minChildWeight = xgboost ? Math.fround(options.minChildWeight) : options.minChildWeight;
    const lambda = xgboost ? Math.fround(options.lambda) : 0;
    const alpha = xgboost ? Math.fround(options.alpha) : 0;
    const learningRate = xgboost ? Math.fround(options.learningRate) : 1;
    const gamma = xgboost ? Math.fround(options.gamma) : 0;
    const maxDeltaStep = xgboost ? Math.fround(options.maxDeltaStep ?? 0) : 0;
    // Monotone constraints (XGBoost's TreeEvaluator): a node's bounds [lower, upper] clamp its
    // children's weights; a split on a constrained feature narrows its children's bounds at the mean
    // of their weights. The root is unclamped; its bounds are ±FLT_MAX.
    const monotone = xgboost && options.monotone?.some((c) => c !== 0) ? options.monotone : undefined;
    const { nodeLower, nodeUpper, nodeClampLower, nodeClampUpper } = this;
    nodeLower[0] = -FLT_MAX;
    nodeUpper[0] = FLT_MAX;
    nodeClampLower[0] = Number.NEGATIVE_INFINITY;
    nodeClampUpper[0] = Number.POSITIVE_INFINITY;
    const bounds: MonotoneBounds = { lower: -FLT_MAX, upper: FLT_MAX, constraint: 0 };

    // Each feature's sorted rows, restricted to the rows in the sample.
    let m = 0;
    for (let f = 0; f < nF; f++) {
      const base = f * n;
      let k = base;
      for (let j = base; j < base + n; j++) {
        const r = order[j]!;
        if (hess[r]! > 0) index[k++] = r;
      }
      m = k - base;
    }
    if (m === 0) throw new RangeError("TreeGrower: no row has a positive hessian");
    const scan: ScanInput = { index, columns, grad, hess, base: 0, a: 0, b: 0, G: 0, H: 0, minChildWeight, missing: false };
    const { missing: missingCount, forward } = this.data;
    const nodeDefaultLeft = this.nodeDefaultLeft;
    const forwardScan: XgboostScan = { parentGain: 0, lambda, alpha, maxDeltaStep, bounds: monotone ? bounds : undefined };
    const levelCount = Math.min(sampling?.levelCount ?? features.length, features.length);
    const levelFeatures = levelCount < features.length ? new Int32Array(levelCount) : features;
    const sampled = sampling !== undefined && sampling.count < levelCount;
    let scanFeatures = levelFeatures;
    let scanCount = levelCount;
    let level = -1;

    nodeStart[0] = 0;
    nodeEnd[0] = m;
    nodeDepth[0] = 0;
    nodeRangeFeature[0] = 0;
    let nNodes = 1;
    for (let node = 0; node < nNodes; node++) {
      const a = nodeStart[node]!;
      const b = nodeEnd[node]!;
      const depth = nodeDepth[node]!;
      const rangeBase = nodeRangeFeature[node]! * n;
      let G = 0;
      let H = 0;
      for (let k = rangeBase + a; k < rangeBase + b; k++) {
        const r = index[k]!;
        G += grad[r]!;
        H += hess[r]!;
      }
      // A node's value is the leaf it would be (so pruning and SHAP can use it); XGBoost multiplies in float32.
      const weight = xgboost ? clampWeight(xgboostWeight(G, H, minChildWeight, lambda, alpha, maxDeltaStep), nodeClampLower[node]!, nodeClampUpper[node]!) : 0;
      setLeaf(this.nodes(), node, xgboost ? Math.fround(weight * learningRate) : -G / H, H);
      if (depth >= maxDepth || b - a < 2 || H < 2 * minChildWeight) continue;
      // Under constraints a clamped parent's gain can be negative, so the bound does not hold.
      if (gamma > 0 && !monotone && this.lossChangeBound(a, b, rangeBase, grad, hess, H, lambda) < gamma) continue;

      if (sampling !== undefined && levelCount < features.length && depth !== level) {
        // A new depth: its features, drawn from the tree's (nodes are numbered level by level).
        level = depth;
        levelFeatures.set(drawFeatures(features, features.length, levelCount, featureScratch, sampling.rng));
      }
      if (sampled) {
        scanFeatures = drawFeatures(levelFeatures, levelCount, sampling.count, featureScratch, sampling.rng);
        scanCount = sampling.count;
      }

      // XGBoost: loss changes must beat 0 (its initial SplitEntry); CART: score sums must beat the parent's.
      const parentGain = monotone ? xgboostGainGivenWeight(G, H, lambda, weight) : xgboost ? xgboostGain(G, H, lambda, alpha, maxDeltaStep) : (G * G) / H;
      let best = xgboost ? 0 : parentGain;
      let bestFeature = -1;
      let bestSplit = 0;
      // The end of the best feature's non-missing rows, and whether its missing rows go left.
      let bestEnd = b;
      let bestLeft = 0;
      bounds.lower = nodeLower[node]!;
      bounds.upper = nodeUpper[node]!;
      scan.a = a;
      scan.G = G;
      scan.H = H;
      // Features ascending with strict improvement: among equal scores the lowest feature index
      // wins; within a feature with missing values, XGBoost's forward scan (missing right) runs first.
      for (let fi = 0; fi < scanCount; fi++) {
        const f = scanFeatures[fi]!;
        const base = f * n;
        // The node's rows missing this feature are last in its range.
        let end = b;
        if (missingCount[f]! > 0) while (end > a && Number.isNaN(columns[base + index[base + end - 1]!])) end--;
        if (end === a) continue; // missing in every row here
        if (end === b && columns[base + index[base + a]!] === columns[base + index[base + b - 1]!]) continue; // constant here
        scan.base = base;
        scan.b = end;
        scan.missing = end < b;
        if (monotone) bounds.constraint = monotone[f] ?? 0;
        if (xgboost && forward[f] === 1) {
          forwardScan.parentGain = parentGain;
          const found = scanForward(scan, best, forwardScan);
          if (found >= 0) {
            best = scanBest;
            bestFeature = f;
            bestSplit = found;
            bestEnd = end;
            bestLeft = 0;
          }
        }
        const found = xgboost ? scanXgboost(scan, parentGain, lambda, alpha, best, maxDeltaStep, monotone ? bounds : undefined) : scanForward(scan, best);
        if (found < 0) continue;
        best = scanBest;
        bestFeature = f;
        bestSplit = found;
        bestEnd = end;
        bestLeft = xgboost ? 1 : 0;
      }
      if (bestFeature < 0) continue;
      const bestGain = xgboost ? best : 0.5 * (best - parentGain);
      if (xgboost ? !(bestGain > XGBOOST_MIN_LOSS_CHANGE) : !(bestGain > CART_SPLIT_NOISE * best)) continue;
      const splitBase = bestFeature * n;
      let bestThreshold: number;
      if (!xgboost) bestThreshold = cartSplitValue(sortedValue(columns, index, splitBase, bestSplit - 1), sortedValue(columns, index, splitBase, bestSplit));
      else if (bestLeft === 1) bestThreshold = bestSplit === a ? xgboostEndSplitValue(sortedValue(columns, index, splitBase, a), false) : xgboostSplitValue(sortedValue(columns, index, splitBase, bestSplit - 1), sortedValue(columns, index, splitBase, bestSplit));
      else if (bestSplit === bestEnd) bestThreshold = xgboostEndSplitValue(sortedValue(columns, index, splitBase, bestEnd - 1), true);
      else {
        const lower = sortedValue(columns, index, splitBase, bestSplit - 1);
        const upper = sortedValue(columns, index, splitBase, bestSplit);
        bestThreshold = xgboostForwardSplitValue(lower, upper);
        // XGBoost partitions by the split value: at the lower value itself, the rows equal to it go
        // right. Where they are all the node's rows below it, that would leave the left child empty
        // (a leaf with no cover, which a model file cannot hold): split at the upper value instead.
        if (bestThreshold === lower) {
          let k = bestSplit;
          while (k > a && sortedValue(columns, index, splitBase, k - 1) === lower) k--;
          if (k > a) bestSplit = k;
          else bestThreshold = upper;
        }
      }
      // Missing rows sent left move ahead of the right-hand rows in the split feature's order, so
      // that each child's rows stay a range: sorted values, then missing ones.
      let leftEnd = bestSplit;
      if (bestLeft === 1 && bestEnd < b) {
        const nMissing = b - bestEnd;
        partitionScratch.set(index.subarray(splitBase + bestEnd, splitBase + b));
        index.copyWithin(splitBase + bestSplit + nMissing, splitBase + bestSplit, splitBase + bestEnd);
        index.set(partitionScratch.subarray(0, nMissing), splitBase + bestSplit);
        leftEnd = bestSplit + nMissing;
      }

      const left = nNodes;
      const right = nNodes + 1;
      nNodes += 2;
      nodeFeature[node] = bestFeature;
      nodeThreshold[node] = bestThreshold;
      nodeLeft[node] = left;
      nodeRight[node] = right;
      nodeGain[node] = bestGain;
      nodeDefaultLeft[node] = bestLeft;
      nodeStart[left] = a;
      nodeEnd[left] = leftEnd;
      nodeStart[right] = leftEnd;
      nodeEnd[right] = b;
      nodeDepth[left] = depth + 1;
      nodeDepth[right] = depth + 1;
      // In the split feature's order the left child is already the prefix of the range.
      nodeRangeFeature[left] = bestFeature;
      nodeRangeFeature[right] = bestFeature;
      if (monotone) this.boundChildren(node, left, right, monotone[bestFeature] ?? 0, splitBase + a, splitBase + leftEnd, grad, hess, G, H, { minChildWeight, lambda, alpha, maxDeltaStep });
      if (depth + 1 >= maxDepth) continue; // the children will be leaves: no need to partition
      nodeRangeFeature[left] = 0;
      nodeRangeFeature[right] = 0;

      for (let k = splitBase + a; k < splitBase + leftEnd; k++) goesLeft[index[k]!] = 1;
      for (let k = splitBase + leftEnd; k < splitBase + b; k++) goesLeft[index[k]!] = 0;
      for (let f = 0; f < nF; f++) {
        if (f === bestFeature) continue;
        const base = f * n;
        let l = base + a;
        let rCount = 0;
        // Branch-free: the side is data-dependent, so a branch would mispredict half the time.
        for (let k = base + a; k < base + b; k++) {
          const r = index[k]!;
          const side = goesLeft[r]!;
          index[l] = r;
          partitionScratch[rCount] = r;
          l += side;
          rCount += 1 - side;
        }
        for (let j = 0; j < rCount; j++) index[l + j] = partitionScratch[j]!;
      }
    }

    if (xgboost && options.gamma > 0 && pruneNodes(this.nodes(), nNodes, Math.fround(options.gamma))) return compactNodes(this.nodes(), nNodes);
    return sliceNodes(this.nodes(), nNodes);
  }

  /**
   * An upper bound on the loss change of any split in the subtree of the node with rows [a, b):
   * H/(H+λ)·Σ g²/h. A node whose bound is below γ is left a leaf without growing it, because
   * XGBoost's pruner would remove its whole subtree and leave exactly that leaf: growing it would
   * only cost time. For a split of rows T ⊆ node into L and R, Cauchy–Schwarz gives
   * G_L² ≤ H_L·Σ_L g²/h, so score(L) + score(R) ≤ H/(H+λ)·Σ_node g²/h; soft-thresholding only
   * shrinks |G| and the parent's score is ≥ 0. The factor 1 + 2⁻¹⁸ covers the float32 rounding of
   * the computed loss changes.
   */
  private lossChangeBound(a: number, b: number, rangeBase: number, grad: Float64Array, hess: Float64Array, H: number, lambda: number): number {
    const index = this.index;
    let squares = 0;
    for (let k = rangeBase + a; k < rangeBase + b; k++) {
      const r = index[k]!;
      squares += (grad[r]! * grad[r]!) / hess[r]!;
    }
    return squares * (H / (H + lambda)) * (1 + 2 ** -18);
  }

  /**
   * XGBoost's TreeEvaluator::AddSplit: the children's weights are clamped to the node's bounds,
   * they inherit those bounds, and a constraint c narrows them at mid = (w_left + w_right)/2 in
   * float32 (c > 0: left ≤ mid ≤ right; c < 0: the reverse). `[from, to)` holds the left child's
   * rows in the split feature's order.
   */
  private boundChildren(node: number, left: number, right: number, c: number, from: number, to: number, grad: Float64Array, hess: Float64Array, G: number, H: number, p: { minChildWeight: number; lambda: number; alpha: number; maxDeltaStep: number }): void {
    const { nodeLower, nodeUpper, nodeClampLower, nodeClampUpper, index } = this;
    let GL = 0;
    let HL = 0;
    for (let k = from; k < to; k++) {
      GL += grad[index[k]!]!;
      HL += hess[index[k]!]!;
    }
    const lower = nodeLower[node]!;
    const upper = nodeUpper[node]!;
    nodeClampLower[left] = lower;
    nodeClampUpper[left] = upper;
    nodeClampLower[right] = lower;
    nodeClampUpper[right] = upper;
    nodeLower[left] = lower;
    nodeUpper[left] = upper;
    nodeLower[right] = lower;
    nodeUpper[right] = upper;
    if (c === 0) return;
    const wl = clampWeight(xgboostWeight(GL, HL, p.minChildWeight, p.lambda, p.alpha, p.maxDeltaStep), lower, upper);
    const wr = clampWeight(xgboostWeight(G - GL, H - HL, p.minChildWeight, p.lambda, p.alpha, p.maxDeltaStep), lower, upper);
    const mid = Math.fround(Math.fround(wl + wr) / 2);
    if (c < 0) {
      nodeLower[left] = mid;
      nodeUpper[right] = mid;
    } else {
      nodeUpper[left] = mid;
      nodeLower[right] = mid;
    }
  }

  private nodes(): Tree {
    return this.nodeArrays;
  }
}

/**
 * XGBoost's pruner (updater_prune.cc): a split whose children are both leaves becomes a leaf (its
 * value is already the leaf it would be) when its loss change is below γ, repeated upwards.
 * Children have larger indices than parents, so one backward sweep sees every child settled
 * before its parent. Returns whether anything was pruned.
 */
export function pruneNodes(nodes: Tree, nNodes: number, gamma: number): boolean {
const { feature: nodeFeature, threshold: nodeThreshold, left: nodeLeft, right: nodeRight, gain: nodeGain } = nodes;
  let pruned = false;
  for (let node = nNodes - 1; node >= 0; node--) {
    if (nodeFeature[node]! < 0 || nodeFeature[nodeLeft[node]!]! >= 0 || nodeFeature[nodeRight[node]!]! >= 0) continue;
    if (!(nodeGain[node]! < gamma)) continue;
    nodeFeature[node] = -1;
    nodeThreshold[node] = 0;
    nodeLeft[node] = -1;
    nodeRight[node] = -1;
    nodeGain[node] = 0;
    if (nodes.defaultLeft) nodes.defaultLeft[node] = 0;
    pruned = true;
  }
  return pruned;
}

/** The tree without the nodes pruning cut off, renumbered in the same order (children still after parents). */
/** Makes `node` a leaf with this value and cover (a split may overwrite it later). */
export function setLeaf(nodes: Tree, node: number, value: number, cover: number): void {
  nodes.value[node] = value;
  nodes.cover[node] = cover;
  nodes.feature[node] = -1;
  nodes.threshold[node] = 0;
  nodes.left[node] = -1;
  nodes.right[node] = -1;
  nodes.gain[node] = 0;
  if (nodes.defaultLeft) nodes.defaultLeft[node] = 0;
}

/** The first nNodes nodes as a tree of their own. */
export function sliceNodes(nodes: Tree, nNodes: number): Tree {
  return {
    feature: nodes.feature.slice(0, nNodes),
    threshold: nodes.threshold.slice(0, nNodes),
    left: nodes.left.slice(0, nNodes),
    right: nodes.right.slice(0, nNodes),
    value: nodes.value.slice(0, nNodes),
    cover: nodes.cover.slice(0, nNodes),
    gain: nodes.gain.slice(0, nNodes),
    ...(nodes.defaultLeft ? { defaultLeft: nodes.defaultLeft.slice(0, nNodes) } : {}),
  };
}

export function compactNodes(nodes: Tree, nNodes: number): Tree {
const { feature: nodeFeature, threshold: nodeThreshold, left: nodeLeft, right: nodeRight, value: nodeValue, cover: nodeCover, gain: nodeGain } = nodes;
  const newIndex = new Int32Array(nNodes).fill(-1);
  newIndex[0] = 0;
  let size = 1;
  for (let node = 0; node < nNodes; node++) {
    if (newIndex[node]! < 0 || nodeFeature[node]! < 0) continue;
    newIndex[nodeLeft[node]!] = size++;
    newIndex[nodeRight[node]!] = size++;
  }
  const tree: Tree = {
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
    cover: new Float64Array(size),
    gain: new Float64Array(size),
    ...(nodes.defaultLeft ? { defaultLeft: new Uint8Array(size) } : {}),
  };
  for (let node = 0; node < nNodes; node++) {
    const at = newIndex[node]!;
    if (at < 0) continue;
    const split = nodeFeature[node]! >= 0;
    tree.feature[at] = nodeFeature[node]!;
    tree.threshold[at] = nodeThreshold[node]!;
    tree.left[at] = split ? newIndex[nodeLeft[node]!]! : -1;
    tree.right[at] = split ? newIndex[nodeRight[node]!]! : -1;
    tree.value[at] = nodeValue[node]!;
    tree.cover[at] = nodeCover[node]!;
    tree.gain[at] = nodeGain[node]!;
    if (tree.defaultLeft) tree.defaultLeft[at] = nodes.defaultLeft![node]!;
  }
  return tree;
}

/** `count` of the first `length` entries of `from`, drawn without replacement into `scratch` (partial Fisher–Yates), ascending. */
function drawFeatures(from: Int32Array, length: number, count: number, scratch: Int32Array, rng: Random): Int32Array {
  scratch.set(from.subarray(0, length));
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (length - i));
    const chosen = scratch[j]!;
    scratch[j] = scratch[i]!;
    scratch[i] = chosen;
  }
  return scratch.subarray(0, count).sort();
}

/** Draws `k` distinct integers from [0, n) (partial Fisher–Yates), returned ascending. */
export function sampleWithoutReplacement(n: number, k: number, rng: Random): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  return drawFeatures(pool, n, k, new Int32Array(n), rng).slice();
}
