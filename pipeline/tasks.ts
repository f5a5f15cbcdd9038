/**
 * The CPU-heavy steps of training as pure functions of the training data: cross-validating one
 * candidate, selecting features by mean |SHAP| (on the whole training split or inside each CV
 * fold), and fitting + evaluating one final model. The worker pool runs them in
 * worker_threads; with no workers they run inline — same code, same results.
 */
import type { GradientBoostedTrees } from "../models/gbdt.ts";
import { quantileSorted } from "../models/stats.ts";
import { TabularModel } from "../models/tabular-model.ts";
import { type Algorithm, type Params, fitTabularModel, selectColumns } from "./algorithms.ts";
import { type RegressionMetrics, regressionMetrics, rmse } from "./metrics.ts";
import { type Split, kFold, pick } from "./split.ts";

/** What every task sees: the training split (raw, NaN = missing) and the test split. */
export interface TaskData {
  trainRows: number[][];
  trainY: number[];
  testRows: number[][];
  testY: number[];
  /** CV folds over positions in the training split: model selection. */
  folds: Split[];
  /**
   * A second, independent shuffle of the same rows into folds: an honest re-estimate of a chosen
   * configuration (not the best of many on these folds) and the quality gate's paired comparison.
   */
  freshFolds: Split[];
}

/** Which folds a CV or a per-fold selection uses. */
export type FoldSet = "standard" | "fresh";
/** A fold set, or one more shuffle of the training split into the same number of folds (repeated CV). */
export type Folds = FoldSet | { shuffleSeed: number };

export interface CvTask {
  kind: "cv";
  algorithm: Algorithm;
  params: Params;
  columns: number[];
  seed: number;
  /** Default "standard". */
  folds?: Folds;
  /** Columns per fold (feature selection nested in the CV); overrides `columns`. */
  foldColumns?: number[][];
  /**
   * GBDT only: grow up to `nEstimators` trees per fold, stopping a fold when its held-out RMSE has
   * not improved for this many rounds, and score every fold at the round count with the lowest
   * mean held-out RMSE over the folds (as xgboost.cv does): `bestTrees` in the result.
   */
  earlyStoppingRounds?: number;
}
export interface CvResult {
  foldRmse: number[];
  durationMs: number;
  /** With early stopping: the tree count the fold RMSEs are taken at. */
  bestTrees?: number;
}

export interface FitTask {
  kind: "fit";
  algorithm: Algorithm;
  params: Params;
  columns: number[];
  seed: number;
  /** Rows of the training split to compute SHAP values on for the summary plot (every k-th). */
  shapSampleSize: number;
}
export interface FitResult {
  modelJson: string;
  train: RegressionMetrics;
  test: RegressionMetrics;
  trainPred: number[];
  testPred: number[];
  /** Mean |SHAP| per model feature on the training split. */
  meanAbsShap: number[];
  /** SHAP values and feature values (as the model used them: imputed, or NaN for a "learn" model) for a sample of training rows. */
  shapSample: { shap: number[][]; values: number[][] };
  baseValue: number;
  durationMs: number;
}

/**
 * Feature selection by mean |SHAP| of a default GBDT: on the whole training split (`folds: null`)
 * or, nested, on the training part of each fold of a fold set (one column list per fold).
 */
export interface SelectTask {
  kind: "select";
  folds: Folds | null;
  /** Columns to choose from. */
  columns: number[];
  /** Keep the features whose importance is above this percentile of all importances. */
  percentile: number;
  seed: number;
}
export interface SelectResult {
  /** The kept columns: one list for the whole split, or one per fold. */
  columns: number[][];
  durationMs: number;
}

/**
 * The conformal calibration of a chosen configuration: its K fold models and their out-of-fold
 * residuals |y − ŷ|, on the standard folds (same seed as its CV, so the same models) or on
 * `folds.count` folds shuffled by `folds.shuffleSeed` (more folds: fold models closer to the
 * served one, narrower intervals; see docs/intervals.md).
 */
export interface CalibrateTask {
  kind: "calibrate";
  algorithm: Algorithm;
  params: Params;
  columns: number[];
  seed: number;
  folds?: { count: number; shuffleSeed: number };
  /** Fit only these folds (0-based, ascending), so the K fits can be spread over the pool; default all. */
  only?: number[];
}
export interface CalibrateResult {
  foldModelJsons: string[];
  residualsByFold: number[][];
  durationMs: number;
}

export type Task = CvTask | FitTask | SelectTask | CalibrateTask;
export type TaskResult<T extends Task> = T extends CvTask ? CvResult : T extends SelectTask ? SelectResult : T extends CalibrateTask ? CalibrateResult : FitResult;

function foldsOf(data: TaskData, set: Folds | undefined): Split[] {
  if (typeof set === "object") return kFold(data.trainRows.length, data.folds.length, set.shuffleSeed);
  return set === "fresh" ? data.freshFolds : data.folds;
}

export function runCv(data: TaskData, task: CvTask): CvResult {
  const t0 = performance.now();
  const folds = foldsOf(data, task.folds);
  if (task.foldColumns && task.foldColumns.length !== folds.length) throw new RangeError(`foldColumns has ${task.foldColumns.length} lists for ${folds.length} folds`);
  const stopping = task.earlyStoppingRounds;
  if (stopping !== undefined && task.algorithm !== "gbdt") throw new RangeError(`earlyStoppingRounds applies to gbdt only, not ${task.algorithm}`);
  const params = stopping !== undefined ? { ...task.params, earlyStoppingRounds: stopping } : task.params;
  const curves: number[][] = [];
  const foldRmse = folds.map((fold, k) => {
    const columns = task.foldColumns?.[k] ?? task.columns;
    const validation = stopping !== undefined ? { rows: pick(data.trainRows, fold.test), y: pick(data.trainY, fold.test) } : undefined;
    const model = fitTabularModel(task.algorithm, params, pick(data.trainRows, fold.train), pick(data.trainY, fold.train), columns, task.seed, validation);
    if (validation) curves.push((model.estimator as GradientBoostedTrees).evalHistory);
    return rmse(pick(data.trainY, fold.test), model.predict(selectColumns(pick(data.trainRows, fold.test), columns)));
  });
  if (stopping === undefined) return { foldRmse, durationMs: performance.now() - t0 };
  const best = bestRound(curves);
  return { foldRmse: curves.map((c) => c[best] as number), bestTrees: best + 1, durationMs: performance.now() - t0 };
}

/** The round (0-based) with the lowest mean held-out RMSE over the folds, among the rounds every fold reached. */
export function bestRound(curves: readonly (readonly number[])[]): number {
  const rounds = Math.min(...curves.map((c) => c.length));
  let best = 0;
  let bestMean = Number.POSITIVE_INFINITY;
  for (let t = 0; t < rounds; t++) {
    let sum = 0;
    for (const c of curves) sum += c[t] as number;
    if (sum / curves.length < bestMean) {
      bestMean = sum / curves.length;
      best = t;
    }
  }
  return best;
}

/** Features (columns) whose importance is strictly above the given percentile of all importances. */
export function selectByImportance(columns: readonly number[], importance: readonly number[], percentile: number): number[] {
  const cutoff = quantileSorted([...importance].sort((a, b) => a - b), percentile / 100);
  const kept = columns.filter((_, j) => (importance[j] as number) > cutoff);
  return kept.length > 0 ? kept : [...columns];
}

/** Mean |SHAP| per model feature over the rows (raw, model columns only), and the model's base value. */
function shapSummary(model: TabularModel, x: number[][], sampleSize: number): { meanAbsShap: number[]; shapSample: FitResult["shapSample"]; baseValue: number } {
  const width = model.features.length;
  const meanAbsShap = new Array<number>(width).fill(0);
  const step = Math.max(1, Math.floor(x.length / Math.max(1, sampleSize)));
  const shapSample: FitResult["shapSample"] = { shap: [], values: [] };
  let baseValue = Number.NaN;
  x.forEach((row, i) => {
    const raw = Float64Array.from(row);
    model.prepare(raw);
    const explained = model.explainPrepared(raw);
    baseValue = explained.baseValue;
    for (let j = 0; j < width; j++) meanAbsShap[j] = (meanAbsShap[j] as number) + Math.abs(explained.contributions[j] as number) / x.length;
    if (i % step === 0 && shapSample.shap.length < sampleSize) {
      shapSample.shap.push(Array.from(explained.contributions));
      shapSample.values.push(Array.from(raw));
    }
  });
  return { meanAbsShap, shapSample, baseValue };
}

/** The columns a default GBDT fitted on these rows finds important. */
function selectOn(rows: number[][], y: number[], task: SelectTask): number[] {
  const model = fitTabularModel("gbdt", {}, rows, y, task.columns, task.seed);
  return selectByImportance(task.columns, shapSummary(model, selectColumns(rows, task.columns), 0).meanAbsShap, task.percentile);
}

export function runSelect(data: TaskData, task: SelectTask): SelectResult {
  const t0 = performance.now();
  const columns =
    task.folds === null
      ? [selectOn(data.trainRows, data.trainY, task)]
      : foldsOf(data, task.folds).map((fold) => selectOn(pick(data.trainRows, fold.train), pick(data.trainY, fold.train), task));
  return { columns, durationMs: performance.now() - t0 };
}

export function runFit(data: TaskData, task: FitTask): FitResult {
  const t0 = performance.now();
  const model = fitTabularModel(task.algorithm, task.params, data.trainRows, data.trainY, task.columns, task.seed);
  const xTrain = selectColumns(data.trainRows, task.columns);
  const trainPred = model.predict(xTrain);
  const testPred = model.predict(selectColumns(data.testRows, task.columns));
  const { meanAbsShap, shapSample, baseValue } = shapSummary(model, xTrain, task.shapSampleSize);
  return {
    modelJson: JSON.stringify(model),
    train: regressionMetrics(data.trainY, trainPred),
    test: regressionMetrics(data.testY, testPred),
    trainPred,
    testPred,
    meanAbsShap,
    shapSample,
    baseValue,
    durationMs: performance.now() - t0,
  };
}

export function runCalibrate(data: TaskData, task: CalibrateTask): CalibrateResult {
  const t0 = performance.now();
  const foldModelJsons: string[] = [];
  const all = task.folds ? kFold(data.trainRows.length, task.folds.count, task.folds.shuffleSeed) : data.folds;
  const folds = (task.only ?? all.map((_, k) => k)).map((k) => {
    const fold = all[k];
    if (!fold) throw new RangeError(`calibration fold ${k} of ${all.length}`);
    return fold;
  });
  const residualsByFold = folds.map((fold) => {
    const model = fitTabularModel(task.algorithm, task.params, pick(data.trainRows, fold.train), pick(data.trainY, fold.train), task.columns, task.seed);
    foldModelJsons.push(JSON.stringify(model));
    const predicted = model.predict(selectColumns(pick(data.trainRows, fold.test), task.columns));
    return fold.test.map((i, r) => Math.abs((data.trainY[i] as number) - (predicted[r] as number)));
  });
  return { foldModelJsons, residualsByFold, durationMs: performance.now() - t0 };
}

/** A calibration split into one task per worker (folds dealt round-robin): its K fits are independent. */
export function shareCalibration(task: CalibrateTask, workers: number): CalibrateTask[] {
  const k = task.folds?.count ?? task.only?.length;
  if (k === undefined) return [task];
  const all = task.only ?? Array.from({ length: k }, (_, f) => f);
  const n = Math.max(1, Math.min(all.length, workers));
  return Array.from({ length: n }, (_, w) => ({ ...task, only: all.filter((_, i) => i % n === w) }));
}

/** The shares' results (same order as shareCalibration's tasks) reassembled in fold order. */
export function gatherCalibration(shares: readonly CalibrateTask[], parts: readonly CalibrateResult[]): CalibrateResult {
  const byFold = new Map<number, { json: string; residuals: number[] }>();
  shares.forEach((share, w) => {
    const part = parts[w] as CalibrateResult;
    (share.only ?? part.foldModelJsons.map((_, i) => i)).forEach((fold, i) => {
      byFold.set(fold, { json: part.foldModelJsons[i] as string, residuals: part.residualsByFold[i] as number[] });
    });
  });
  const folds = [...byFold.keys()].sort((a, b) => a - b);
  return {
    foldModelJsons: folds.map((f) => byFold.get(f)!.json),
    residualsByFold: folds.map((f) => byFold.get(f)!.residuals),
    durationMs: parts.reduce((sum, part) => sum + part.durationMs, 0),
  };
}

export function runTask<T extends Task>(data: TaskData, task: T): TaskResult<T> {
  if (task.kind === "cv") return runCv(data, task) as TaskResult<T>;
  if (task.kind === "calibrate") return runCalibrate(data, task) as TaskResult<T>;
  if (task.kind === "select") return runSelect(data, task) as TaskResult<T>;
  return runFit(data, task as FitTask) as TaskResult<T>;
}

export function loadFittedModel(result: FitResult): TabularModel {
  return TabularModel.load(JSON.parse(result.modelJson));
}
