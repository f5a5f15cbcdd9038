/**
 * The CPU-heavy steps of training as pure functions of the training data: cross-validating one
 * candidate, and fitting + evaluating one final model. The worker pool runs them in
 * worker_threads; with no workers they run inline — same code, same results.
 */
import { TabularModel } from "../models/tabular-model.ts";
import { type Algorithm, type Params, fitTabularModel, selectColumns } from "./algorithms.ts";
import { type RegressionMetrics, regressionMetrics, rmse } from "./metrics.ts";
import { type Split, pick } from "./split.ts";

/** What every task sees: the training split (raw, NaN = missing) and the test split. */
export interface TaskData {
  trainRows: number[][];
  trainY: number[];
  testRows: number[][];
  testY: number[];
  /** CV folds over positions in the training split. */
  folds: Split[];
}

export interface CvTask {
  kind: "cv";
  algorithm: Algorithm;
  params: Params;
  columns: number[];
  seed: number;
}
export interface CvResult {
  foldRmse: number[];
  durationMs: number;
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
  /** SHAP values and feature values (imputed) for a sample of training rows. */
  shapSample: { shap: number[][]; values: number[][] };
  baseValue: number;
  durationMs: number;
}

export type Task = CvTask | FitTask;
export type TaskResult<T extends Task> = T extends CvTask ? CvResult : FitResult;

export function runCv(data: TaskData, task: CvTask): CvResult {
  const t0 = performance.now();
  const foldRmse = data.folds.map((fold) => {
    const model = fitTabularModel(task.algorithm, task.params, pick(data.trainRows, fold.train), pick(data.trainY, fold.train), task.columns, task.seed);
    return rmse(pick(data.trainY, fold.test), model.predict(selectColumns(pick(data.trainRows, fold.test), task.columns)));
  });
  return { foldRmse, durationMs: performance.now() - t0 };
}

export function runFit(data: TaskData, task: FitTask): FitResult {
  const t0 = performance.now();
  const model = fitTabularModel(task.algorithm, task.params, data.trainRows, data.trainY, task.columns, task.seed);
  const xTrain = selectColumns(data.trainRows, task.columns);
  const trainPred = model.predict(xTrain);
  const testPred = model.predict(selectColumns(data.testRows, task.columns));
  const width = task.columns.length;
  const meanAbsShap = new Array<number>(width).fill(0);
  const step = Math.max(1, Math.floor(xTrain.length / Math.max(1, task.shapSampleSize)));
  const shapSample: FitResult["shapSample"] = { shap: [], values: [] };
  let baseValue = Number.NaN;
  xTrain.forEach((row, i) => {
    const raw = Float64Array.from(row);
    model.impute(raw);
    const explained = model.explainImputed(raw);
    baseValue = explained.baseValue;
    for (let j = 0; j < width; j++) meanAbsShap[j] = (meanAbsShap[j] as number) + Math.abs(explained.contributions[j] as number) / xTrain.length;
    if (i % step === 0 && shapSample.shap.length < task.shapSampleSize) {
      shapSample.shap.push(Array.from(explained.contributions));
      shapSample.values.push(Array.from(raw));
    }
  });
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

export function runTask<T extends Task>(data: TaskData, task: T): TaskResult<T> {
  return (task.kind === "cv" ? runCv(data, task) : runFit(data, task as FitTask)) as TaskResult<T>;
}

export function loadFittedModel(result: FitResult): TabularModel {
  return TabularModel.load(JSON.parse(result.modelJson));
}
