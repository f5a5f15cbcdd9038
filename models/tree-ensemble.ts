/**
 * The flat form every tree model predicts with: one tree in tree-local arrays (`Tree`, what the
 * grower returns) and all trees of a model concatenated (`TreeEnsemble`) with batch inference,
 * expected values, split statistics and the validated JSON form.
 *
 * A float32 ensemble (boosted trees since format 2) routes rows as XGBoost does: a feature value is
 * compared as float32 with the float32 split value, folded into a float64 bound per split so that
 * inference never rounds. Its float32 leaf values are summed in float64 (XGBoost sums in float32),
 * so that SHAP values add up exactly to the prediction; the two sums differ by float32 rounding.
 *
 * Missing values (NaN) follow each split's default direction (`defaultLeft`, learned by the boosted
 * trees' growers as XGBoost does; left at every split of a boosted model saved before format 4, as
 * XGBoost's default). Trees without default directions (random forests) send NaN right. Rows without
 * NaN take the branch-free walk; a row with a NaN is walked node by node.
 */
import { ModelFormatError, expectNumberArray } from "./serialization.ts";
import { TreeShapWorkspace } from "./tree-shap.ts";

/** One tree in flat arrays with tree-local node indices; node 0 is the root. */
export interface Tree {
  /** Split feature, −1 for a leaf. */
  feature: Int32Array;
  /** Rows with x[feature] < threshold go left (float32 x for a float32 tree). 0 for a leaf. */
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
  /** 1 where a missing (NaN) value goes left at the split, 0 where it goes right (and at leaves). Absent: NaN goes right everywhere. */
  defaultLeft?: Uint8Array;
}

/** The child of split `node` that value v goes to: v < threshold left, NaN by the default direction, else right. */
function child(v: number, bound: number, node: number, left: Int32Array, right: Int32Array, defaultLeft: Uint8Array | undefined): number {
  return v < bound || (v !== v && defaultLeft !== undefined && defaultLeft[node] === 1) ? left[node]! : right[node]!;
}

/** Leaf value of `tree` for row r of column-major `columns` with n rows. */
export function predictTreeColumns(tree: Tree, columns: Float64Array, n: number, r: number): number {
  let node = 0;
  for (let f = tree.feature[0]!; f >= 0; f = tree.feature[node]!) node = child(columns[f * n + r]!, tree.threshold[node]!, node, tree.left, tree.right, tree.defaultLeft);
  return tree.value[node]!;
}

/** Leaf value of a tree-local `tree` for the row starting at `base` in row-major `x`. */
export function predictTreeRow(tree: Tree, x: Float64Array, base: number): number {
  let node = 0;
  for (let f = tree.feature[0]!; f >= 0; f = tree.feature[node]!) node = child(x[base + f]!, tree.threshold[node]!, node, tree.left, tree.right, tree.defaultLeft);
  return tree.value[node]!;
}

/** The derived, in-memory layout inference walks (see `TreeEnsemble.traversal`); k indexes renumbered nodes. */
interface Traversal {
  /** node[2k]: split feature (0 for a leaf); node[2k + 1]: left child, the right child being the next node (k − 1 for a leaf). */
  node: Int32Array;
  /** Rows with x < bound[k] go left (−∞ for a leaf). */
  bound: Float64Array;
  /** The stored node values in the new order. */
  value: Float64Array;
  /** Depth of each tree's deepest leaf: the steps a walk from its root takes. */
  depth: Int32Array;
  /** Scratch copy of a row given to `sum` as something other than a Float64Array. */
  row: Float64Array;
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
  /** 1 where a missing value goes left at the split, 0 where it goes right and at leaves (boosted trees since format 4). */
  defaultLeft?: number[];
}

/** Where missing values go in trees read from JSON without `defaultLeft`: left at every split (XGBoost's default) or right. */
export type MissingDefault = "stored" | "left" | "right";

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
  private walk: Traversal | null = null;

  /**
   * What traversal compares row values with: x < bound[node] ⟺ (float32 x) < threshold[node] for a
   * float32 ensemble; the thresholds themselves otherwise.
   */
  readonly bound: Float64Array;

  private constructor(
    readonly nFeatures: number,
    /** Whether the ensemble compares feature values in float32 (XGBoost's arithmetic). */
    readonly float32: boolean,
    readonly treeOffsets: Int32Array,
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly value: Float64Array,
    readonly cover: Float64Array,
    readonly gain: Float64Array,
    /** 1 where NaN goes left at a split; undefined: NaN goes right everywhere. */
    readonly defaultLeft: Uint8Array | undefined,
    /** Whether `toJSON` writes `defaultLeft` (false for trees that did not store it). */
    private readonly storesDefaults: boolean,
  ) {
    this.bound = float32 ? threshold.map((t, node) => (feature[node]! < 0 ? t : float32Bound(t))) : threshold;
    this.missingLeft = defaultLeft !== undefined && defaultLeft.includes(1);
  }

  /** Whether some split sends NaN left: rows with a NaN then need the walk that reads `defaultLeft`. */
  private readonly missingLeft: boolean;

  /**
   * All trees concatenated. The trees' `defaultLeft` (all of them or none) is kept and written by
   * `toJSON`; without it NaN goes right.
   */
  static fromTrees(trees: readonly Tree[], nFeatures: number, float32: boolean): TreeEnsemble {
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
    const stored = trees.length > 0 && trees.every((t) => t.defaultLeft !== undefined);
    const defaultLeft = stored ? new Uint8Array(total) : undefined;
    trees.forEach((t, i) => {
      const off = offsets[i]!;
      if (defaultLeft) defaultLeft.set(t.defaultLeft!, off);
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
    return new TreeEnsemble(nFeatures, float32, offsets, feature, threshold, left, right, value, cover, gain, defaultLeft, stored);
  }

  get nTrees(): number {
    return this.treeOffsets.length - 1;
  }

  get nNodes(): number {
    return this.feature.length;
  }

  /** `init` plus the leaf value of every tree for `row`, added in tree order. */
  sum(row: ArrayLike<number>, init: number): number {
    const w = this.traversal();
    const { node, bound, value, depth } = w;
    const offsets = this.treeOffsets;
    const nTrees = depth.length;
    // One monomorphic Float64Array for the hot loop; a value past the row's end (undefined) becomes NaN, a missing value.
    let x: Float64Array;
    if (row instanceof Float64Array) x = row;
    else {
      x = w.row;
      for (let j = 0; j < x.length; j++) x[j] = row[j]!;
    }
    if (this.missingLeft && hasNaN(x, 0, this.nFeatures)) return this.sumMissing(x, 0, init);
    let out = init;
    let t = 0;
    // Four trees at a time, walked for the deepest one's depth (leaves step to themselves).
    for (; t + 4 <= nTrees; t += 4) {
      let k0 = offsets[t]!;
      let k1 = offsets[t + 1]!;
      let k2 = offsets[t + 2]!;
      let k3 = offsets[t + 3]!;
      const d = Math.max(depth[t]!, depth[t + 1]!, depth[t + 2]!, depth[t + 3]!);
      for (let level = 0; level < d; level++) {
        k0 = step(node, bound, x, 0, k0);
        k1 = step(node, bound, x, 0, k1);
        k2 = step(node, bound, x, 0, k2);
        k3 = step(node, bound, x, 0, k3);
      }
      out = out + value[k0]! + value[k1]! + value[k2]! + value[k3]!;
    }
    for (; t < nTrees; t++) {
      let k = offsets[t]!;
      for (let level = depth[t]!; level > 0; level--) k = step(node, bound, x, 0, k);
      out += value[k]!;
    }
    return out;
  }

  /** `init` plus every tree's leaf for the row at `base` of `x`, walked node by node (NaN by the default directions), in tree order. */
  private sumMissing(x: ArrayLike<number>, base: number, init: number): number {
    const offsets = this.treeOffsets;
    let out = init;
    for (let t = 0; t + 1 < offsets.length; t++) out += this.leafValue(x, base, offsets[t]!);
    return out;
  }

  /**
   * out[i] += Σ_t tree_t(row i) for row-major `x`, one pass per tree over all rows, four rows at a
   * time (the same order of additions as `sum`). Rows with a NaN (when a split sends NaN left) are
   * walked node by node afterwards, from their original `out`.
   */
  addFlat(x: Float64Array, nRows: number, out: Float64Array): void {
    const p = this.nFeatures;
    let missingRows: number[] | null = null;
    if (this.missingLeft) for (let i = 0; i < nRows; i++) if (hasNaN(x, i * p, p)) (missingRows ??= []).push(i, out[i]!);
    this.addFlatWalk(x, nRows, out);
    if (missingRows) for (let k = 0; k < missingRows.length; k += 2) out[missingRows[k]!] = this.sumMissing(x, missingRows[k]! * p, missingRows[k + 1]!);
  }

  private addFlatWalk(x: Float64Array, nRows: number, out: Float64Array): void {
    const { node, bound, value, depth } = this.traversal();
    const offsets = this.treeOffsets;
    const p = this.nFeatures;
    for (let t = 0; t < depth.length; t++) {
      const root = offsets[t]!;
      const d = depth[t]!;
      let i = 0;
      for (; i + 4 <= nRows; i += 4) {
        const b0 = i * p;
        let k0 = root;
        let k1 = root;
        let k2 = root;
        let k3 = root;
        for (let level = 0; level < d; level++) {
          k0 = step(node, bound, x, b0, k0);
          k1 = step(node, bound, x, b0 + p, k1);
          k2 = step(node, bound, x, b0 + 2 * p, k2);
          k3 = step(node, bound, x, b0 + 3 * p, k3);
        }
        out[i] = out[i]! + value[k0]!;
        out[i + 1] = out[i + 1]! + value[k1]!;
        out[i + 2] = out[i + 2]! + value[k2]!;
        out[i + 3] = out[i + 3]! + value[k3]!;
      }
      for (; i < nRows; i++) {
        let k = root;
        for (let level = 0; level < d; level++) k = step(node, bound, x, i * p, k);
        out[i] = out[i]! + value[k]!;
      }
    }
  }

  /**
   * The traversal layout of `sum` and `addFlat`, built on first use: each tree's nodes renumbered
   * breadth-first within the tree's own index range (the root stays first), so that a right child
   * directly follows its left sibling and a step is branch-free:
   *   k ← node[2k+1] + (x[node[2k]] < bound[k] ? 0 : 1),
   * NaN going right (rows with a NaN take `leafValue` when a split sends NaN left). A leaf steps to itself (feature 0, bound −∞, so never left;
   * "left child" k − 1), so a walk may run for the tree's full depth, or for the deepest of several
   * trees, without testing for leaves.
   */
  private traversal(): Traversal {
    if (this.walk) return this.walk;
    const n = this.nNodes;
    const node = new Int32Array(2 * n);
    const bound = new Float64Array(n);
    const value = new Float64Array(n);
    const depth = new Int32Array(this.nTrees);
    // queue[q]: the original index of new node start + q; level[q] its depth.
    const queue = new Int32Array(n);
    const level = new Int32Array(n);
    for (let t = 0; t < this.nTrees; t++) {
      const start = this.treeOffsets[t]!;
      queue[0] = start;
      level[0] = 0;
      let queued = 1;
      for (let q = 0; q < queued; q++) {
        const old = queue[q]!;
        const k = start + q;
        value[k] = this.value[old]!;
        depth[t] = Math.max(depth[t]!, level[q]!);
        if (this.feature[old]! < 0) {
          node[2 * k + 1] = k - 1;
          bound[k] = Number.NEGATIVE_INFINITY;
          continue;
        }
        node[2 * k] = this.feature[old]!;
        node[2 * k + 1] = start + queued;
        bound[k] = this.bound[old]!;
        queue[queued] = this.left[old]!;
        queue[queued + 1] = this.right[old]!;
        level[queued] = level[queued + 1] = level[q]! + 1;
        queued += 2;
      }
    }
    this.walk = { node, bound, value, depth, row: new Float64Array(this.nFeatures) };
    return this.walk;
  }

  /** The value of the leaf that the row starting at `base` in `x` reaches from node `root` (one plain walk of the stored tree, NaN by the default directions). */
  leafValue(x: ArrayLike<number>, base: number, root: number): number {
    const { feature, bound, left, right, defaultLeft } = this;
    let node = root;
    for (let f = feature[node]!; f >= 0; f = feature[node]!) node = child(x[base + f]!, bound[node]!, node, left, right, defaultLeft);
    return this.value[node]!;
  }

  /** The child of split `node` that feature value v goes to (NaN: the default direction). */
  childOf(node: number, v: number): number {
    return child(v, this.bound[node]!, node, this.left, this.right, this.defaultLeft);
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
      ...(this.storesDefaults && this.defaultLeft ? { defaultLeft: Array.from(this.defaultLeft) } : {}),
    };
  }

  /**
   * Reads and fully validates the arrays written by `toJSON`: equal lengths, a well-formed offset
   * table, leaves marked consistently, feature indices < nFeatures, every child inside its tree,
   * after its parent and referenced exactly once, positive covers, default directions 0 or 1 (0 at
   * leaves). `missing`: "stored" requires `defaultLeft`; "left" and "right" are where NaN goes in
   * trees written without it (the array is then not written back). `what` prefixes errors.
   */
  static fromJSON(json: unknown, nFeatures: number, what: string, float32: boolean, missing: MissingDefault = "right"): TreeEnsemble {
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
    if (missing === "stored" && obj.defaultLeft === undefined) throw new ModelFormatError(`${what}.defaultLeft: expected an array of 0 and 1, one per node`);
    const storedDefaults = missing === "stored" ? expectNumberArray(obj.defaultLeft, `${what}.defaultLeft`, nNodes) : undefined;
    const defaultLeft = missing === "right" ? undefined : new Uint8Array(nNodes);
    if (defaultLeft) {
      for (let node = 0; node < nNodes; node++) {
        const d = storedDefaults ? storedDefaults[node]! : feature[node]! >= 0 ? 1 : 0;
        if (d !== 0 && d !== 1) throw new ModelFormatError(`${what}.defaultLeft[${node}]: ${d} is not 0 or 1`);
        if (d === 1 && feature[node] === -1) throw new ModelFormatError(`${what}.defaultLeft[${node}]: leaf ${node} has a default direction`);
        defaultLeft[node] = d;
      }
    }

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
    if (float32) {
      for (const [name, values] of [["threshold", threshold], ["value", value], ["gain", gain]] as const) {
        const at = values.findIndex((v) => Math.fround(v) !== v);
        if (at >= 0) throw new ModelFormatError(`${what}.${name}[${at}]: ${values[at]} is not a float32 value`);
      }
    }
    return new TreeEnsemble(
      nFeatures,
      float32,
      Int32Array.from(offsets),
      Int32Array.from(feature),
      Float64Array.from(threshold),
      Int32Array.from(left),
      Int32Array.from(right),
      Float64Array.from(value),
      Float64Array.from(cover),
      Float64Array.from(gain),
      defaultLeft,
      storedDefaults !== undefined,
    );
  }
}

/** Whether the `count` values of `x` from `base` include a NaN. */
function hasNaN(x: ArrayLike<number>, base: number, count: number): boolean {
  for (let j = base; j < base + count; j++) if (x[j]! !== x[j]!) return true;
  return false;
}

function expectIntegerArray(value: unknown, what: string, length?: number): number[] {
  const values = expectNumberArray(value, what, length);
  if (!values.every((v) => Number.isInteger(v) && v >= -1 && v <= 0x7fffffff)) throw new ModelFormatError(`${what}: expected integers >= -1`);
  return values;
}

/**
 * One step of a walk in the traversal layout: the child of node k that the row starting at `base`
 * in `x` goes to (k itself at a leaf). Branch-free, so that the interleaved walks of `sum` and
 * `addFlat` do not stall on mispredicted branches.
 */
function step(node: Int32Array, bound: Float64Array, x: Float64Array, base: number, k: number): number {
  return node[2 * k + 1]! + 1 - +(x[base + node[2 * k]!]! < bound[k]!);
}

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
/** The two 32-bit halves of f64 (little-endian, as on every platform Node runs on: [low, high]). */
const f64Words = new Uint32Array(f64.buffer);

/**
 * The float64 bound b with x < b ⟺ Math.fround(x) < t, for a float32 t: the doubles that round to
 * t start halfway between t and the float32 below it, that halfway point included when t's last
 * mantissa bit is even (round half to even) and excluded otherwise.
 */
export function float32Bound(t: number): number {
  f32[0] = t;
  const even = (f32Bits[0]! & 1) === 0;
  let below: number;
  if (t === 0) below = -1.401298464324817e-45;
  else {
    f32Bits[0] = t > 0 ? f32Bits[0]! - 1 : f32Bits[0]! + 1;
    below = f32[0]!;
  }
  const halfway = below / 2 + t / 2;
  if (even) return halfway;
  // The next double above halfway: one unit more magnitude if positive, one less if negative.
  f64[0] = halfway;
  if (halfway > 0) f64Words[0] = f64Words[0]! + 1; // the low word is a multiple of 2²⁸: no carry
  else if (f64Words[0] === 0) {
    f64Words[0] = 0xffffffff;
    f64Words[1] = f64Words[1]! - 1;
  } else f64Words[0] = f64Words[0]! - 1;
  return f64[0]!;
}
