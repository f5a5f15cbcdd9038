/**
 * Regression trees shared by the boosted and the random-forest models: pre-sorted columns, an
 * exact greedy tree grower, a flat typed-array ensemble for inference, and the
 * exact path-dependent TreeSHAP of Lundberg, Erion & Lee (2018, Algorithm 2).
 *
 * The grower is XGBoost's second-order one: each row has a gradient g and a hessian h, a node's
 * score is T(G)²/(H+λ) with T the L1 soft-threshold T(G) = sign(G)·max(|G|−α, 0), a split gains
 * ½[score(L) + score(R) − score(parent)] − γ, and a leaf weighs −T(G)/(H+λ). CART regression is
 * the special case g = −y, h = 1 (or the bootstrap count), λ = α = γ = 0: the gain is then half
 * the decrease in squared error and the leaf weight the node mean.
 */
import type { Random } from "./random.ts";
import type { Tree } from "./tree-ensemble.ts";

/**
 * A split is accepted only when its gain beats float rounding: the score terms are sums over up to
 * n rows, so a "gain" below this fraction of them (say, from splitting a node whose targets are all
 * equal) is noise, not signal. Scale-free, unlike XGBoost's absolute kRtEps = 1e-6.
 */
const SPLIT_NOISE = 1e-11;

/** Feature columns sorted once per fit, so growing a tree never sorts. */
export class SortedColumns {
  private constructor(
    readonly nRows: number,
    readonly nFeatures: number,
    /** columns[f·nRows + r] = x[r][f]. */
    readonly columns: Float64Array,
    /** order[f·nRows + k] = the row with the k-th smallest value of feature f (ties by row index). */
    readonly order: Int32Array,
  ) {}

  /** Validates a rectangular matrix of finite numbers (`what` names the caller in errors) and sorts its columns. */
  static fromRows(x: readonly (readonly number[])[], what: string): SortedColumns {
    const n = x.length;
    if (n === 0) throw new RangeError(`${what}: need at least one row`);
    const p = (x[0] as readonly number[]).length;
    if (p === 0) throw new RangeError(`${what}: rows need at least one feature`);
    const columns = new Float64Array(n * p);
    for (let r = 0; r < n; r++) {
      const row = x[r] as readonly number[];
      if (row.length !== p) throw new RangeError(`${what}: row ${r} has ${row.length} features, expected ${p}`);
      for (let f = 0; f < p; f++) {
        const v = row[f] as number;
        if (!Number.isFinite(v)) throw new RangeError(`${what}: x[${r}][${f}] is ${v}; impute missing values first`);
        columns[f * n + r] = v;
      }
    }
    const order = new Int32Array(n * p);
    const idx = new Int32Array(n);
    for (let f = 0; f < p; f++) {
      const base = f * n;
      for (let r = 0; r < n; r++) idx[r] = r;
      idx.sort((a, b) => (columns[base + a] as number) - (columns[base + b] as number) || a - b);
      order.set(idx, base);
    }
    return new SortedColumns(n, p, columns, order);
  }
}

export interface GrowOptions {
  /** Maximum depth (root = depth 0); Infinity for unlimited. */
  maxDepth: number;
  /** Minimum hessian sum in each child of a split. */
  minChildWeight: number;
  /** L2 penalty λ on leaf weights. */
  lambda: number;
  /** L1 penalty α on leaf weights. */
  alpha: number;
  /** Minimum split loss γ. */
  gamma: number;
  /** Multiplies every stored node value (the learning rate). */
  leafScale: number;
}

/** Per-split feature sampling (random forests): each node considers `count` of the tree's features. */
export interface SplitFeatureSampling {
  count: number;
  rng: Random;
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

  constructor(
    private readonly data: SortedColumns,
    private readonly options: GrowOptions,
  ) {
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
  }

  /**
   * Grows one tree. Rows with hess 0 are left out (subsampling, out-of-bag); at least one row must
   * have hess > 0. `features` lists the feature indices this tree may split on, ascending.
   */
  grow(grad: Float64Array, hess: Float64Array, features: Int32Array, sampling?: SplitFeatureSampling): Tree {
    const { n, nF, index, goesLeft, partitionScratch, featureScratch } = this;
    const { nodeStart, nodeEnd, nodeDepth, nodeRangeFeature, nodeFeature, nodeThreshold, nodeLeft, nodeRight, nodeValue, nodeCover, nodeGain } = this;
    const { columns, order } = this.data;
    const { maxDepth, minChildWeight, lambda, alpha, gamma, leafScale } = this.options;

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
    const sampled = sampling !== undefined && sampling.count < features.length;
    let scanFeatures = features;
    let scanCount = features.length;

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
      nodeValue[node] = leafScale * leafWeight(G, H, lambda, alpha);
      nodeCover[node] = H;
      nodeFeature[node] = -1;
      nodeThreshold[node] = 0;
      nodeLeft[node] = -1;
      nodeRight[node] = -1;
      nodeGain[node] = 0;
      if (depth >= maxDepth || b - a < 2 || H < 2 * minChildWeight) continue;

      if (sampled) {
        featureScratch.set(features);
        const count = sampling.count;
        for (let i = 0; i < count; i++) {
          const j = i + Math.floor(sampling.rng.next() * (features.length - i));
          const chosen = featureScratch[j]!;
          featureScratch[j] = featureScratch[i]!;
          featureScratch[i] = chosen;
        }
        featureScratch.subarray(0, count).sort();
        scanFeatures = featureScratch;
        scanCount = count;
      }

      // Comparing score sums instead of gains saves work per candidate: gain > 0 ⟺ sum > parent + 2γ.
      const parentScore = score(G, H, lambda, alpha);
      let bestScoreSum = parentScore + 2 * gamma;
      let bestFeature = -1;
      let bestSplit = 0;
      for (let fi = 0; fi < scanCount; fi++) {
        const f = scanFeatures[fi]!;
        const base = f * n;
        if (columns[base + index[base + a]!] === columns[base + index[base + b - 1]!]) continue; // constant here
        const found =
          alpha === 0
            ? scanSquared(index, columns, grad, hess, base, a, b, G, H, minChildWeight, lambda, bestScoreSum)
            : scanSoftThresholded(index, columns, grad, hess, base, a, b, G, H, minChildWeight, lambda, alpha, bestScoreSum);
        if (found < 0) continue;
        bestScoreSum = scanBest;
        bestFeature = f;
        bestSplit = found;
      }
      const bestGain = 0.5 * (bestScoreSum - parentScore) - gamma;
      if (bestFeature < 0 || !(bestGain > 0) || !(bestGain + gamma > SPLIT_NOISE * bestScoreSum)) continue;
      const splitBase = bestFeature * n;
      const bestThreshold = midpoint(columns[splitBase + index[splitBase + bestSplit - 1]!]!, columns[splitBase + index[splitBase + bestSplit]!]!);

      const left = nNodes;
      const right = nNodes + 1;
      nNodes += 2;
      nodeFeature[node] = bestFeature;
      nodeThreshold[node] = bestThreshold;
      nodeLeft[node] = left;
      nodeRight[node] = right;
      nodeGain[node] = bestGain;
      nodeStart[left] = a;
      nodeEnd[left] = bestSplit;
      nodeStart[right] = bestSplit;
      nodeEnd[right] = b;
      nodeDepth[left] = depth + 1;
      nodeDepth[right] = depth + 1;
      // In the split feature's order the left child is already the prefix of the range.
      nodeRangeFeature[left] = bestFeature;
      nodeRangeFeature[right] = bestFeature;
      if (depth + 1 >= maxDepth) continue; // the children will be leaves: no need to partition
      nodeRangeFeature[left] = 0;
      nodeRangeFeature[right] = 0;

      for (let k = splitBase + a; k < splitBase + bestSplit; k++) goesLeft[index[k]!] = 1;
      for (let k = splitBase + bestSplit; k < splitBase + b; k++) goesLeft[index[k]!] = 0;
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

    return {
      feature: nodeFeature.slice(0, nNodes),
      threshold: nodeThreshold.slice(0, nNodes),
      left: nodeLeft.slice(0, nNodes),
      right: nodeRight.slice(0, nNodes),
      value: nodeValue.slice(0, nNodes),
      cover: nodeCover.slice(0, nNodes),
      gain: nodeGain.slice(0, nNodes),
    };
  }
}

/** Best score sum of the last successful scan (module scratch: scans return only the position). */
let scanBest = 0;

/**
 * Scans one feature's sorted rows [a, b) of a node (offset `base`) for the split whose score sum
 * G_L²/(H_L+λ) + G_R²/(H_R+λ) exceeds `floor` the most. Returns the position k (relative to base)
 * of the first right-hand row, with the sum in `scanBest`, or −1 if nothing beats `floor`.
 * A candidate lies between each pair of adjacent distinct values within the node.
 */
function scanSquared(
  index: Int32Array,
  columns: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  base: number,
  a: number,
  b: number,
  G: number,
  H: number,
  minChildWeight: number,
  lambda: number,
  floor: number,
): number {
  let best = floor;
  let position = -1;
  let gl = 0;
  let hl = 0;
  let last = columns[base + index[base + a]!]!;
  for (let k = base + a; k < base + b; k++) {
    const r = index[k]!;
    const v = columns[base + r]!;
    if (v > last && hl >= minChildWeight && H - hl >= minChildWeight) {
      const gr = G - gl;
      const sum = (gl * gl) / (hl + lambda) + (gr * gr) / (H - hl + lambda);
      if (sum > best) {
        best = sum;
        position = k;
      }
    }
    gl += grad[r]!;
    hl += hess[r]!;
    last = v;
  }
  scanBest = best;
  return position < 0 ? -1 : position - base;
}

/** `scanSquared` with L1 soft-thresholding: score = max(|G| − α, 0)²/(H+λ) (the sign of T(G) squares away). */
function scanSoftThresholded(
  index: Int32Array,
  columns: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  base: number,
  a: number,
  b: number,
  G: number,
  H: number,
  minChildWeight: number,
  lambda: number,
  alpha: number,
  floor: number,
): number {
  let best = floor;
  let position = -1;
  let gl = 0;
  let hl = 0;
  let last = columns[base + index[base + a]!]!;
  for (let k = base + a; k < base + b; k++) {
    const r = index[k]!;
    const v = columns[base + r]!;
    if (v > last && hl >= minChildWeight && H - hl >= minChildWeight) {
      let tl = Math.abs(gl) - alpha;
      let tr = Math.abs(G - gl) - alpha;
      tl = tl > 0 ? tl : 0;
      tr = tr > 0 ? tr : 0;
      const sum = (tl * tl) / (hl + lambda) + (tr * tr) / (H - hl + lambda);
      if (sum > best) {
        best = sum;
        position = k;
      }
    }
    gl += grad[r]!;
    hl += hess[r]!;
    last = v;
  }
  scanBest = best;
  return position < 0 ? -1 : position - base;
}

/** L1 soft-thresholding T(G) = sign(G)·max(|G| − α, 0). */
export function softThreshold(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

/** Node score T(G)²/(H+λ). */
export function score(g: number, h: number, lambda: number, alpha: number): number {
  const t = softThreshold(g, alpha);
  return (t * t) / (h + lambda);
}

/** Optimal leaf weight −T(G)/(H+λ). */
export function leafWeight(g: number, h: number, lambda: number, alpha: number): number {
  return -softThreshold(g, alpha) / (h + lambda);
}

/** Midpoint of a < b that still separates them under `x < t` when a and b are adjacent floats. */
function midpoint(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t > a ? t : b;
}

/** Draws `k` distinct integers from [0, n) (partial Fisher–Yates), returned ascending. */
export function sampleWithoutReplacement(n: number, k: number, rng: Random): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const chosen = pool[j]!;
    pool[j] = pool[i]!;
    pool[i] = chosen;
  }
  return pool.slice(0, k).sort();
}
