/**
 * The histogram tree grower (XGBoost's `tree_method="hist"`): every feature is cut once per fit into
 * at most `maxBin` bins (256 by default) at XGBoost's own cut values (quantileCuts: its quantile
 * sketch, exact up to 2,049 rows, and its pruning) and stored as a uint8 (uint16 with a missing bin
 * beside 256 value bins) matrix; a node's split is found from per-bin gradient/hessian sums instead
 * of sorted rows, and of two siblings only the smaller one's histogram is built — the other is the
 * parent's minus it (histogram subtraction). Trees grow depth-wise with XGBoost hist's rules: L1/L2
 * on leaf weights, min_child_weight, γ checked when a node splits (its hist updater has no
 * bottom-up prune, unlike exact's), XGBoost's gain and weight formulas (tree-split.ts). Split
 * thresholds are cut values: x < cut goes left. On the housing data the trees are XGBoost hist's
 * node for node (test/unit/xgboost-hist.test.ts); beyond 2,049 rows XGBoost's sketch is
 * approximate and the cuts, hence the trees, can differ slightly.
 *
 * Missing values (NaN) get a bin of their own after a feature's value bins. As in XGBoost's hist
 * evaluator, each feature is scanned forward (missing rows right, up to every value left of them)
 * and, when the node has rows missing it, backward (missing rows left, down to every value right of
 * them); a backward candidate must beat the forward ones strictly. A feature never missing in
 * training sends NaN right, as XGBoost hist.
 */
import type { Tree } from "./tree-ensemble.ts";
import { type XgboostGrowOptions, setLeaf, sliceNodes } from "./tree-grower.ts";
import { FLOAT32_LOSS_ERROR, XGBOOST_MIN_LOSS_CHANGE, softThreshold, xgboostEndSplitValue, xgboostGain, xgboostWeight } from "./tree-split.ts";

/**
 * Bin numbers: uint8, or uint16 when a feature can need 257 (256 value bins and the missing bin).
 */
export type BinArray = Uint8Array | Uint16Array;

/** Feature columns cut into quantile bins: bins[f·n + r] is row r's bin of feature f. */
export class BinnedColumns {
  private constructor(
    readonly nRows: number,
    readonly nFeatures: number,
    readonly bins: BinArray,
    /** The same bins row-major (rowBins[r·p + f]): histogram building reads a row's bins together. */
    readonly rowBins: BinArray,
    /** cuts[f][b]: the upper bound of bin b of feature f (exclusive); bin b holds cuts[b−1] ≤ x < cuts[b]. */
    readonly cuts: Float64Array[],
    /** Value bins per feature (cuts[f].length + 1). */
    readonly nBins: Int32Array,
    readonly maxBins: number,
    /** The bin of a feature's missing values (nBins[f]), or −1 for a feature without missing values. */
    readonly missingBin: Int32Array,
    /** Smallest and largest non-missing value of each feature (split values of the end candidates). */
    readonly minValue: Float64Array,
    readonly maxValue: Float64Array,
  ) {}

  /**
   * Cuts column-major `columns` (n rows × p features, finite or NaN = missing) at XGBoost's cuts
   * (quantileCuts: a feature with at most maxBin distinct values gets one bin per value);
   * a feature with missing values has its missing rows in bin nBins[f], after its value bins. Each
   * feature is sorted once (NaN last); rows find their bin by binary search. Bins are uint8 unless
   * a feature has missing values and maxBin is 256 (257 bin numbers: uint16).
   */
  static fromColumns(columns: Float64Array, n: number, p: number, maxBin: number): BinnedColumns {
    if (!Number.isInteger(maxBin) || maxBin < 2 || maxBin > 256) throw new RangeError(`maxBin must be an integer in [2, 256], got ${maxBin}`);
    let anyMissing = false;
    for (let k = 0; k < n * p && !anyMissing; k++) anyMissing = columns[k] !== columns[k];
    const wide = anyMissing && maxBin === 256;
    const bins: BinArray = wide ? new Uint16Array(n * p) : new Uint8Array(n * p);
    const cuts: Float64Array[] = [];
    const nBins = new Int32Array(p);
    const missingBin = new Int32Array(p).fill(-1);
    const minValue = new Float64Array(p);
    const maxValue = new Float64Array(p);
    const sorted = new Float64Array(n);
    const radix = new RadixScratch(n);
    const padded = new Float64Array(256);
    for (let f = 0; f < p; f++) {
      const base = f * n;
      let m = sortFloat32(columns, base, n, sorted, radix);
      if (m < 0) {
        sorted.set(columns.subarray(base, base + n));
        sorted.sort();
        m = n;
        while (m > 0 && Number.isNaN(sorted[m - 1])) m--;
      }
      const featureCuts: number[] = [];
      quantileCuts(sorted, m, maxBin, featureCuts);
      const c = Float64Array.from(featureCuts);
      cuts.push(c);
      nBins[f] = c.length + 1;
      if (m < n) missingBin[f] = nBins[f]!;
      minValue[f] = m > 0 ? sorted[0]! : 0;
      maxValue[f] = m > 0 ? sorted[m - 1]! : 0;
      // Bin b holds c[b − 1] ≤ v < c[b]: the number of cuts ≤ v.
      assignBins(columns, base, n, c, nBins[f]!, bins, padded);
    }
    const rowBins: BinArray = wide ? new Uint16Array(n * p) : new Uint8Array(n * p);
    for (let f = 0; f < p; f++) for (let r = 0; r < n; r++) rowBins[r * p + f] = bins[f * n + r]!;
    return new BinnedColumns(n, p, bins, rowBins, cuts, nBins, maxBin, missingBin, minValue, maxValue);
  }
}

/**
 * XGBoost 1.7's cuts of a feature, from its sorted values sorted[0, m): with at most maxBins
 * distinct values, every distinct value but the smallest (one bin per value). XGBoost pushes the
 * rows into a weighted quantile sketch (unit weights) whose queue holds 2·limit runs, limit
 * from its accuracy 1/(8·min(maxBins, m)); while the rows fit, the sketch's summary is exact — per
 * distinct value its rank bounds and weight — and is pruned (WQSummary::SetPrune) to limit entries,
 * then to min(m, 8·maxBins) (SketchContainer::AllReduce), then to min(m, 8·maxBins, maxBins) + 1
 * (MakeCuts), and cut at entries 1 … maxBins − 1 (AddCutPoint; the last bin holds everything
 * above). All reproduced here, ranks in float32 as XGBoost's, so the cuts are XGBoost's whenever the
 * rows fit its queue (at 256 bins: up to 4,098 runs). Beyond, XGBoost merges summaries in levels,
 * which this does not: the cuts are then the same pruning of the exact summary. Appends to `out`.
 */
function quantileCuts(sorted: Float64Array, m: number, maxBins: number, out: number[]): void {
  // WQuantileSketch::LimitSizeLevel with eps = 1 / (float(min(maxBins, m)) · 8), in double as XGBoost's.
  const eps = 1 / Math.fround(Math.max(1, Math.min(maxBins, m)) * 8);
  let limit = 0;
  for (let level = 1; ; level++) {
    limit = Math.min(m, Math.ceil(level / eps) + 1);
    if (2 ** level * limit >= m) break;
  }
  const intermediate = Math.min(m, maxBins * 8);
  const maxNumBins = Math.min(intermediate, maxBins);
  // The exact summary has one entry per distinct value (rmin = the count below it, rmax = rmin + its
  // count, wmin = its count); the first prune that shrinks it is computed from the sorted values
  // directly (Summary.pruneSorted), the later ones from its result.
  let distinct = m > 0 ? 1 : 0;
  for (let k = 1; k < m; k++) if (sorted[k] !== sorted[k - 1]) distinct++;
  let summary: Summary | null = null;
  for (const size of [limit, intermediate, maxNumBins + 1]) {
    if (summary) summary = summary.prune(size);
    else if (distinct > size) summary = Summary.pruneSorted(sorted, m, distinct, size);
  }
  summary ??= Summary.pruneSorted(sorted, m, distinct, distinct);
  const required = Math.min(summary.size, maxNumBins);
  for (let i = 1; i < required; i++) {
    const v = summary.value[i]!;
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
}

/** The first index in [lo, hi) whose value is ≥ v (sorted ascending), or hi. */
function lowerBound(sorted: Float64Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [lo, hi) whose value is > v (sorted ascending), or hi. */
function upperBound(sorted: Float64Array, lo: number, hi: number, v: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A weighted quantile summary (XGBoost's WQSummary): per entry its value, rank bounds and weight. */
export class Summary {
  readonly value: Float64Array;
  readonly rmin: Float64Array;
  readonly rmax: Float64Array;
  readonly wmin: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.value = new Float64Array(capacity);
    this.rmin = new Float64Array(capacity);
    this.rmax = new Float64Array(capacity);
    this.wmin = new Float64Array(capacity);
  }

  /**
   * The exact summary of sorted[0, m) (`distinct` distinct values) pruned to maxSize entries — what
   * prune(maxSize) of the materialised exact summary gives — found by binary searches on the sorted
   * values instead of one entry per distinct value: a run of equal values [s, e) is the entry
   * (sorted[s], rmin s, rmax e, wmin e − s).
   */
  static pruneSorted(sorted: Float64Array, m: number, distinct: number, maxSize: number): Summary {
    const out = new Summary(Math.min(distinct, maxSize));
    const runEnd = (s: number) => upperBound(sorted, s, m, sorted[s]!);
    const runStart = (at: number) => lowerBound(sorted, 0, at, sorted[at]!);
    const pushRun = (s: number, e: number) => out.push(sorted[s]!, s, e, e - s);
    if (distinct <= maxSize) {
      for (let s = 0; s < m; ) {
        const e = runEnd(s);
        pushRun(s, e);
        s = e;
      }
      return out;
    }
    const f = Math.fround;
    const lastStart = runStart(m - 1);
    const firstEnd = runEnd(0);
    const begin = firstEnd;
    const range = f(lastStart - begin);
    const n = maxSize - 1;
    pushRun(0, firstEnd);
    // Entry i of XGBoost's loop is the run [is, ie); lastIdx its start of the last entry taken.
    let is = firstEnd;
    let ie = runEnd(is);
    let lastIdx = 0;
    for (let k = 1; k < n; k++) {
      const dx2 = f(2 * f(f(f(k * range) / n) + begin));
      // Advance while the next run's rmin + rmax ≤ dx2: jump near position dx2 / 2, then step.
      if (ie < m && dx2 >= f(ie + runEnd(ie))) {
        const at = Math.min(m - 1, Math.max(ie, Math.floor(dx2 / 2)));
        let s = runStart(at);
        let e = runEnd(s);
        while (!(dx2 >= f(s + e)) && s > ie) {
          e = s;
          s = runStart(s - 1);
        }
        is = s;
        ie = e;
        while (ie < m) {
          const e2 = runEnd(ie);
          if (!(dx2 >= f(ie + e2))) break;
          is = ie;
          ie = e2;
        }
      }
      if (ie >= m) break;
      // RMinNext(i) + RMaxPrev(i + 1) = ie + ie.
      if (dx2 < f(ie + ie)) {
        if (is !== lastIdx) {
          pushRun(is, ie);
          lastIdx = is;
        }
      } else if (ie !== lastIdx) {
        pushRun(ie, runEnd(ie));
        lastIdx = ie;
      }
    }
    if (lastIdx !== lastStart) pushRun(lastStart, m);
    return out;
  }

  push(value: number, rmin: number, rmax: number, wmin: number): void {
    const i = this.size++;
    this.value[i] = value;
    this.rmin[i] = rmin;
    this.rmax[i] = rmax;
    this.wmin[i] = wmin;
  }

  /** XGBoost's WQSummary::SetPrune: at most maxSize entries, the ends kept, in float32 rank arithmetic. */
  prune(maxSize: number): Summary {
    const size = this.size;
    if (size <= maxSize) return this;
    const { value, rmin, rmax, wmin } = this;
    const f = Math.fround;
    const out = new Summary(maxSize);
    const begin = rmax[0]!;
    const range = f(rmin[size - 1]! - begin);
    const n = maxSize - 1;
    out.push(value[0]!, rmin[0]!, rmax[0]!, wmin[0]!);
    let i = 1;
    let lastIdx = 0;
    for (let k = 1; k < n; k++) {
      const dx2 = f(2 * f(f(f(k * range) / n) + begin));
      while (i < size - 1 && dx2 >= f(rmax[i + 1]! + rmin[i + 1]!)) i++;
      if (i === size - 1) break;
      // RMinNext(i) + RMaxPrev(i + 1)
      const at = dx2 < f(f(rmin[i]! + wmin[i]!) + f(rmax[i + 1]! - wmin[i + 1]!)) ? i : i + 1;
      if (at !== lastIdx) {
        out.push(value[at]!, rmin[at]!, rmax[at]!, wmin[at]!);
        lastIdx = at;
      }
    }
    if (lastIdx !== size - 1) out.push(value[size - 1]!, rmin[size - 1]!, rmax[size - 1]!, wmin[size - 1]!);
    return out;
  }
}

/**
 * Writes to bins[base + r] the number of cuts ≤ columns[base + r] (`missing` for NaN): a binary
 * search without branches over the cuts padded with +∞ to 256 (a data-dependent branch per step
 * mispredicts half the time).
 */
function assignBins(columns: Float64Array, base: number, n: number, cuts: Float64Array, missing: number, bins: BinArray, padded: Float64Array): void {
  padded.fill(Number.POSITIVE_INFINITY);
  padded.set(cuts);
  let size = 1;
  while (size <= cuts.length) size *= 2;
  for (let r = 0; r < n; r++) {
    const v = columns[base + r]!;
    let at = 0;
    for (let step = size >>> 1; step > 0; step >>>= 1) at += step & -+(padded[at + step - 1]! <= v);
    bins[base + r] = v === v ? at : missing;
  }
}

/** Buffers of sortFloat32: the values as float32, their keys, and the keys of the other pass. */
export class RadixScratch {
  readonly float: Float32Array;
  readonly bits: Uint32Array;
  readonly other: Uint32Array;
  readonly counts = new Int32Array(3 * 2048);
  constructor(n: number) {
    this.float = new Float32Array(n);
    this.bits = new Uint32Array(this.float.buffer);
    this.other = new Uint32Array(n);
  }
}

/**
 * Writes the non-missing values of columns[base, base + n) to sorted[0, m) ascending, as
 * Float64Array.prototype.sort orders them (−0 before +0), and returns m; or −1, writing nothing
 * useful, when a value is not a float32 (the caller sorts then). An LSD radix sort, 11 bits a pass,
 * of the float32 bit patterns made unsigned-ordered (sign bit set: all bits flipped; else the sign
 * bit set) — several times faster than the typed-array sort on 100k values.
 */
export function sortFloat32(columns: Float64Array, base: number, n: number, sorted: Float64Array, s: RadixScratch): number {
  const { float, bits, other, counts } = s;
  // Each loop is its own function: a loop first run inside a function already optimised (by
  // on-stack replacement of an earlier loop) has no type feedback and deoptimises it.
  const m = collectFloat32(columns, base, n, float);
  if (m < 0) return -1;
  radixCounts(bits, counts, m);
  // Pass 0: bits → other, pass 1: other → bits, pass 2: bits → other.
  radixPass(bits, other, counts, 0, 0, m);
  radixPass(other, bits, counts, 2048, 11, m);
  radixPass(bits, other, counts, 4096, 22, m);
  radixRestore(other, bits, float, sorted, m);
  return m;
}

/** Copies the non-missing values of columns[base, base + n) to `float`; their count, or −1 at a value that is not a float32. */
function collectFloat32(columns: Float64Array, base: number, n: number, float: Float32Array): number {
  let m = 0;
  for (let r = 0; r < n; r++) {
    const v = columns[base + r]!;
    if (v !== v) continue;
    if (Math.fround(v) !== v) return -1;
    float[m++] = v;
  }
  return m;
}

/** Turns the float32 bit patterns into unsigned-ordered keys (in place) and sets the three passes' digit starts. */
function radixCounts(bits: Uint32Array, counts: Int32Array, m: number): void {
  counts.fill(0);
  for (let k = 0; k < m; k++) {
    const b = bits[k]!;
    const key = (b & 0x80000000 ? ~b : b | 0x80000000) >>> 0;
    bits[k] = key;
    counts[key & 2047] = counts[key & 2047]! + 1;
    counts[2048 + ((key >>> 11) & 2047)] = counts[2048 + ((key >>> 11) & 2047)]! + 1;
    counts[4096 + (key >>> 22)] = counts[4096 + (key >>> 22)]! + 1;
  }
  digitStarts(counts);
}

/** Each pass's digit counts (2048 per pass) to their starting positions. */
function digitStarts(counts: Int32Array): void {
  let total = 0;
  for (let d = 0; d < 3 * 2048; d++) {
    if ((d & 2047) === 0) total = 0;
    const c = counts[d]!;
    counts[d] = total;
    total += c;
  }
}

/** Back from sorted keys (`keys`) to float32 bit patterns in `bits` (the view of `float`), then to `sorted` as float64. */
function radixRestore(keys: Uint32Array, bits: Uint32Array, float: Float32Array, sorted: Float64Array, m: number): void {
  for (let k = 0; k < m; k++) {
    const key = keys[k]!;
    bits[k] = key & 0x80000000 ? key & 0x7fffffff : ~key;
    sorted[k] = float[k]!;
  }
}

/** One stable counting pass of sortFloat32 on the 11-bit digit at `shift`, counts[at + digit] its start. */
function radixPass(from: Uint32Array, to: Uint32Array, counts: Int32Array, at: number, shift: number, m: number): void {
  for (let k = 0; k < m; k++) {
    const key = from[k]!;
    const d = at + ((key >>> shift) & 2047);
    to[counts[d]!] = key;
    counts[d] = counts[d]! + 1;
  }
}

/**
 * The left rows of index[a, b) (bin ≤ bestBin or = missingLeft in the column at `base`) to index[a, l),
 * in order, the right ones to scratch[0, b − l); returns l. Branch-free (the side is data, a branch
 * mispredicts): each row is written both ways and one position advances.
 */
function splitRows(index: Int32Array, scratch: Int32Array, bins: BinArray, base: number, a: number, b: number, bestBin: number, missingLeft: number): number {
  let l = a;
  let rc = 0;
  for (let k = a; k < b; k++) {
    const r = index[k]!;
    const bin = bins[base + r]!;
    const side = +(bin <= bestBin) | +(bin === missingLeft);
    index[l] = r;
    scratch[rc] = r;
    l += side;
    rc += 1 - side;
  }
  return l;
}

/**
 * Interleaves (grad, hess) into gpair, lists the rows with hess > 0 in index and returns their
 * count; their sums go to sumG[0] and sumH[0] (the root's).
 */
function gatherRows(grad: Float64Array, hess: Float64Array, gpair: Float32Array, index: Int32Array, n: number, sumG: Float64Array, sumH: Float64Array): number {
  let m = 0;
  let G0 = 0;
  let H0 = 0;
  for (let r = 0; r < n; r++) {
    const g = grad[r]!;
    const w = hess[r]!;
    gpair[2 * r] = g;
    gpair[2 * r + 1] = w;
    index[m] = r;
    // Branch-free: a left-out row (hess 0) adds 0 and is overwritten by the next.
    const kept = +(w > 0);
    m += kept;
    G0 += kept * g;
    H0 += w;
  }
  sumG[0] = G0;
  sumH[0] = H0;
  return m;
}

/** pred[r] += pair[1] for the rows of index[a, b) going left (bin ≤ bestBin or = missingLeft), pair[0] for the others. */
function addSides(pred: Float32Array, index: Int32Array, a: number, b: number, bins: BinArray, base: number, bestBin: number, missingLeft: number, pair: Float64Array): void {
  for (let k = a; k < b; k++) {
    const r = index[k]!;
    const bin = bins[base + r]!;
    pred[r] = pred[r]! + pair[+(bin <= bestBin) | +(bin === missingLeft)]!;
  }
}

export type HistGrowOptions = Omit<XgboostGrowOptions, "rule">;

/** The penalties a split's gain depends on, as float32 values (XGBoost's parameters are float). */
interface SplitPenalties {
  /** XGBoost's min_split_loss: a split must gain at least this much. */
  gamma: number;
  minChildWeight: number;
  lambda: number;
  alpha: number;
  maxDeltaStep: number;
}

export class HistGrower {
  private readonly index: Int32Array;
  private readonly scratch: Int32Array;
  private readonly offsets: Int32Array;
  /** The tree's gradient pairs interleaved, as float32 (XGBoost's GradientPair; the GBDT's gradients and hessians are float32 values): gpair[2r] = grad[r], gpair[2r + 1] = hess[r]. */
  private readonly gpair: Float32Array;
  /** 1 for a split above two leaves at maxDepth whose rows were left unpartitioned (addLastTree sends them). */
  private readonly deferred: Uint8Array;
  private readonly leafPair = new Float64Array(2);
  private readonly stride: number;
  private readonly maxNodes: number;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly value: Float64Array;
  private readonly cover: Float64Array;
  private readonly gain: Float64Array;
  private readonly splitBin: Int32Array;
  private readonly defaultLeft: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  /** The last findSplit's result: feature (−1: none), loss change, last bin left, default left, left sums. */
  private splitFeature = -1;
  private splitGain = 0;
  private splitAt = 0;
  private splitLeft = 0;
  private splitGl = 0;
  private splitHl = 0;
  /** Histograms by node slot: (g, h) pairs for every (feature, bin), features `stride` numbers apart. */
  private readonly hist: Float64Array[] = [];

  constructor(
    private readonly data: BinnedColumns,
    private readonly options: HistGrowOptions,
  ) {
    const depth = Math.min(options.maxDepth, 30);
    this.maxNodes = Math.min(2 ** (depth + 1) - 1, 2 * data.nRows - 1);
    this.index = new Int32Array(data.nRows);
    this.scratch = new Int32Array(data.nRows);
    this.offsets = new Int32Array(data.nFeatures);
    this.gpair = new Float32Array(2 * data.nRows);
    // (g, h) pairs for maxBins value bins, and a missing bin when some feature has missing values.
    this.stride = (data.maxBins + (data.missingBin.some((b) => b >= 0) ? 1 : 0)) * 2;
    const m = this.maxNodes;
    this.feature = new Int32Array(m);
    this.threshold = new Float64Array(m);
    this.left = new Int32Array(m);
    this.right = new Int32Array(m);
    this.value = new Float64Array(m);
    this.cover = new Float64Array(m);
    this.gain = new Float64Array(m);
    this.splitBin = new Int32Array(m);
    this.defaultLeft = new Uint8Array(m);
    this.deferred = new Uint8Array(m);
    this.start = new Int32Array(m);
    this.end = new Int32Array(m);
    this.sumG = new Float64Array(m);
    this.sumH = new Float64Array(m);
  }

  /**
   * Adds the last grown tree's leaf values to `pred` through the row partition (each leaf's rows
   * are a range of the index), instead of walking the tree for every row. Rows left out of the
   * tree (hess 0) are not in the partition: the caller walks the tree for them.
   */
  addLastTree(pred: Float32Array): void {
    const { feature, left, right, value, start, end, index, deferred, splitBin, defaultLeft } = this;
    const { bins, nRows } = this.data;
    const pair = this.leafPair;
    const stack = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (feature[node]! >= 0) {
        if (deferred[node] === 1) {
          // A split above two leaves whose rows were not partitioned: each row goes its side here.
          pair[0] = value[right[node]!]!;
          pair[1] = value[left[node]!]!;
          const f = feature[node]!;
          addSides(pred, index, start[node]!, end[node]!, bins, f * nRows, splitBin[node]!, this.missingLeft(f, defaultLeft[node]!), pair);
          continue;
        }
        stack.push(left[node]!, right[node]!);
        continue;
      }
      const v = value[node]!;
      for (let k = start[node]!; k < end[node]!; k++) {
        const r = index[k]!;
        pred[r] = pred[r]! + v;
      }
    }
  }

  private histogram(node: number): Float64Array {
    let h = this.hist[node];
    if (!h) {
      h = new Float64Array(this.data.nFeatures * this.stride);
      this.hist[node] = h;
    }
    return h;
  }

  /**
   * Sums (g, h) of the node's rows into its histogram, row by row over the row-major bins and
   * the interleaved gradient pairs (each bin still sums its rows in index order).
   */
  private build(node: number, features: Int32Array): Float64Array {
    const h = this.histogram(node);
    h.fill(0);
    const { rowBins, nFeatures: p } = this.data;
    const { index, stride, gpair } = this;
    const a = this.start[node]!;
    const b = this.end[node]!;
    const m = features.length;
    if (m === p) {
      // Every feature: feature j's histogram starts at j·stride, two features per step.
      const m2 = m & ~1;
      const stride2 = 2 * stride;
      for (let k = a; k < b; k++) {
        const r = index[k]!;
        const g = gpair[2 * r]!;
        const w = gpair[2 * r + 1]!;
        const row = r * p;
        let off = 0;
        let j = 0;
        for (; j < m2; j += 2) {
          const at0 = off + (rowBins[row + j]! << 1);
          const at1 = off + stride + (rowBins[row + j + 1]! << 1);
          h[at0] = h[at0]! + g;
          h[at0 + 1] = h[at0 + 1]! + w;
          h[at1] = h[at1]! + g;
          h[at1 + 1] = h[at1 + 1]! + w;
          off += stride2;
        }
        if (j < m) {
          const at = off + (rowBins[row + j]! << 1);
          h[at] = h[at]! + g;
          h[at + 1] = h[at + 1]! + w;
        }
      }
      return h;
    }
    // Feature f's histogram starts at f·stride; precompute the offsets of the features in use.
    const offsets = this.offsets;
    for (let i = 0; i < m; i++) offsets[i] = features[i]! * stride;
    for (let k = a; k < b; k++) {
      const r = index[k]!;
      const g = gpair[2 * r]!;
      const w = gpair[2 * r + 1]!;
      const row = r * p;
      for (let i = 0; i < m; i++) {
        const at = offsets[i]! + (rowBins[row + features[i]!]! << 1);
        h[at] = h[at]! + g;
        h[at + 1] = h[at + 1]! + w;
      }
    }
    return h;
  }

  /** The bin that goes left besides bins ≤ the split's: the missing bin under a default-left split (it is above every value bin), else −1. */
  private missingLeft(f: number, defaultLeft: number): number {
    return defaultLeft === 1 ? this.data.missingBin[f]! : -1;
  }

  /**
   * Partitions the index range [a, b) stably: rows with bin ≤ bestBin or in `missingLeft` of `f`
   * first. Returns the end of the left rows.
   */
  private partition(a: number, b: number, f: number, bestBin: number, missingLeft: number): number {
    const { index, scratch } = this;
    const l = splitRows(index, scratch, this.data.bins, f * this.data.nRows, a, b, bestBin, missingLeft);
    index.set(scratch.subarray(0, b - l), l);
    return l;
  }

  /**
   * Copies the gradient pairs in and lists the rows with a positive hessian (the others are left
   * out of the tree: subsampling) as the root's range; sets the root's sums.
   */
  private prepare(grad: Float64Array, hess: Float64Array): void {
    const m = gatherRows(grad, hess, this.gpair, this.index, this.data.nRows, this.sumG, this.sumH);
    if (m === 0) throw new RangeError("HistGrower: no row has a positive hessian");
    this.start[0] = 0;
    this.end[0] = m;
  }

  /**
   * The best split of `node` over its histogram (each feature's bins scanned forward, then backward
   * when the node has rows missing it), written to the split* fields; splitFeature −1 when no
   * candidate gains more than XGBoost's minimum.
   */
  private findSplit(node: number, features: Int32Array, p: SplitPenalties): void {
    const { minChildWeight, lambda, alpha, maxDeltaStep } = p;
    const { stride } = this;
    const { nBins, missingBin } = this.data;
    const G = this.sumG[node]!;
    const H = this.sumH[node]!;
    const h = this.hist[node]!;
    const parentGain = xgboostGain(G, H, lambda, alpha, maxDeltaStep);
    // The exact scan's float64 screen (tree-split.ts): a bin is computed in float32 only when its
    // float64 score sum could beat the best so far (without max_delta_step, which it does not bound).
    const screened = maxDeltaStep === 0;
    const screenScale = 1 / (1 + FLOAT32_LOSS_ERROR);
    const screenOffset = parentGain * (1 - FLOAT32_LOSS_ERROR) - 1e-44;
    let screen = screened ? screenOffset * screenScale : Number.NEGATIVE_INFINITY;
    let best = 0;
    let bestFeature = -1;
    let bestBin = 0;
    let bestLeft = 0;
    let bestGl = 0;
    let bestHl = 0;
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      const hb = f * stride;
      const last = nBins[f]! - 1;
      // With missing values the forward scan also tries every value bin left, the missing bin right.
      const forwardEnd = missingBin[f]! >= 0 ? last + 1 : last;
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < forwardEnd; b++) {
        gl += h[hb + 2 * b]!;
        hl += h[hb + 2 * b + 1]!;
        if (hl < minChildWeight) continue;
        const hr = H - hl;
        if (hr < minChildWeight) break;
        if (screened) {
          const tl = alpha === 0 ? gl : softThreshold(gl, alpha);
          const tr = alpha === 0 ? G - gl : softThreshold(G - gl, alpha);
          if ((tl * tl) / (hl + lambda) + (tr * tr) / (hr + lambda) < screen) continue;
        }
        const change = Math.fround(Math.fround(xgboostGain(gl, hl, lambda, alpha, maxDeltaStep) + xgboostGain(G - gl, hr, lambda, alpha, maxDeltaStep)) - parentGain);
        if (change > best) {
          best = change;
          if (screened) screen = (best + screenOffset) * screenScale;
          bestFeature = f;
          bestBin = b;
          bestLeft = 0;
          bestGl = gl;
          bestHl = hl;
        }
      }
      // Backward (missing rows left), only when the node has rows missing this feature.
      if (missingBin[f]! < 0 || !(h[hb + 2 * missingBin[f]! + 1]! > 0)) continue;
      let gr = 0;
      let hr = 0;
      for (let b = last; b >= 0; b--) {
        gr += h[hb + 2 * b]!;
        hr += h[hb + 2 * b + 1]!;
        if (hr < minChildWeight) continue;
        const hl = H - hr;
        if (hl < minChildWeight) break;
        const change = Math.fround(Math.fround(xgboostGain(G - gr, hl, lambda, alpha, maxDeltaStep) + xgboostGain(gr, hr, lambda, alpha, maxDeltaStep)) - parentGain);
        if (change > best) {
          best = change;
          if (screened) screen = (best + screenOffset) * screenScale;
          bestFeature = f;
          bestBin = b - 1;
          bestLeft = 1;
          bestGl = G - gr;
          bestHl = hl;
        }
      }
    }
    // XGBoost hist's CPUExpandEntry::IsValid: γ (min_split_loss) is checked here, top-down — its hist
    // updater runs no bottom-up prune — and a child without hessian is refused.
    const valid = bestFeature >= 0 && best > XGBOOST_MIN_LOSS_CHANGE && !(best < p.gamma) && bestHl !== 0 && H - bestHl !== 0;
    this.splitFeature = valid ? bestFeature : -1;
    this.splitGain = best;
    this.splitAt = bestBin;
    this.splitLeft = bestLeft;
    // The children's sums are the scan's (as XGBoost's split entry carries them), not re-summed rows.
    this.splitGl = bestGl;
    this.splitHl = bestHl;
  }

  /** to = from − minus over the features in use (histogram subtraction: the larger child). */
  private subtract(to: Float64Array, from: Float64Array, minus: Float64Array, features: Int32Array): void {
    const { stride } = this;
    const { nBins, missingBin } = this.data;
    for (let i = 0; i < features.length; i++) {
      const f = features[i]!;
      const a = f * stride;
      const b = a + 2 * (nBins[f]! + (missingBin[f]! >= 0 ? 1 : 0));
      for (let j = a; j < b; j++) to[j] = from[j]! - minus[j]!;
    }
  }

  /**
   * Grows one tree. Rows with hess 0 are left out (subsampling). `features`: the indices this tree
   * may split on, ascending.
   */
  grow(grad: Float64Array, hess: Float64Array, features: Int32Array): Tree {
    const o = this.options;
    const penalties: SplitPenalties = {
      gamma: Math.fround(o.gamma),
      minChildWeight: Math.fround(o.minChildWeight),
      lambda: Math.fround(o.lambda),
      alpha: Math.fround(o.alpha),
      maxDeltaStep: Math.fround(o.maxDeltaStep ?? 0),
    };
    const { minChildWeight, lambda, alpha, maxDeltaStep } = penalties;
    const learningRate = Math.fround(o.learningRate);
    const { feature, threshold, left, right, value, cover, gain, splitBin, defaultLeft, start, end, sumG, sumH } = this;
    const { cuts, nBins } = this.data;

    this.prepare(grad, hess);
    this.build(0, features);
    const nodes: Tree = { feature, threshold, left, right, value, cover, gain, defaultLeft };
    let nNodes = 1;
    let levelStart = 0;
    for (let depth = 0; levelStart < nNodes; depth++) {
      const levelEnd = nNodes;
      for (let node = levelStart; node < levelEnd; node++) {
        const G = sumG[node]!;
        const H = sumH[node]!;
        setLeaf(nodes, node, Math.fround(xgboostWeight(G, H, minChildWeight, lambda, alpha, maxDeltaStep) * learningRate), H);
        if (depth >= o.maxDepth || end[node]! - start[node]! < 2 || H < 2 * minChildWeight) continue;
        this.findSplit(node, features, penalties);
        const bestFeature = this.splitFeature;
        if (bestFeature < 0) continue;
        const bestBin = this.splitAt;
        const bestLeft = this.splitLeft;
        const lastBin = nBins[bestFeature]! - 1;
        feature[node] = bestFeature;
        splitBin[node] = bestBin;
        defaultLeft[node] = bestLeft;
        // Bins ≤ bestBin go left: below the cut after it; every value bin (forward) or none (backward) at the ends.
        threshold[node] = bestBin === lastBin ? xgboostEndSplitValue(this.data.maxValue[bestFeature]!, true) : bestBin < 0 ? this.data.minValue[bestFeature]! : cuts[bestFeature]![bestBin]!;
        gain[node] = this.splitGain;
        const a = start[node]!;
        const b = end[node]!;
        const leaves = depth + 1 >= o.maxDepth;
        // Children at maxDepth are leaves: their rows are sent by addLastTree, not partitioned here.
        this.deferred[node] = leaves ? 1 : 0;
        const l = leaves ? a : this.partition(a, b, bestFeature, bestBin, this.missingLeft(bestFeature, bestLeft));
        const gl = this.splitGl;
        const hl = this.splitHl;
        const li = nNodes++;
        const ri = nNodes++;
        left[node] = li;
        right[node] = ri;
        start[li] = a;
        end[li] = l;
        start[ri] = l;
        end[ri] = b;
        sumG[li] = gl;
        sumH[li] = hl;
        sumG[ri] = G - gl;
        sumH[ri] = H - hl;
        if (leaves) continue;
        // Build the smaller child's histogram, subtract it from the parent's for the other.
        const small = l - a <= b - l ? li : ri;
        const large = small === li ? ri : li;
        this.subtract(this.histogram(large), this.hist[node]!, this.build(small, features), features);
      }
      levelStart = levelEnd;
    }
    return sliceNodes(nodes, nNodes);
  }
}
