/**
 * Gradient-boosted regression trees that reproduce XGBoost 1.7's `tree_method="exact"` with squared
 * error (Chen & Guestrin 2016): second-order boosting (g = pred − y, h = 1) from a base score of
 * mean(y), exact greedy splits on pre-sorted columns, L1/L2-regularised leaf weights, shrinkage,
 * γ as XGBoost's minimum loss change with its bottom-up pruning, row and column subsampling, and
 * optional early stopping on a validation set. SHAP values are exact (TreeSHAP).
 *
 * Like XGBoost, the model works in float32 where XGBoost does: feature values, labels, gradients,
 * split values, leaf values, the base score and the training predictions are float32; gradient sums
 * are double; split gains are compared in float32 with ties going to the lower feature index. With
 * subsample = colsample = 1 the trees are XGBoost's (test/unit/xgboost-parity.test.ts). Served
 * predictions add the float32 leaves in float64 (XGBoost adds them in float32), so that SHAP values
 * sum exactly to them; the two differ by XGBoost's float32 rounding (≤ 6.1e-5 on 400 trees). Differences: subsample draws exactly round(subsample·n) rows
 * without replacement and features are drawn with our own PRNG, so sampled fits differ from
 * XGBoost's (colsample_bylevel/bynode too); the base score defaults to mean(y) where XGBoost 1.7
 * defaults to 0.5.
 *
 * Missing values (NaN) in x are learned as XGBoost learns them (issue 29): the exact method scans a
 * feature with missing values forward (missing rows right) and backward (missing rows left), keeps
 * each split's default direction, and predictions and SHAP values send NaN that way
 * (test/unit/xgboost-missing.test.ts); hist puts missing rows in a bin of their own and tries both
 * sides for them. A feature never missing in training sends NaN left (exact) or right (hist), as
 * XGBoost does; models saved before format 4 send NaN left at every split.
 *
 * Format 1 models (before the float32 rule) still load and predict exactly as they were trained, in
 * float64, with their split gains (stored as ½Δ − γ) reported as Δ by `importance`.
 */
import { Random } from "./random.ts";
import { ModelFormatError, expectFiniteNumber, expectHeader, expectNumberArray, expectObject } from "./serialization.ts";
import { TreeEnsemble, predictTreeColumns, predictTreeRow, type Tree, type TreeEnsembleJSON } from "./tree-ensemble.ts";
import { BinnedColumns, HistGrower } from "./hist-grower.ts";
import { SortedColumns, TreeGrower, sampleWithoutReplacement } from "./tree-grower.ts";
import { meanAbsShap, shapFlat } from "./tree-shap.ts";

export interface GradientBoostedTreesOptions {
  /** Boosting rounds (trees), integer >= 1. Default 100. */
  nEstimators?: number;
  /** Maximum tree depth, integer >= 1. Default 6. */
  maxDepth?: number;
  /** Shrinkage η applied to every leaf, in (0, 1]. Default 0.3. */
  learningRate?: number;
  /** Minimum hessian sum (here: rows) in each child of a split, >= 0. Default 1. */
  minChildWeight?: number;
  /** Minimum split loss γ, >= 0. Default 0. */
  gamma?: number;
  /** L1 penalty α on leaf weights, >= 0. Default 0. */
  regAlpha?: number;
  /** L2 penalty λ on leaf weights, >= 0. Default 1. */
  regLambda?: number;
  /** Fraction of rows drawn (without replacement) for each tree, in (0, 1]. Default 1. */
  subsample?: number;
  /** Fraction of features drawn for each tree, in (0, 1]. Default 1. */
  colsampleByTree?: number;
  /** Fraction of the tree's features drawn for each depth (XGBoost's colsample_bylevel: max(1, ⌊fraction·count⌋)), in (0, 1]. Default 1. Exact method only. */
  colsampleByLevel?: number;
  /** Fraction of the level's features drawn for each node (XGBoost's colsample_bynode), in (0, 1]. Default 1. Exact method only. */
  colsampleByNode?: number;
  /** Clips every leaf weight (before η) to ±maxDeltaStep, and split gains use the clipped weights (XGBoost's max_delta_step); 0 = off, >= 0. Default 0. */
  maxDeltaStep?: number;
  /**
   * Per feature −1, 0 or +1 (XGBoost's monotone_constraints): predictions never increase / are free
   * / never decrease in that feature, with XGBoost 1.7's bounds propagated to children. Missing
   * trailing entries are 0. Default none. Exact method only.
   */
  monotoneConstraints?: number[];
  /** Seed of the row and column sampling, an integer. Default 0. */
  seed?: number;
  /** Stop when the validation RMSE has not improved for this many rounds (needs a validation set). Default off. */
  earlyStoppingRounds?: number;
  /** "exact" (XGBoost's exact greedy, tree for tree) or "hist" (quantile bins, histogram subtraction: hist-grower.ts). Default "exact". */
  treeMethod?: TreeMethod;
  /** Bins per feature for "hist", integer in [2, 256]. Default 256. */
  maxBin?: number;
}

export type TreeMethod = "exact" | "hist";

export type ResolvedGradientBoostedTreesOptions = Required<Omit<GradientBoostedTreesOptions, "earlyStoppingRounds">> & {
  earlyStoppingRounds: number | undefined;
};

export interface GradientBoostedTreesFitOptions {
  /** Held-out rows scored after every round: fills `evalHistory` and drives early stopping. */
  validation?: { x: readonly (readonly number[])[]; y: readonly number[] };
  /**
   * Sample weights, one finite number > 0 per row (stored as float32, as XGBoost does): row r's
   * gradient and hessian are multiplied by weights[r], so min_child_weight counts weight, and the
   * base score is the weighted mean of y. The hist method's bins stay unweighted quantiles.
   */
  weights?: readonly number[];
}

export type ImportanceType = "weight" | "gain" | "cover" | "total_gain" | "total_cover";

/**
 * 4: as 3, with each split's default direction for missing values (trees.defaultLeft).
 * 3: as 2, with the tree method and bins in the options. 2: float32 trees as XGBoost grows them,
 * gains = XGBoost's loss change (exact). 1: float64 trees, gains = ½Δ − γ.
 */
export type GradientBoostedTreesFormat = 1 | 2 | 3 | 4;

export interface GradientBoostedTreesJSON {
  name: "GradientBoostedTrees";
  formatVersion: GradientBoostedTreesFormat;
  options: Omit<ResolvedGradientBoostedTreesOptions, "earlyStoppingRounds" | "treeMethod" | "maxBin" | "colsampleByLevel" | "colsampleByNode" | "maxDeltaStep" | "monotoneConstraints"> & {
    monotoneConstraints?: number[];
    earlyStoppingRounds: number | null;
    treeMethod?: TreeMethod;
    maxBin?: number;
    colsampleByLevel?: number;
    colsampleByNode?: number;
    maxDeltaStep?: number;
  };
  nFeatures: number;
  baseScore: number;
  bestIteration: number;
  evalHistory: number[];
  trees: TreeEnsembleJSON;
}

const NAME = "GradientBoostedTrees";

export class GradientBoostedTrees {
  readonly options: ResolvedGradientBoostedTreesOptions;
  /** The format the trees were grown in: 4 for every fit, 1 to 3 for an older model loaded from JSON. */
  formatVersion: GradientBoostedTreesFormat = 4;
  nFeatures = 0;
  /** Mean of the training targets (as float32): the starting prediction every tree adds to. */
  baseScore = 0;
  /** 0-based index of the last kept round: the best validation round under early stopping, else the last. */
  bestIteration = -1;
  /** Validation RMSE after each round (empty without a validation set). */
  evalHistory: number[] = [];
  trees: TreeEnsemble = TreeEnsemble.fromTrees([], 0, true);

  constructor(options: GradientBoostedTreesOptions = {}) {
    this.options = resolveOptions(options);
  }

  fit(x: readonly (readonly number[])[], y: readonly number[], fitOptions: GradientBoostedTreesFitOptions = {}): this {
    const o = this.options;
    if (x.length !== y.length) throw new RangeError(`${NAME}: need as many targets as rows (rows ${x.length}, targets ${y.length})`);
    const data = SortedColumns.fromRows(x, NAME, true, o.treeMethod === "exact", true);
    const n = data.nRows;
    const p = data.nFeatures;
    const target = checkTargets(y, `${NAME}: y`);
    const validation = fitOptions.validation;
    if (o.earlyStoppingRounds !== undefined && validation === undefined) {
      throw new RangeError(`${NAME}: earlyStoppingRounds needs fit(x, y, { validation: { x, y } })`);
    }
    let validX: Float64Array | null = null;
    let validY: Float64Array | null = null;
    if (validation) {
      if (validation.x.length === 0 || validation.x.length !== validation.y.length) {
        throw new RangeError(`${NAME}: the validation set needs as many targets as rows and at least one row`);
      }
      validY = checkTargets(validation.y, `${NAME}: validation.y`);
      validX = new Float64Array(validation.x.length * p);
      const flat = validX;
      validation.x.forEach((row, i) => {
        if (row.length !== p) throw new RangeError(`${NAME}: validation row ${i} has ${row.length} features, expected ${p}`);
        if (row.some((v) => !Number.isFinite(v) && !Number.isNaN(v))) throw new RangeError(`${NAME}: validation row ${i} has a value that is neither a finite number nor NaN (missing)`);
        for (let j = 0; j < p; j++) flat[i * p + j] = Math.fround(row[j]!);
      });
    }

    const weight = fitOptions.weights === undefined ? null : checkWeights(fitOptions.weights, n);
    let mean = 0;
    let totalWeight = 0;
    for (let r = 0; r < n; r++) {
      const w = weight ? weight[r]! : 1;
      mean += w * target[r]!;
      totalWeight += w;
    }
    mean /= totalWeight;
    const base = Math.fround(mean);
    this.nFeatures = p;
    this.baseScore = base;
    this.formatVersion = 4;

    const rng = new Random(o.seed);
    if (o.monotoneConstraints.length > p) throw new RangeError(`${NAME}: monotoneConstraints has ${o.monotoneConstraints.length} entries for ${p} features`);
    const penalties = { maxDepth: o.maxDepth, minChildWeight: o.minChildWeight, lambda: o.regLambda, alpha: o.regAlpha, gamma: o.gamma, learningRate: o.learningRate, maxDeltaStep: o.maxDeltaStep, monotone: o.monotoneConstraints };
    const grower =
      o.treeMethod === "hist"
        ? new HistGrower(BinnedColumns.fromColumns(data.columns, n, p, o.maxBin), penalties)
        : new TreeGrower(data, { rule: "xgboost", ...penalties });
    // XGBoost's labels, predictions and gradients are float32 (Float32Array stores round).
    const label = Float32Array.from(target);
    const pred = new Float32Array(n).fill(base);
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);
    const rowCount = Math.max(1, Math.round(o.subsample * n));
    const featureCount = Math.max(1, Math.round(o.colsampleByTree * p));
    const allFeatures = Int32Array.from({ length: p }, (_, j) => j);
    const validPred = validY ? new Float64Array(validY.length).fill(base) : null;
    // XGBoost's colsample_bylevel/bynode: each a fraction of the set above it, at least one feature.
    const levelCount = Math.max(1, Math.floor(o.colsampleByLevel * featureCount));
    const nodeCount = Math.max(1, Math.floor(o.colsampleByNode * levelCount));
    const sampling = levelCount < featureCount || nodeCount < levelCount ? { levelCount, count: nodeCount, rng } : undefined;

    const trees: Tree[] = [];
    const history: number[] = [];
    let bestRound = -1;
    let bestRmse = Number.POSITIVE_INFINITY;
    // The per-round loops are functions of their own, so that this long function is not the one
    // optimised (and deoptimised) while it runs: it goes round nEstimators times, they go row by row.
    for (let round = 0; round < o.nEstimators; round++) {
      if (rowCount < n) {
        hess.fill(0);
        for (const r of sampleWithoutReplacement(n, rowCount, rng)) hess[r] = weight ? weight[r]! : 1;
      } else if (weight) hess.set(weight);
      else hess.fill(1);
      squaredErrorGradients(pred, label, weight, grad);
      const features = featureCount < p ? sampleWithoutReplacement(p, featureCount, rng) : allFeatures;
      const tree = grower instanceof HistGrower ? grower.grow(grad, hess, features) : grower.grow(grad, hess, features, sampling);
      trees.push(tree);
      if (grower instanceof HistGrower) {
        // The partition knows each sampled row's leaf; only rows left out of the tree are walked.
        grower.addLastTree(pred);
        if (rowCount < n) addTree(tree, data.columns, n, pred, hess);
      } else addTree(tree, data.columns, n, pred, null);

      if (validX && validY && validPred) {
        const rmse = addTreeRmse(tree, validX, p, validPred, validY);
        history.push(rmse);
        if (rmse < bestRmse) {
          bestRmse = rmse;
          bestRound = round;
        } else if (o.earlyStoppingRounds !== undefined && round - bestRound >= o.earlyStoppingRounds) break;
      }
    }
    const kept = o.earlyStoppingRounds !== undefined ? bestRound + 1 : trees.length;
    this.trees = TreeEnsemble.fromTrees(trees.slice(0, kept), p, true);
    this.bestIteration = kept - 1;
    this.evalHistory = history;
    return this;
  }

  get nTrees(): number {
    return this.trees.nTrees;
  }

  predictOne(row: ArrayLike<number>): number {
    return this.trees.sum(row, this.baseScore);
  }

  predict(rows: readonly ArrayLike<number>[]): Float64Array {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.predictOne(rows[i] as ArrayLike<number>);
    return out;
  }

  /** Predictions for `nRows` row-major rows of `x` (nRows × nFeatures), written to `out` if given. */
  predictFlat(x: Float64Array, nRows: number, out?: Float64Array): Float64Array {
    const result = this.trees.checkFlat(x, nRows, out, 1, `${NAME}.predictFlat`);
    result.fill(this.baseScore, 0, nRows);
    this.trees.addFlat(x, nRows, result);
    return result;
  }

  /** Expected output over the training data: base score plus each tree's cover-weighted mean leaf. */
  get baseValue(): number {
    return this.baseScore + this.trees.expectedSum();
  }

  /** Exact TreeSHAP values of one row; they sum with baseValue to predictOne(row). */
  shapValues(row: ArrayLike<number>): Float64Array {
    const phi = new Float64Array(this.nFeatures);
    this.trees.addShap(row, phi, 1);
    return phi;
  }

  /** SHAP values of `nRows` row-major rows: out[i·nFeatures + j] for row i, feature j. */
  shapValuesFlat(x: Float64Array, nRows: number, out?: Float64Array): Float64Array {
    return shapFlat(this.trees, x, nRows, out, 1, `${NAME}.shapValuesFlat`);
  }

  /** Mean |SHAP| per feature over `rows` (a global importance). */
  meanAbsShap(rows: readonly ArrayLike<number>[]): Float64Array {
    return meanAbsShap(this.trees, rows, 1);
  }

  /**
   * Per-feature importance as XGBoost defines it: "weight" = number of splits on the feature,
   * "gain"/"cover" = mean split loss change/cover over those splits, "total_gain"/"total_cover" =
   * sums. Features never split on get 0.
   */
  importance(type: ImportanceType = "gain"): Float64Array {
    const { count, gain: storedGain, cover } = this.trees.splitStats();
    // Format 1 stored ½Δ − γ per split: Σ over a feature's splits of Δ = 2·(Σ stored + count·γ).
    const gain = this.formatVersion === 1 ? storedGain.map((g, j) => 2 * (g + count[j]! * this.options.gamma)) : storedGain;
    switch (type) {
      case "weight":
        return count;
      case "total_gain":
        return gain;
      case "total_cover":
        return cover;
      case "gain":
        return gain.map((g, j) => (count[j]! > 0 ? g / count[j]! : 0));
      case "cover":
        return cover.map((c, j) => (count[j]! > 0 ? c / count[j]! : 0));
      default:
        throw new RangeError(`${NAME}: unknown importance type ${JSON.stringify(type)}`);
    }
  }

  toJSON(): GradientBoostedTreesJSON {
    const o = this.options;
    return {
      name: NAME,
      formatVersion: this.formatVersion,
      options: {
        nEstimators: o.nEstimators,
        maxDepth: o.maxDepth,
        learningRate: o.learningRate,
        minChildWeight: o.minChildWeight,
        gamma: o.gamma,
        regAlpha: o.regAlpha,
        regLambda: o.regLambda,
        subsample: o.subsample,
        colsampleByTree: o.colsampleByTree,
        // Added within format 3 and written only when set, so that older files round-trip unchanged.
        ...(o.colsampleByLevel !== 1 ? { colsampleByLevel: o.colsampleByLevel } : {}),
        ...(o.colsampleByNode !== 1 ? { colsampleByNode: o.colsampleByNode } : {}),
        ...(o.maxDeltaStep !== 0 ? { maxDeltaStep: o.maxDeltaStep } : {}),
        ...(o.monotoneConstraints.length > 0 ? { monotoneConstraints: o.monotoneConstraints.slice() } : {}),
        seed: o.seed,
        earlyStoppingRounds: o.earlyStoppingRounds ?? null,
        // Formats 1 and 2 (always exact) round-trip as they were stored.
        ...(this.formatVersion >= 3 ? { treeMethod: o.treeMethod, maxBin: o.maxBin } : {}),
      },
      nFeatures: this.nFeatures,
      baseScore: this.baseScore,
      bestIteration: this.bestIteration,
      evalHistory: this.evalHistory.slice(),
      trees: this.trees.toJSON(),
    };
  }

  static load(json: unknown): GradientBoostedTrees {
    const obj = expectHeader(json, NAME, [1, 2, 3, 4]);
    const formatVersion = obj.formatVersion as GradientBoostedTreesFormat;
    const raw = expectObject(obj.options, `${NAME}.options`);
    const options: GradientBoostedTreesOptions = {};
    for (const key of ["nEstimators", "maxDepth", "learningRate", "minChildWeight", "gamma", "regAlpha", "regLambda", "subsample", "colsampleByTree", "seed"] as const) {
      options[key] = expectFiniteNumber(raw[key], `${NAME}.options.${key}`);
    }
    // Added within format 3, written only when not 1, 1 and 0.
    for (const key of ["colsampleByLevel", "colsampleByNode", "maxDeltaStep"] as const) {
      if (raw[key] !== undefined) options[key] = expectFiniteNumber(raw[key], `${NAME}.options.${key}`);
    }
    if (raw.monotoneConstraints !== undefined) options.monotoneConstraints = expectNumberArray(raw.monotoneConstraints, `${NAME}.options.monotoneConstraints`).slice();
    if (raw.earlyStoppingRounds !== null) options.earlyStoppingRounds = expectFiniteNumber(raw.earlyStoppingRounds, `${NAME}.options.earlyStoppingRounds`);
    // Formats 1 and 2 were all exact; formats 3 and 4 name their method.
    if (formatVersion >= 3) {
      if (raw.treeMethod !== "exact" && raw.treeMethod !== "hist") throw new ModelFormatError(`${NAME}.options.treeMethod: expected "exact" or "hist"`);
      options.treeMethod = raw.treeMethod;
      options.maxBin = expectFiniteNumber(raw.maxBin, `${NAME}.options.maxBin`);
    }
    let model: GradientBoostedTrees;
    try {
      model = new GradientBoostedTrees(options);
    } catch (err) {
      throw new ModelFormatError(`${NAME}.options: ${(err as Error).message}`);
    }
    const nFeatures = expectFiniteNumber(obj.nFeatures, `${NAME}.nFeatures`);
    if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new ModelFormatError(`${NAME}.nFeatures: expected an integer >= 1`);
    model.formatVersion = formatVersion;
    model.nFeatures = nFeatures;
    model.baseScore = expectFiniteNumber(obj.baseScore, `${NAME}.baseScore`);
    const float32 = formatVersion >= 2;
    if (float32 && Math.fround(model.baseScore) !== model.baseScore) throw new ModelFormatError(`${NAME}.baseScore: ${model.baseScore} is not a float32 value`);
    // Format 4 stores each split's default direction; older trees send missing values left (XGBoost's default).
    model.trees = TreeEnsemble.fromJSON(obj.trees, nFeatures, `${NAME}.trees`, float32, formatVersion >= 4 ? "stored" : "left");
    const bestIteration = expectFiniteNumber(obj.bestIteration, `${NAME}.bestIteration`);
    if (bestIteration !== model.trees.nTrees - 1) {
      throw new ModelFormatError(`${NAME}.bestIteration: ${bestIteration} does not match the ${model.trees.nTrees} stored trees`);
    }
    model.bestIteration = bestIteration;
    model.evalHistory = expectNumberArray(obj.evalHistory, `${NAME}.evalHistory`).slice();
    return model;
  }
}

function resolveOptions(options: GradientBoostedTreesOptions): ResolvedGradientBoostedTreesOptions {
  const o = {
    nEstimators: options.nEstimators ?? 100,
    maxDepth: options.maxDepth ?? 6,
    learningRate: options.learningRate ?? 0.3,
    minChildWeight: options.minChildWeight ?? 1,
    gamma: options.gamma ?? 0,
    regAlpha: options.regAlpha ?? 0,
    regLambda: options.regLambda ?? 1,
    subsample: options.subsample ?? 1,
    colsampleByTree: options.colsampleByTree ?? 1,
    colsampleByLevel: options.colsampleByLevel ?? 1,
    colsampleByNode: options.colsampleByNode ?? 1,
    maxDeltaStep: options.maxDeltaStep ?? 0,
    monotoneConstraints: options.monotoneConstraints?.slice() ?? [],
    seed: options.seed ?? 0,
    earlyStoppingRounds: options.earlyStoppingRounds,
    treeMethod: options.treeMethod ?? "exact",
    maxBin: options.maxBin ?? 256,
  };
  const fail = (name: string, rule: string, value: unknown) => {
    throw new RangeError(`${NAME}: ${name} must be ${rule}, got ${value}`);
  };
  if (!Number.isInteger(o.nEstimators) || o.nEstimators < 1) fail("nEstimators", "an integer >= 1", o.nEstimators);
  if (!Number.isInteger(o.maxDepth) || o.maxDepth < 1) fail("maxDepth", "an integer >= 1", o.maxDepth);
  if (!(o.learningRate > 0 && o.learningRate <= 1)) fail("learningRate", "in (0, 1]", o.learningRate);
  for (const key of ["minChildWeight", "gamma", "regAlpha", "regLambda"] as const) {
    if (!(o[key] >= 0) || !Number.isFinite(o[key])) fail(key, "a finite number >= 0", o[key]);
  }
  if (!(o.subsample > 0 && o.subsample <= 1)) fail("subsample", "in (0, 1]", o.subsample);
  for (const key of ["colsampleByTree", "colsampleByLevel", "colsampleByNode"] as const) if (!(o[key] > 0 && o[key] <= 1)) fail(key, "in (0, 1]", o[key]);
  if (!(o.maxDeltaStep >= 0) || !Number.isFinite(o.maxDeltaStep)) fail("maxDeltaStep", "a finite number >= 0", o.maxDeltaStep);
  for (const [j, c] of o.monotoneConstraints.entries()) if (c !== -1 && c !== 0 && c !== 1) fail(`monotoneConstraints[${j}]`, "-1, 0 or 1", c);
  if (o.treeMethod === "hist" && o.monotoneConstraints.some((c) => c !== 0)) fail("monotoneConstraints", 'empty or all 0 with treeMethod "hist"', JSON.stringify(o.monotoneConstraints));
  if (o.treeMethod === "hist" && (o.colsampleByLevel < 1 || o.colsampleByNode < 1)) fail("colsampleByLevel and colsampleByNode", "1 with treeMethod \"hist\"", `${o.colsampleByLevel}, ${o.colsampleByNode}`);
  if (!Number.isInteger(o.seed)) fail("seed", "an integer", o.seed);
  if (o.treeMethod !== "exact" && o.treeMethod !== "hist") fail("treeMethod", '"exact" or "hist"', o.treeMethod);
  if (!Number.isInteger(o.maxBin) || o.maxBin < 2 || o.maxBin > 256) fail("maxBin", "an integer in [2, 256]", o.maxBin);
  if (o.earlyStoppingRounds !== undefined && (!Number.isInteger(o.earlyStoppingRounds) || o.earlyStoppingRounds < 1)) {
    fail("earlyStoppingRounds", "an integer >= 1 or undefined", o.earlyStoppingRounds);
  }
  return o;
}

/** XGBoost's squared-error gradients, in float32: (pred − label)·w (w = 1 without weights). */
function squaredErrorGradients(pred: Float32Array, label: Float32Array, weight: Float64Array | null, grad: Float64Array): void {
  const n = pred.length;
  if (weight) for (let r = 0; r < n; r++) grad[r] = Math.fround(Math.fround(pred[r]! - label[r]!) * weight[r]!);
  else for (let r = 0; r < n; r++) grad[r] = Math.fround(pred[r]! - label[r]!);
}

/** Adds the tree's prediction to pred[r] for every row r (column-major data), or, given `hess`, for the rows whose hess is 0. */
function addTree(tree: Tree, columns: Float64Array, n: number, pred: Float32Array, hess: Float64Array | null): void {
  for (let r = 0; r < n; r++) if (hess === null || hess[r] === 0) pred[r] = pred[r]! + predictTreeColumns(tree, columns, n, r);
}

/** Adds the tree's prediction to the validation predictions (row-major rows of width p); returns their RMSE. */
function addTreeRmse(tree: Tree, x: Float64Array, p: number, pred: Float64Array, y: Float64Array): number {
  let sse = 0;
  for (let i = 0; i < y.length; i++) {
    pred[i] = pred[i]! + predictTreeRow(tree, x, i * p);
    const e = pred[i]! - y[i]!;
    sse += e * e;
  }
  return Math.sqrt(sse / y.length);
}

/** Sample weights as the float32 values XGBoost stores: finite and > 0 (float32), one per row. */
function checkWeights(weights: readonly number[], n: number): Float64Array {
  if (weights.length !== n) throw new RangeError(`${NAME}: weights needs one value per row (rows ${n}, weights ${weights.length})`);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    out[r] = Math.fround(weights[r]!);
    if (!(out[r]! > 0) || !Number.isFinite(out[r])) throw new RangeError(`${NAME}: weights[${r}] is ${weights[r]}; weights must be finite and > 0`);
  }
  return out;
}

function checkTargets(y: readonly number[], what: string): Float64Array {
  const out = Float64Array.from(y);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i])) throw new RangeError(`${what}[${i}] is ${out[i]}; targets must be finite`);
  return out;
}
