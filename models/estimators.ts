/**
 * One descriptor per estimator Domus trains and serves: its algorithm name (runs, model versions,
 * `--only`), the `name` its JSON carries, default hyperparameters, how to fit and load it, its
 * search space if it has one, and whether it explains predictions. The algorithm list, the
 * default parameters, the JSON loaders and the search spaces all derive from ESTIMATORS: adding
 * an estimator is one class file and one entry here (CONTRIBUTING.md, "Adding an estimator").
 */
import type { Estimator } from "./estimator.ts";
import { GradientBoostedTrees } from "./gbdt.ts";
import { LinearRegression } from "./linear-regression.ts";
import { RandomForestRegressor } from "./random-forest.ts";
import { Ridge } from "./ridge.ts";
import { ModelFormatError, expectObject } from "./serialization.ts";

export type Params = Record<string, number | boolean | string>;
type Rows = readonly (readonly number[])[];

export interface RangeSpec {
  type: "int" | "float";
  min: number;
  max: number;
  /** Sample uniformly in log space (for learning rates and penalties spanning decades). */
  log?: boolean;
}
/** A hyperparameter search space: each parameter an int or float range (pipeline/search-space.ts samples it). */
export type SearchSpace = Record<string, RangeSpec>;

export interface EstimatorDescriptor<A extends string = string> {
  /** The name runs and model versions record and `--only` accepts. */
  algorithm: A;
  /** The `name` field of the estimator's JSON (its toJSON output), which `load` reads. */
  jsonName: string;
  /** Default hyperparameters; a run's params are merged over them. */
  defaults: Params;
  /** A fitted estimator from the merged params; `validation` = held-out rows for early stopping (GBDT only uses it). */
  fit(params: Params, x: Rows, y: readonly number[], seed: number, validation?: { x: Rows; y: readonly number[] }): Estimator;
  load(json: unknown): Estimator;
  /** The space a hyperparameter search samples, for estimators that are searched. */
  searchSpace?: SearchSpace;
  /** Whether fitted estimators have exact SHAP attributions (ExplainableEstimator): `explain` and a run's SHAP plots need them. */
  explainable: boolean;
  /**
   * Whether the estimator takes missing values (NaN) in its training and prediction rows and learns
   * where they go, so that its models may be trained with `missing: "learn"` (tabular-model.ts)
   * instead of imputing. False: it needs complete rows.
   */
  learnsMissing: boolean;
}

function descriptor<const A extends string>(d: EstimatorDescriptor<A>): EstimatorDescriptor<A> {
  return d;
}

export const ESTIMATORS = [
  descriptor({
    algorithm: "gbdt",
    jsonName: "GradientBoostedTrees",
    // XGBoost 1.7's defaults (XGBRegressor, tree_method "exact", which GradientBoostedTrees reproduces,
    // γ included), except the base score: mean(y) here, 0.5 in XGBoost 1.7 unless set.
    defaults: { nEstimators: 100, maxDepth: 6, learningRate: 0.3, minChildWeight: 1, gamma: 0, regAlpha: 0, regLambda: 1, subsample: 1, colsampleByTree: 1, colsampleByLevel: 1, colsampleByNode: 1, maxDeltaStep: 0 },
    fit: (p, x, y, seed, validation) => new GradientBoostedTrees({ ...(p as Record<string, never>), seed }).fit(x, y, validation ? { validation } : undefined),
    load: (json) => GradientBoostedTrees.load(json),
    // The seed project's ranges, with η log-uniform so that slow-learning configurations
    // (η ≈ 0.01–0.03) get as many draws as fast ones, and the tree count a cap (1,000) that early
    // stopping on the CV folds cuts to what each candidate needs (pipeline/search.ts).
    searchSpace: {
      nEstimators: { type: "int", min: 1000, max: 1000 },
      maxDepth: { type: "int", min: 2, max: 10 },
      learningRate: { type: "float", min: 0.01, max: 0.3, log: true },
      subsample: { type: "float", min: 0.6, max: 1 },
      colsampleByTree: { type: "float", min: 0.6, max: 1 },
      minChildWeight: { type: "int", min: 1, max: 10 },
      // XGBoost's γ (min_split_loss): a split survives pruning when its loss change Δ (the unhalved
      // gain, in squared target units summed over the node's rows) is at least γ.
      gamma: { type: "float", min: 0, max: 0.5 },
      regAlpha: { type: "float", min: 0, max: 1 },
      regLambda: { type: "float", min: 0.5, max: 2 },
    },
    explainable: true,
    // Every split learns a default direction for NaN (tree-grower.ts, hist-grower.ts), as XGBoost's missing=NaN.
    learnsMissing: true,
  }),
  descriptor({
    algorithm: "random_forest",
    jsonName: "RandomForestRegressor",
    // scikit-learn's RandomForestRegressor defaults.
    defaults: { nEstimators: 100, minSamplesLeaf: 1, maxFeatures: 1, bootstrap: true },
    fit: (p, x, y, seed) => new RandomForestRegressor({ ...(p as Record<string, never>), seed }).fit(x, y),
    load: (json) => RandomForestRegressor.load(json),
    explainable: true,
    learnsMissing: false,
  }),
  descriptor({
    algorithm: "ridge",
    jsonName: "Ridge",
    defaults: { alpha: 1 },
    fit: (p, x, y) => new Ridge({ alpha: Number(p.alpha) }).fit(x, y),
    load: (json) => Ridge.load(json),
    explainable: true,
    learnsMissing: false,
  }),
  descriptor({
    algorithm: "linear",
    jsonName: "LinearRegression",
    defaults: {},
    fit: (_p, x, y) => new LinearRegression().fit(x, y),
    load: (json) => LinearRegression.load(json),
    explainable: true,
    learnsMissing: false,
  }),
] as const;

export type Algorithm = (typeof ESTIMATORS)[number]["algorithm"];
export const ALGORITHMS: readonly Algorithm[] = ESTIMATORS.map((d) => d.algorithm);

const byAlgorithm = new Map<string, EstimatorDescriptor<Algorithm>>(ESTIMATORS.map((d) => [d.algorithm, d]));
const byJsonName = new Map<string, EstimatorDescriptor<Algorithm>>(ESTIMATORS.map((d) => [d.jsonName, d]));

export function isAlgorithm(value: string): value is Algorithm {
  return byAlgorithm.has(value);
}

export function estimatorFor(algorithm: Algorithm): EstimatorDescriptor<Algorithm> {
  return byAlgorithm.get(algorithm) as EstimatorDescriptor<Algorithm>;
}

/** Default hyperparameters by algorithm. */
export const DEFAULT_PARAMS = Object.fromEntries(ESTIMATORS.map((d) => [d.algorithm, d.defaults])) as Record<Algorithm, Params>;

/** The descriptor of an estimator's JSON, by its `name` (the descriptor's jsonName). */
export function descriptorOfJson(json: unknown): EstimatorDescriptor<Algorithm> {
  const name = expectObject(json, "estimator").name;
  const d = typeof name === "string" ? byJsonName.get(name) : undefined;
  if (!d) throw new ModelFormatError(`unknown estimator ${JSON.stringify(name ?? null)} (known: ${[...byJsonName.keys()].join(", ")})`);
  return d;
}

/** An estimator from its JSON, by the JSON's `name` (the descriptor's jsonName). */
export function loadEstimator(json: unknown): Estimator {
  return descriptorOfJson(json).load(json);
}
