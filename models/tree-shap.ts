/**
 * Exact path-dependent TreeSHAP of Lundberg, Erion & Lee (2018, Algorithm 2) over a `TreeEnsemble`,
 * and the batch helpers the tree models share.
 */
import type { TreeEnsemble } from "./tree-ensemble.ts";

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

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2), a transcription of the
 * reference implementation: the recursion carries the "unique path" of features split on so far,
 * each with the fraction of zero (feature absent: follow covers) and one (feature present: follow x)
 * paths flowing through it and the permutation weights, EXTENDed at each split and UNWOUND when a
 * feature repeats. Path buffers are preallocated per ensemble for the deepest tree.
 */
export class TreeShapWorkspace {
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
    const { feature, left, right, value, cover } = this.trees;
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

    // A missing value (NaN) follows the split's default direction, as XGBoost's TreeSHAP does.
    const hot = this.trees.childOf(node, this.row[split]!);
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
