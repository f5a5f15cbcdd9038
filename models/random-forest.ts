/**
 * Random forest regression (Breiman 2001) on the shared tree grower: each tree is a CART regression
 * tree (the grower's float64 "cart" rule: g = −(y − ȳ)·w, h = w with w the bootstrap count, leaf =
 * ȳ + the weighted node mean of y − ȳ) grown on a bootstrap sample with `maxFeatures` features drawn
 * afresh at every split. The prediction is the mean over trees; SHAP values are the trees' exact
 * TreeSHAP values averaged. Forests stay in float64 (unlike the boosted trees, which reproduce
 * XGBoost's float32): there is no float32 reference to match, and scikit-learn's thresholds are
 * float64 midpoints too.
 *
 * Differences from scikit-learn: minSamplesLeaf counts bootstrap draws (sklearn counts distinct
 * in-bag rows), and a node whose drawn features admit no split becomes a leaf (sklearn keeps
 * drawing features until it finds a non-constant one).
 */
import { Random } from "./random.ts";
import { ModelFormatError, expectFiniteNumber, expectHeader, expectObject } from "./serialization.ts";
import { TreeEnsemble, type Tree, type TreeEnsembleJSON } from "./tree-ensemble.ts";
import { SortedColumns, TreeGrower } from "./tree-grower.ts";
import { meanAbsShap, shapFlat } from "./tree-shap.ts";

export interface RandomForestOptions {
  /** Number of trees, integer >= 1. Default 100. */
  nEstimators?: number;
  /** Maximum tree depth, integer >= 1; undefined grows until leaves are pure. Default undefined. */
  maxDepth?: number;
  /** Minimum samples (bootstrap draws) in each leaf, integer >= 1. Default 1. */
  minSamplesLeaf?: number;
  /**
   * Features considered at each split: a fraction in (0, 1] of the features (at least one), an
   * integer count > 1, or "sqrt" / "log2" of the feature count. Default 1.0 (all, like sklearn's regressor).
   */
  maxFeatures?: number | "sqrt" | "log2";
  /** Grow each tree on a bootstrap sample of the rows. Default true. */
  bootstrap?: boolean;
  /** Seed of the bootstrap and feature sampling, an integer. Default 0. */
  seed?: number;
}

export interface ResolvedRandomForestOptions {
  nEstimators: number;
  maxDepth: number | undefined;
  minSamplesLeaf: number;
  maxFeatures: number | "sqrt" | "log2";
  bootstrap: boolean;
  seed: number;
}

export interface RandomForestJSON {
  name: "RandomForestRegressor";
  formatVersion: 1;
  options: Omit<ResolvedRandomForestOptions, "maxDepth"> & { maxDepth: number | null };
  nFeatures: number;
  trees: TreeEnsembleJSON;
}

const NAME = "RandomForestRegressor";

export class RandomForestRegressor {
  readonly options: ResolvedRandomForestOptions;
  nFeatures = 0;
  trees: TreeEnsemble = TreeEnsemble.fromTrees([], 0, false);

  constructor(options: RandomForestOptions = {}) {
    this.options = resolveOptions(options);
  }

  fit(x: readonly (readonly number[])[], y: readonly number[]): this {
    const o = this.options;
    if (x.length !== y.length) throw new RangeError(`${NAME}: need as many targets as rows (rows ${x.length}, targets ${y.length})`);
    const data = SortedColumns.fromRows(x, NAME);
    const n = data.nRows;
    const p = data.nFeatures;
    const target = Float64Array.from(y);
    for (let i = 0; i < n; i++) if (!Number.isFinite(target[i])) throw new RangeError(`${NAME}: y[${i}] is ${target[i]}; targets must be finite`);

    const rng = new Random(o.seed);
    const grower = new TreeGrower(data, { rule: "cart", maxDepth: o.maxDepth ?? Number.POSITIVE_INFINITY, minChildWeight: o.minSamplesLeaf });
    const perSplit = featuresPerSplit(o.maxFeatures, p);
    const sampling = perSplit < p ? { count: perSplit, rng } : undefined;
    const features = Int32Array.from({ length: p }, (_, j) => j);
    // Trees are grown on y − ȳ and ȳ added back to their values, so that split gains are measured
    // against the spread of y rather than its offset (the grower's noise guard is relative).
    let centre = 0;
    for (let i = 0; i < n; i++) centre += target[i]!;
    centre /= n;
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);
    const trees: Tree[] = [];
    for (let t = 0; t < o.nEstimators; t++) {
      if (o.bootstrap) {
        hess.fill(0);
        for (let i = 0; i < n; i++) {
          const r = rng.int(0, n - 1);
          hess[r] = hess[r]! + 1;
        }
      } else hess.fill(1);
      for (let r = 0; r < n; r++) grad[r] = -(target[r]! - centre) * hess[r]!;
      const tree = grower.grow(grad, hess, features, sampling);
      for (let node = 0; node < tree.value.length; node++) tree.value[node] = tree.value[node]! + centre;
      trees.push(tree);
    }
    this.nFeatures = p;
    this.trees = TreeEnsemble.fromTrees(trees, p, false);
    return this;
  }

  get nTrees(): number {
    return this.trees.nTrees;
  }

  /** Mean of the trees' predictions. */
  predictOne(row: ArrayLike<number>): number {
    return this.trees.sum(row, 0) / this.trees.nTrees;
  }

  predict(rows: readonly ArrayLike<number>[]): Float64Array {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.predictOne(rows[i] as ArrayLike<number>);
    return out;
  }

  /** Predictions for `nRows` row-major rows of `x` (nRows × nFeatures), written to `out` if given. */
  predictFlat(x: Float64Array, nRows: number, out?: Float64Array): Float64Array {
    const result = this.trees.checkFlat(x, nRows, out, 1, `${NAME}.predictFlat`);
    result.fill(0, 0, nRows);
    this.trees.addFlat(x, nRows, result);
    const nTrees = this.trees.nTrees;
    for (let i = 0; i < nRows; i++) result[i] = result[i]! / nTrees;
    return result;
  }

  /** Mean over trees of each tree's cover-weighted mean leaf (the expected output on the bootstrap samples). */
  get baseValue(): number {
    return this.trees.expectedSum() / this.trees.nTrees;
  }

  /** Exact TreeSHAP values of one row, averaged over trees; they sum with baseValue to predictOne(row). */
  shapValues(row: ArrayLike<number>): Float64Array {
    const phi = new Float64Array(this.nFeatures);
    this.trees.addShap(row, phi, 1 / this.trees.nTrees);
    return phi;
  }

  /** SHAP values of `nRows` row-major rows: out[i·nFeatures + j] for row i, feature j. */
  shapValuesFlat(x: Float64Array, nRows: number, out?: Float64Array): Float64Array {
    return shapFlat(this.trees, x, nRows, out, 1 / this.trees.nTrees, `${NAME}.shapValuesFlat`);
  }

  /** Mean |SHAP| per feature over `rows`. */
  meanAbsShap(rows: readonly ArrayLike<number>[]): Float64Array {
    return meanAbsShap(this.trees, rows, 1 / this.trees.nTrees);
  }

  /**
   * Mean decrease in impurity, as scikit-learn's feature_importances_: each tree's weighted squared-
   * error decreases per feature, normalised to sum 1, averaged over trees that split at all, normalised again.
   */
  importance(): Float64Array {
    const p = this.nFeatures;
    const total = new Float64Array(p);
    const perTree = new Float64Array(p);
    const { treeOffsets, feature, gain } = this.trees;
    let used = 0;
    for (let t = 0; t < this.trees.nTrees; t++) {
      perTree.fill(0);
      let sum = 0;
      for (let node = treeOffsets[t]!; node < treeOffsets[t + 1]!; node++) {
        const f = feature[node]!;
        if (f < 0) continue;
        perTree[f] = perTree[f]! + gain[node]!;
        sum += gain[node]!;
      }
      if (treeOffsets[t + 1]! - treeOffsets[t]! === 1) continue;
      used++;
      if (sum > 0) for (let j = 0; j < p; j++) total[j] = total[j]! + perTree[j]! / sum;
    }
    let norm = 0;
    for (let j = 0; j < p; j++) norm += total[j]!;
    if (used > 0 && norm > 0) for (let j = 0; j < p; j++) total[j] = total[j]! / norm;
    return total;
  }

  toJSON(): RandomForestJSON {
    const o = this.options;
    return {
      name: NAME,
      formatVersion: 1,
      options: {
        nEstimators: o.nEstimators,
        maxDepth: o.maxDepth ?? null,
        minSamplesLeaf: o.minSamplesLeaf,
        maxFeatures: o.maxFeatures,
        bootstrap: o.bootstrap,
        seed: o.seed,
      },
      nFeatures: this.nFeatures,
      trees: this.trees.toJSON(),
    };
  }

  static load(json: unknown): RandomForestRegressor {
    const obj = expectHeader(json, NAME, 1);
    const raw = expectObject(obj.options, `${NAME}.options`);
    const options: RandomForestOptions = {
      nEstimators: expectFiniteNumber(raw.nEstimators, `${NAME}.options.nEstimators`),
      minSamplesLeaf: expectFiniteNumber(raw.minSamplesLeaf, `${NAME}.options.minSamplesLeaf`),
      maxFeatures: raw.maxFeatures === "sqrt" || raw.maxFeatures === "log2" ? raw.maxFeatures : expectFiniteNumber(raw.maxFeatures, `${NAME}.options.maxFeatures`),
      seed: expectFiniteNumber(raw.seed, `${NAME}.options.seed`),
    };
    if (raw.maxDepth !== null) options.maxDepth = expectFiniteNumber(raw.maxDepth, `${NAME}.options.maxDepth`);
    if (typeof raw.bootstrap !== "boolean") throw new ModelFormatError(`${NAME}.options.bootstrap: expected a boolean`);
    options.bootstrap = raw.bootstrap;
    let model: RandomForestRegressor;
    try {
      model = new RandomForestRegressor(options);
    } catch (err) {
      throw new ModelFormatError(`${NAME}.options: ${(err as Error).message}`);
    }
    const nFeatures = expectFiniteNumber(obj.nFeatures, `${NAME}.nFeatures`);
    if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new ModelFormatError(`${NAME}.nFeatures: expected an integer >= 1`);
    model.nFeatures = nFeatures;
    model.trees = TreeEnsemble.fromJSON(obj.trees, nFeatures, `${NAME}.trees`, false);
    if (model.trees.nTrees !== model.options.nEstimators) {
      throw new ModelFormatError(`${NAME}.trees: ${model.trees.nTrees} trees stored but nEstimators is ${model.options.nEstimators}`);
    }
    return model;
  }
}

/** Features drawn per split for `maxFeatures` and `p` features, as scikit-learn counts them. */
export function featuresPerSplit(maxFeatures: number | "sqrt" | "log2", p: number): number {
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(p)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(p)));
  if (maxFeatures <= 1) return Math.max(1, Math.floor(maxFeatures * p));
  return Math.min(p, maxFeatures);
}

function resolveOptions(options: RandomForestOptions): ResolvedRandomForestOptions {
  const o: ResolvedRandomForestOptions = {
    nEstimators: options.nEstimators ?? 100,
    maxDepth: options.maxDepth,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    maxFeatures: options.maxFeatures ?? 1,
    bootstrap: options.bootstrap ?? true,
    seed: options.seed ?? 0,
  };
  const fail = (name: string, rule: string, value: unknown) => {
    throw new RangeError(`${NAME}: ${name} must be ${rule}, got ${JSON.stringify(value)}`);
  };
  if (!Number.isInteger(o.nEstimators) || o.nEstimators < 1) fail("nEstimators", "an integer >= 1", o.nEstimators);
  if (o.maxDepth !== undefined && (!Number.isInteger(o.maxDepth) || o.maxDepth < 1)) fail("maxDepth", "an integer >= 1 or undefined", o.maxDepth);
  if (!Number.isInteger(o.minSamplesLeaf) || o.minSamplesLeaf < 1) fail("minSamplesLeaf", "an integer >= 1", o.minSamplesLeaf);
  const mf = o.maxFeatures;
  if (mf !== "sqrt" && mf !== "log2" && !(typeof mf === "number" && ((mf > 0 && mf <= 1) || (Number.isInteger(mf) && mf > 1)))) {
    fail("maxFeatures", 'a fraction in (0, 1], an integer count > 1, "sqrt" or "log2"', mf);
  }
  if (typeof o.bootstrap !== "boolean") fail("bootstrap", "a boolean", o.bootstrap);
  if (!Number.isInteger(o.seed)) fail("seed", "an integer", o.seed);
  return o;
}
