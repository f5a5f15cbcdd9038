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
import { Random } from "./random.ts";
import { ModelFormatError, expectNumberArray } from "./serialization.ts";

/** One tree in flat arrays with tree-local node indices; node 0 is the root. */
export interface Tree {
  /** Split feature, −1 for a leaf. */
  feature: Int32Array;
  /** Rows with x[feature] < threshold go left. 0 for a leaf. */
  threshold: Float64Array;
  /** Child node indices, −1 for a leaf. Children always have larger indices than their parent. */
  left: Int32Array;
  right: Int32Array;
  /** Leaf output (already scaled by the learning rate); for inner nodes the weight the node would have as a leaf. */
  value: Float64Array;
  /** Sum of hessians reaching the node (the row count for squared error, the bootstrap count for a forest). */
  cover: Float64Array;
  /** Split gain ½[…] − γ, 0 for a leaf. */
  gain: Float64Array;
}

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

/** Leaf value of `tree` for row r of column-major `columns` with n rows. */
export function predictTreeColumns(tree: Tree, columns: Float64Array, n: number, r: number): number {
  let node = 0;
  for (let f = tree.feature[0]!; f >= 0; f = tree.feature[node]!) {
    node = columns[f * n + r]! < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}

/** Leaf value of a tree-local `tree` for the row starting at `base` in row-major `x`. */
export function predictTreeRow(tree: Tree, x: Float64Array, base: number): number {
  let node = 0;
  for (let f = tree.feature[0]!; f >= 0; f = tree.feature[node]!) node = x[base + f]! < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

/** SHAP values of row-major rows, each tree's contribution multiplied by `scale`. */
export function shapFlat(trees: TreeEnsemble, x: Float64Array, nRows: number, out: Float64Array | undefined, scale: number, what: string): Float64Array {
  const p = trees.nFeatures;
  const result = trees.checkFlat(x, nRows, out, p, what);
  result.fill(0, 0, nRows * p);
  for (let i = 0; i < nRows; i++) trees.addShap(x.subarray(i * p, (i + 1) * p), result.subarray(i * p, (i + 1) * p), scale);
  return result;
}

/** Mean |SHAP| per feature over `rows`, each tree's contribution multiplied by `scale`. */
export function meanAbsShap(trees: TreeEnsemble, rows: readonly ArrayLike<number>[], scale: number): Float64Array {
  const p = trees.nFeatures;
  const out = new Float64Array(p);
  const phi = new Float64Array(p);
  for (const row of rows) {
    phi.fill(0);
    trees.addShap(row, phi, scale);
    for (let j = 0; j < p; j++) out[j] = out[j]! + Math.abs(phi[j]!);
  }
  if (rows.length > 0) for (let j = 0; j < p; j++) out[j] = out[j]! / rows.length;
  return out;
}

export interface TreeEnsembleJSON {
  /** Start of each tree in the node arrays, plus the total node count. */
  treeOffsets: number[];
  feature: number[];
  threshold: number[];
  /** Global node indices (into the concatenated arrays), −1 for leaves. */
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  gain: number[];
}

/** Per-feature split statistics of an ensemble, the raw material of importances. */
export interface SplitStats {
  /** Number of splits on each feature. */
  count: Float64Array;
  /** Sum of split gains per feature. */
  gain: Float64Array;
  /** Sum of split covers per feature. */
  cover: Float64Array;
}

/**
 * All trees of a model concatenated into one set of flat arrays (child indices are global), with
 * the inference, expected values and TreeSHAP every tree model shares.
 */
export class TreeEnsemble {
  private expected: Float64Array | null = null;
  private shap: TreeShapWorkspace | null = null;

  private constructor(
    readonly nFeatures: number,
    readonly treeOffsets: Int32Array,
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly value: Float64Array,
    readonly cover: Float64Array,
    readonly gain: Float64Array,
  ) {}

  static fromTrees(trees: readonly Tree[], nFeatures: number): TreeEnsemble {
    let total = 0;
    const offsets = new Int32Array(trees.length + 1);
    trees.forEach((t, i) => {
      offsets[i] = total;
      total += t.feature.length;
    });
    offsets[trees.length] = total;
    const feature = new Int32Array(total);
    const threshold = new Float64Array(total);
    const left = new Int32Array(total);
    const right = new Int32Array(total);
    const value = new Float64Array(total);
    const cover = new Float64Array(total);
    const gain = new Float64Array(total);
    trees.forEach((t, i) => {
      const off = offsets[i]!;
      feature.set(t.feature, off);
      threshold.set(t.threshold, off);
      value.set(t.value, off);
      cover.set(t.cover, off);
      gain.set(t.gain, off);
      for (let k = 0; k < t.feature.length; k++) {
        left[off + k] = t.left[k]! < 0 ? -1 : t.left[k]! + off;
        right[off + k] = t.right[k]! < 0 ? -1 : t.right[k]! + off;
      }
    });
    return new TreeEnsemble(nFeatures, offsets, feature, threshold, left, right, value, cover, gain);
  }

  get nTrees(): number {
    return this.treeOffsets.length - 1;
  }

  get nNodes(): number {
    return this.feature.length;
  }

  /** `init` plus the leaf value of every tree for `row`, added in tree order. */
  sum(row: ArrayLike<number>, init: number): number {
    const { treeOffsets, feature, threshold, left, right, value } = this;
    let out = init;
    for (let t = 0; t < treeOffsets.length - 1; t++) {
      let node = treeOffsets[t]!;
      for (let f = feature[node]!; f >= 0; f = feature[node]!) node = row[f]! < threshold[node]! ? left[node]! : right[node]! ;
      out += value[node]!;
    }
    return out;
  }

  /** out[i] += Σ_t tree_t(row i) for row-major `x`, one pass per tree over all rows (same order of additions as `sum`). */
  addFlat(x: Float64Array, nRows: number, out: Float64Array): void {
    const { treeOffsets, feature, threshold, left, right, value } = this;
    const p = this.nFeatures;
    for (let t = 0; t < treeOffsets.length - 1; t++) {
      const root = treeOffsets[t]!;
      const rootFeature = feature[root]!;
      for (let i = 0; i < nRows; i++) {
        const base = i * p;
        let node = root;
        for (let f = rootFeature; f >= 0; f = feature[node]!) node = x[base + f]! < threshold[node]! ? left[node]! : right[node]!;
        out[i] = out[i]! + value[node]!;
      }
    }
  }

  /** Checks the shape of a row-major batch and returns an output buffer for it. */
  checkFlat(x: Float64Array, nRows: number, out: Float64Array | undefined, width: number, what: string): Float64Array {
    if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`${what}: nRows must be an integer >= 0, got ${nRows}`);
    if (x.length < nRows * this.nFeatures) throw new RangeError(`${what}: x holds ${x.length} values, need ${nRows} × ${this.nFeatures}`);
    if (out === undefined) return new Float64Array(nRows * width);
    if (out.length < nRows * width) throw new RangeError(`${what}: out holds ${out.length} values, need ${nRows * width}`);
    return out;
  }

  /**
   * Expected value of each tree under the path-dependent rule: a node's expectation is its
   * children's weighted by cover[child]/cover[node] (the cover-weighted mean of the leaves).
   */
  expectedValues(): Float64Array {
    if (this.expected) return this.expected;
    const { treeOffsets, left, right, value, cover } = this;
    const out = new Float64Array(this.nTrees);
    for (let t = 0; t < out.length; t++) {
      // Children have larger indices than parents, so a backward sweep sees children first.
      const start = treeOffsets[t]!;
      const end = treeOffsets[t + 1]!;
      const e = new Float64Array(end - start);
      for (let node = end - 1; node >= start; node--) {
        const l = left[node]!;
        if (l < 0) e[node - start] = value[node]!;
        else {
          const r = right[node]!;
          const w = cover[node]!;
          e[node - start] = (cover[l]! / w) * e[l - start]! + (cover[r]! / w) * e[r - start]!;
        }
      }
      out[t] = e[0]!;
    }
    this.expected = out;
    return out;
  }

  /** Σ of the trees' expected values, added in tree order. */
  expectedSum(): number {
    let s = 0;
    for (const e of this.expectedValues()) s += e;
    return s;
  }

  /** phi[j] += scale × (exact TreeSHAP value of feature j for `row`), summed over all trees. */
  addShap(row: ArrayLike<number>, phi: Float64Array, scale: number): void {
    if (this.shap === null) this.shap = new TreeShapWorkspace(this, this.maxDepth());
    this.shap.run(row, phi, scale);
  }

  /** Depth of the deepest leaf over all trees (a lone root leaf has depth 0). */
  maxDepth(): number {
    const { treeOffsets, left, right } = this;
    const depth = new Int32Array(this.nNodes);
    let max = 0;
    for (let t = 0; t < this.nTrees; t++) {
      const start = treeOffsets[t]!;
      const end = treeOffsets[t + 1]!;
      depth[start] = 0;
      for (let node = start; node < end; node++) {
        const l = left[node]!;
        if (l < 0) continue;
        const d = depth[node]! + 1;
        depth[l] = d;
        depth[right[node]!] = d;
        if (d > max) max = d;
      }
    }
    return max;
  }

  /** Per-feature split counts, gain sums and cover sums. */
  splitStats(): SplitStats {
    const count = new Float64Array(this.nFeatures);
    const gain = new Float64Array(this.nFeatures);
    const cover = new Float64Array(this.nFeatures);
    for (let node = 0; node < this.nNodes; node++) {
      const f = this.feature[node]!;
      if (f < 0) continue;
      count[f] = count[f]! + 1;
      gain[f] = gain[f]! + this.gain[node]!;
      cover[f] = cover[f]! + this.cover[node]!;
    }
    return { count, gain, cover };
  }

  toJSON(): TreeEnsembleJSON {
    return {
      treeOffsets: Array.from(this.treeOffsets),
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      left: Array.from(this.left),
      right: Array.from(this.right),
      value: Array.from(this.value),
      cover: Array.from(this.cover),
      gain: Array.from(this.gain),
    };
  }

  /**
   * Reads and fully validates the arrays written by `toJSON`: equal lengths, a well-formed offset
   * table, leaves marked consistently, feature indices < nFeatures, every child inside its tree,
   * after its parent and referenced exactly once, positive covers. `what` prefixes errors.
   */
  static fromJSON(json: unknown, nFeatures: number, what: string): TreeEnsemble {
    if (json === null || typeof json !== "object" || Array.isArray(json)) throw new ModelFormatError(`${what}: expected a JSON object`);
    const obj = json as Record<string, unknown>;
    const offsets = expectIntegerArray(obj.treeOffsets, `${what}.treeOffsets`);
    const feature = expectIntegerArray(obj.feature, `${what}.feature`);
    const nNodes = feature.length;
    const threshold = expectNumberArray(obj.threshold, `${what}.threshold`, nNodes);
    const left = expectIntegerArray(obj.left, `${what}.left`, nNodes);
    const right = expectIntegerArray(obj.right, `${what}.right`, nNodes);
    const value = expectNumberArray(obj.value, `${what}.value`, nNodes);
    const cover = expectNumberArray(obj.cover, `${what}.cover`, nNodes);
    const gain = expectNumberArray(obj.gain, `${what}.gain`, nNodes);

    if (offsets.length < 2) throw new ModelFormatError(`${what}.treeOffsets: a fitted model has at least one tree`);
    if (offsets[0] !== 0 || offsets[offsets.length - 1] !== nNodes) {
      throw new ModelFormatError(`${what}.treeOffsets: must start at 0 and end at the node count ${nNodes}`);
    }
    const referenced = new Uint8Array(nNodes);
    for (let t = 0; t + 1 < offsets.length; t++) {
      const start = offsets[t] as number;
      const end = offsets[t + 1] as number;
      if (!(end > start)) throw new ModelFormatError(`${what}.treeOffsets: tree ${t} is empty or the offsets decrease`);
      for (let node = start; node < end; node++) {
        const f = feature[node] as number;
        const l = left[node] as number;
        const r = right[node] as number;
        if (!((cover[node] as number) > 0)) throw new ModelFormatError(`${what}.cover[${node}]: must be > 0`);
        if (f === -1) {
          if (l !== -1 || r !== -1) throw new ModelFormatError(`${what}: leaf ${node} has children`);
          continue;
        }
        if (f < 0 || f >= nFeatures) throw new ModelFormatError(`${what}.feature[${node}]: ${f} is not a feature index (< ${nFeatures}) or −1`);
        for (const c of [l, r]) {
          if (!(c > node && c < end)) throw new ModelFormatError(`${what}: node ${node} has child ${c} outside its tree [${node + 1}, ${end})`);
          if (referenced[c]) throw new ModelFormatError(`${what}: node ${c} has two parents`);
          referenced[c] = 1;
        }
      }
      for (let node = start + 1; node < end; node++) {
        if (!referenced[node]) throw new ModelFormatError(`${what}: node ${node} is unreachable from its tree's root`);
      }
    }
    return new TreeEnsemble(
      nFeatures,
      Int32Array.from(offsets),
      Int32Array.from(feature),
      Float64Array.from(threshold),
      Int32Array.from(left),
      Int32Array.from(right),
      Float64Array.from(value),
      Float64Array.from(cover),
      Float64Array.from(gain),
    );
  }
}

function expectIntegerArray(value: unknown, what: string, length?: number): number[] {
  const values = expectNumberArray(value, what, length);
  if (!values.every((v) => Number.isInteger(v) && v >= -1 && v <= 0x7fffffff)) throw new ModelFormatError(`${what}: expected integers >= -1`);
  return values;
}

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2), a transcription of the
 * reference implementation: the recursion carries the "unique path" of features split on so far,
 * each with the fraction of zero (feature absent: follow covers) and one (feature present: follow x)
 * paths flowing through it and the permutation weights, EXTENDed at each split and UNWOUND when a
 * feature repeats. Path buffers are preallocated per ensemble for the deepest tree.
 */
class TreeShapWorkspace {
  private readonly pathFeature: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;
  private readonly factorStride: number;
  private readonly hotScale: Float64Array;
  private readonly hotDecay: Float64Array;
  private readonly coldScale: Float64Array;
  private row: ArrayLike<number> = [];
  private phi: Float64Array = new Float64Array(0);
  private scale = 1;

  constructor(
    private readonly trees: TreeEnsemble,
    maxDepth: number,
  ) {
    const size = ((maxDepth + 2) * (maxDepth + 3)) / 2 + 2;
    // The ratios the leaf step multiplies by, for unique depth U and position k < U.
    const stride = maxDepth + 2;
    this.factorStride = stride;
    this.hotScale = new Float64Array(stride * stride);
    this.hotDecay = new Float64Array(stride * stride);
    this.coldScale = new Float64Array(stride * stride);
    for (let u = 1; u < stride; u++) {
      for (let k = 0; k < u; k++) {
        this.hotScale[u * stride + k] = (u + 1) / (k + 1);
        this.hotDecay[u * stride + k] = (u - k) / (u + 1);
        this.coldScale[u * stride + k] = (u + 1) / (u - k);
      }
    }
    this.pathFeature = new Int32Array(size);
    this.pathZero = new Float64Array(size);
    this.pathOne = new Float64Array(size);
    this.pathWeight = new Float64Array(size);
  }

  run(row: ArrayLike<number>, phi: Float64Array, scale: number): void {
    this.row = row;
    this.phi = phi;
    this.scale = scale;
    const offsets = this.trees.treeOffsets;
    for (let t = 0; t + 1 < offsets.length; t++) this.recurse(offsets[t]!, 0, 0, 1, 1, -1);
  }

  private recurse(node: number, uniqueDepth: number, parentOffset: number, parentZero: number, parentOne: number, parentFeature: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight } = this;
    const { feature, threshold, left, right, value, cover } = this.trees;
    const offset = parentOffset + uniqueDepth + 1;
    for (let i = 0; i < uniqueDepth; i++) {
      pathFeature[offset + i] = pathFeature[parentOffset + i]!;
      pathZero[offset + i] = pathZero[parentOffset + i]!;
      pathOne[offset + i] = pathOne[parentOffset + i]!;
      pathWeight[offset + i] = pathWeight[parentOffset + i]!;
    }
    this.extend(offset, uniqueDepth, parentZero, parentOne, parentFeature);

    const split = feature[node]!;
    if (split < 0) {
      if (uniqueDepth > 0) this.leaf(offset, uniqueDepth, value[node]! * this.scale);
      return;
    }

    const hot = this.row[split]! < threshold[node]! ? left[node]! : right[node]!;
    const cold = hot === left[node] ? right[node]! : left[node]!;
    const w = cover[node]!;
    const hotZero = cover[hot]! / w;
    const coldZero = cover[cold]! / w;
    let incomingZero = 1;
    let incomingOne = 1;
    // A feature already on the path is unwound and re-extended with the combined fractions.
    let k = 0;
    while (k <= uniqueDepth && pathFeature[offset + k] !== split) k++;
    if (k <= uniqueDepth) {
      incomingZero = pathZero[offset + k]!;
      incomingOne = pathOne[offset + k]!;
      this.unwind(offset, uniqueDepth, k);
      uniqueDepth--;
    }
    this.recurse(hot, uniqueDepth + 1, offset, hotZero * incomingZero, incomingOne, split);
    this.recurse(cold, uniqueDepth + 1, offset, coldZero * incomingZero, 0, split);
  }

  private extend(offset: number, uniqueDepth: number, zero: number, one: number, featureIndex: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight } = this;
    const at = offset + uniqueDepth;
    pathFeature[at] = featureIndex;
    pathZero[at] = zero;
    pathOne[at] = one;
    pathWeight[at] = uniqueDepth === 0 ? 1 : 0;
    for (let i = uniqueDepth - 1; i >= 0; i--) {
      const p = pathWeight[offset + i]!;
      pathWeight[offset + i + 1] = pathWeight[offset + i + 1]! + (one * p * (i + 1)) / (uniqueDepth + 1);
      pathWeight[offset + i] = (zero * p * (uniqueDepth - i)) / (uniqueDepth + 1);
    }
  }

  private unwind(offset: number, uniqueDepth: number, pathIndex: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight } = this;
    const one = pathOne[offset + pathIndex]!;
    const zero = pathZero[offset + pathIndex]!;
    let nextOnePortion = pathWeight[offset + uniqueDepth]!;
    for (let i = uniqueDepth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = pathWeight[offset + i]!;
        pathWeight[offset + i] = (nextOnePortion * (uniqueDepth + 1)) / ((i + 1) * one);
        nextOnePortion = tmp - (pathWeight[offset + i]! * zero * (uniqueDepth - i)) / (uniqueDepth + 1);
      } else {
        pathWeight[offset + i] = (pathWeight[offset + i]! * (uniqueDepth + 1)) / (zero * (uniqueDepth - i));
      }
    }
    for (let i = pathIndex; i < uniqueDepth; i++) {
      pathFeature[offset + i] = pathFeature[offset + i + 1]!;
      pathZero[offset + i] = pathZero[offset + i + 1]!;
      pathOne[offset + i] = pathOne[offset + i + 1]!;
    }
  }

  /**
   * Adds a leaf's contributions: for each path element e ≥ 1, phi[feature] += UNWOUNDSUM(e)·(one − zero)·v.
   * In path-dependent TreeSHAP every one-fraction is exactly 0 or 1. For one = 0 the reference loop
   * is Σ_k w_k·(U+1)/(U−k) / zero, so the contribution −zero·UNWOUNDSUM·v = −v·Σ_k w_k·(U+1)/(U−k)
   * is the same for every such element and computed once per leaf; for one = 1 the loop runs with
   * precomputed factors instead of divisions.
   */
  private leaf(offset: number, u: number, v: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight, phi, hotScale, hotDecay, coldScale } = this;
    const row = u * this.factorStride;
    let coldTerm = Number.NaN;
    for (let e = 1; e <= u; e++) {
      const j = pathFeature[offset + e]!;
      if (pathOne[offset + e] === 0) {
        if (Number.isNaN(coldTerm)) {
          let sum = 0;
          for (let k = u - 1; k >= 0; k--) sum += pathWeight[offset + k]! * coldScale[row + k]!;
          coldTerm = -sum * v;
        }
        phi[j] = phi[j]! + coldTerm;
      } else {
        const zero = pathZero[offset + e]!;
        let total = 0;
        let nextOnePortion = pathWeight[offset + u]!;
        for (let k = u - 1; k >= 0; k--) {
          const tmp = nextOnePortion * hotScale[row + k]!;
          total += tmp;
          nextOnePortion = pathWeight[offset + k]! - tmp * zero * hotDecay[row + k]!;
        }
        phi[j] = phi[j]! + total * (1 - zero) * v;
      }
    }
  }

}
