/**
 * The training pipeline: split, then the experiments, each producing runs whose CV and test
 * metrics, importances and plots are recorded. Model selection uses CV RMSE on the training split
 * only; the test split is scored once per final model, for the report and the quality gate.
 *
 * Full mode (npm run train): (1) seeded random search over the GBDT space on all features;
 * (2) SHAP feature selection: a default GBDT's mean |SHAP| on the training split, keeping features
 * above the 20th percentile, trained with default hyperparameters; (3) random search on the
 * selected features; plus baselines OLS, ridge (penalty by CV) and random forest.
 * Quick mode (first start): default GBDT, ridge and random forest, no search.
 */
import { quantileSorted } from "../models/stats.ts";
import { mean, std } from "../models/stats.ts";
import { type Algorithm, DEFAULT_PARAMS, type Params } from "./algorithms.ts";
import { FEATURE_SPECS, type HousingData } from "./dataset.ts";
import { featureImportancePlot, predictedVsActualPlot, residualsPlot, searchProgressPlot, shapSummaryPlot } from "./plots.ts";
import { type ReferenceStats, buildReferenceStats } from "./reference.ts";
import { DEFAULT_GBDT_SPACE, type SearchSpace, sampleCandidates } from "./search-space.ts";
import { kFold, pick, trainTestSplit } from "./split.ts";
import type { FitResult, TaskData } from "./tasks.ts";
import { TaskPool } from "./worker-pool.ts";

export interface PipelineOptions {
  mode: "full" | "quick";
  seed: number;
  testFraction: number;
  cvFolds: number;
  /** Candidates per random search (full mode). */
  searchIterations: number;
  gbdtSpace: SearchSpace;
  /** Penalties tried for the ridge baseline. */
  ridgeAlphas: readonly number[];
  /** Features whose mean |SHAP| is above this percentile are kept by the selection experiment. */
  selectionPercentile: number;
  /** Workers for CV and fits (0 = inline). */
  workers: number;
  /** Workers as nice-19 child processes instead of threads (training inside a serving process). */
  lowPriority?: boolean;
  /** Fit only this algorithm with these hyperparameters (no search), e.g. to compare with XGBoost. */
  only?: { algorithm: Algorithm; params: Params };
  /** Record every run in this one experiment (run names then carry the sub-experiment). */
  experimentName?: string;
  /** Use this split instead of splitting `data` (rows of a given train and test file). */
  givenSplit?: { train: HousingData; test: HousingData };
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  mode: "full",
  seed: 42,
  testFraction: 0.2,
  cvFolds: 5,
  searchIterations: 50,
  gbdtSpace: DEFAULT_GBDT_SPACE,
  ridgeAlphas: [0.01, 0.1, 0.3, 1, 3, 10, 30, 100],
  selectionPercentile: 20,
  workers: 0,
};

export interface ProgressEvent {
  stage: string;
  completed: number;
  total: number;
  message?: string;
}

export interface CandidateResult {
  index: number;
  params: Params;
  cvRmseMean: number;
  cvRmseStd: number;
  foldRmse: number[];
  durationMs: number;
}

export interface Artifact {
  name: string;
  contentType: string;
  content: string;
}

export interface RunResult {
  experiment: string;
  experimentDescription: string;
  name: string;
  algorithm: Algorithm;
  params: Params;
  /** Model input features, in order. */
  features: string[];
  columns: number[];
  candidates: CandidateResult[];
  cvRmseMean: number;
  cvRmseStd: number;
  fit: FitResult;
  metrics: Record<string, number>;
  featureImportance: { feature: string; value: number }[];
  artifacts: Artifact[];
  startedAt: Date;
  durationMs: number;
}

export interface PipelineResult {
  runs: RunResult[];
  /** The run with the lowest CV RMSE: the one to register. */
  best: RunResult;
  reference: (run: RunResult) => ReferenceStats;
  split: { trainSize: number; testSize: number };
  testRows: number[][];
  testY: number[];
  durationMs: number;
  stageDurationsMs: Record<string, number>;
}

export interface PipelineHooks {
  onProgress?: (event: ProgressEvent) => void;
  /** Called when a run starts and when it ends, so callers can record RUNNING / FINISHED rows. */
  onRunStart?: (info: { experiment: string; experimentDescription: string; name: string; algorithm: Algorithm; startedAt: Date }) => Promise<void> | void;
  onRunEnd?: (run: RunResult) => Promise<void> | void;
}

const ALL_COLUMNS = FEATURE_SPECS.map((_, i) => i);

function metricsOf(fit: FitResult, cvMean: number, cvStd: number): Record<string, number> {
  return {
    test_rmse: fit.test.rmse,
    test_mae: fit.test.mae,
    test_r2: fit.test.r2,
    test_mape: fit.test.mape,
    train_rmse: fit.train.rmse,
    train_mae: fit.train.mae,
    train_r2: fit.train.r2,
    train_mape: fit.train.mape,
    cv_rmse_mean: cvMean,
    cv_rmse_std: cvStd,
  };
}

/** Features (columns) whose importance is strictly above the given percentile of all importances. */
export function selectByImportance(columns: readonly number[], importance: readonly number[], percentile: number): number[] {
  const cutoff = quantileSorted([...importance].sort((a, b) => a - b), percentile / 100);
  const kept = columns.filter((_, j) => (importance[j] as number) > cutoff);
  return kept.length > 0 ? kept : [...columns];
}

export async function runPipeline(data: HousingData, options: PipelineOptions, hooks: PipelineHooks = {}): Promise<PipelineResult> {
  const t0 = performance.now();
  const stageDurationsMs: Record<string, number> = {};
  let trainRows: number[][];
  let trainY: number[];
  let testRows: number[][];
  let testY: number[];
  if (options.givenSplit) {
    ({ rows: trainRows, target: trainY } = options.givenSplit.train);
    ({ rows: testRows, target: testY } = options.givenSplit.test);
  } else {
    const split = trainTestSplit(data.rows.length, options.testFraction, options.seed);
    trainRows = pick(data.rows, split.train);
    trainY = pick(data.target, split.train);
    testRows = pick(data.rows, split.test);
    testY = pick(data.target, split.test);
  }
  const taskData: TaskData = { trainRows, trainY, testRows, testY, folds: kFold(trainRows.length, options.cvFolds, options.seed) };
  const pool = new TaskPool(taskData, options.workers, { lowPriority: options.lowPriority ?? false });
  const runs: RunResult[] = [];
  const progress = (stage: string, completed: number, total: number, message?: string) => hooks.onProgress?.({ stage, completed, total, message });

  /** Adds compute time to a stage: the task's own duration (in whichever thread ran it), not the wait. */
  const account = (stage: string, ms: number) => {
    stageDurationsMs[stage] = (stageDurationsMs[stage] ?? 0) + ms;
  };
  const timed = async <T extends { durationMs: number }>(stage: string, work: () => Promise<T>): Promise<T> => {
    const result = await work();
    account(stage, result.durationMs);
    return result;
  };

  /** Cross-validates candidates in parallel; returns them in order with their scores. */
  const search = async (stage: string, algorithm: Algorithm, candidates: Params[], columns: number[]): Promise<CandidateResult[]> => {
    let done = 0;
    progress(stage, 0, candidates.length);
    return Promise.all(
      candidates.map(async (params, index) => {
        const cv = await pool.run({ kind: "cv", algorithm, params, columns, seed: options.seed + index });
        account("search", cv.durationMs);
        done++;
        const result = { index, params, cvRmseMean: mean(cv.foldRmse), cvRmseStd: std(cv.foldRmse), foldRmse: cv.foldRmse, durationMs: cv.durationMs };
        progress(stage, done, candidates.length, `candidate ${index + 1}: CV RMSE ${result.cvRmseMean.toFixed(3)}`);
        return result;
      }),
    );
  };

  /** One run: optional search, CV of the chosen params, final fit, metrics, plots. */
  const run = async (requested: {
    experiment: string;
    experimentDescription: string;
    name: string;
    algorithm: Algorithm;
    columns: number[];
    params?: Params;
    candidates?: Params[];
  }): Promise<RunResult> => {
    let spec = requested;
    if (options.experimentName) {
      spec = { ...spec, name: `${spec.experiment}/${spec.name}`, experiment: options.experimentName, experimentDescription: `Training job: ${options.experimentName}` };
    }
    const startedAt = new Date();
    const s = performance.now();
    await hooks.onRunStart?.({ experiment: spec.experiment, experimentDescription: spec.experimentDescription, name: spec.name, algorithm: spec.algorithm, startedAt });
    const stage = `${spec.experiment}/${spec.name}`;
    let candidates: CandidateResult[] = [];
    let params = spec.params ?? {};
    let cvMean: number;
    let cvStd: number;
    if (spec.candidates && spec.candidates.length > 0) {
      candidates = await search(stage, spec.algorithm, spec.candidates as Params[], spec.columns);
      const best = candidates.reduce((a, b) => (b.cvRmseMean < a.cvRmseMean ? b : a));
      params = best.params;
      cvMean = best.cvRmseMean;
      cvStd = best.cvRmseStd;
    } else {
      progress(stage, 0, 1, "cross-validating");
      const cv = await timed("cv", () => pool.run({ kind: "cv", algorithm: spec.algorithm, params, columns: spec.columns, seed: options.seed }));
      cvMean = mean(cv.foldRmse);
      cvStd = std(cv.foldRmse);
    }
    progress(stage, candidates.length, candidates.length + 1, "fitting the final model");
    const fit = await timed("fit", () => pool.run({ kind: "fit", algorithm: spec.algorithm, params, columns: spec.columns, seed: options.seed, shapSampleSize: 300 }));
    const features = spec.columns.map((c) => FEATURE_SPECS[c]!.name);
    const title = spec.name;
    const plotsStarted = performance.now();
    const artifacts: Artifact[] = (() => {
      const svg = (name: string, content: string): Artifact => ({ name, contentType: "image/svg+xml", content });
      const list = [
        svg("predicted_vs_actual.svg", predictedVsActualPlot({ actual: testY, predicted: fit.testPred, title: `Predicted vs actual (test split) — ${title}` })),
        svg("residuals.svg", residualsPlot({ actual: testY, predicted: fit.testPred, title: `Residuals (test split) — ${title}` })),
        svg("feature_importance.svg", featureImportancePlot({ features, values: fit.meanAbsShap, title: `Feature importance — ${title}` })),
        svg("shap_summary.svg", shapSummaryPlot({ features, shap: fit.shapSample.shap, values: fit.shapSample.values, title: `SHAP summary — ${title}` })),
      ];
      if (candidates.length > 0) {
        list.push(svg("search_progress.svg", searchProgressPlot({ scores: candidates.map((c) => c.cvRmseMean), title: `Random search — ${title}`, metricLabel: `${options.cvFolds}-fold CV RMSE ($1000s)` })));
      }
      return list;
    })();
    account("plots", performance.now() - plotsStarted);
    const result: RunResult = {
      experiment: spec.experiment,
      experimentDescription: spec.experimentDescription,
      name: spec.name,
      algorithm: spec.algorithm,
      params: { ...DEFAULT_PARAMS[spec.algorithm], ...params },
      features,
      columns: spec.columns,
      candidates,
      cvRmseMean: cvMean,
      cvRmseStd: cvStd,
      fit,
      metrics: metricsOf(fit, cvMean, cvStd),
      featureImportance: features.map((feature, j) => ({ feature, value: fit.meanAbsShap[j] as number })).sort((a, b) => b.value - a.value),
      artifacts,
      startedAt,
      durationMs: performance.now() - s,
    };
    progress(stage, candidates.length + 1, candidates.length + 1, `CV RMSE ${cvMean.toFixed(3)}, test RMSE ${fit.test.rmse.toFixed(3)}`);
    await hooks.onRunEnd?.(result);
    runs.push(result);
    return result;
  };

  try {
    if (options.only) {
      await run({ experiment: "single-fit", experimentDescription: "One algorithm with given hyperparameters", name: options.only.algorithm, algorithm: options.only.algorithm, columns: ALL_COLUMNS, params: options.only.params });
    } else if (options.mode === "quick") {
      const description = "Quick start: default hyperparameters, no search";
      // Independent runs: let them share the pool.
      await Promise.all([
        run({ experiment: "quick-start", experimentDescription: description, name: "gbdt-default", algorithm: "gbdt", columns: ALL_COLUMNS }),
        run({ experiment: "quick-start", experimentDescription: description, name: "random-forest", algorithm: "random_forest", columns: ALL_COLUMNS }),
        run({ experiment: "quick-start", experimentDescription: description, name: "ridge", algorithm: "ridge", columns: ALL_COLUMNS, params: { alpha: 10 } }),
      ]);
    } else {
      const n = options.searchIterations;
      const searchAll = run({
        experiment: "gbdt-random-search",
        experimentDescription: `Seeded random search (${n} candidates, ${options.cvFolds}-fold CV on the training split) over the GBDT space, all features`,
        name: "gbdt-search-all-features",
        algorithm: "gbdt",
        columns: ALL_COLUMNS,
        candidates: sampleCandidates(options.gbdtSpace, n, options.seed),
      });
      const baselines = "Baselines: OLS, ridge (penalty by CV), random forest (defaults)";
      const linear = run({ experiment: "baselines", experimentDescription: baselines, name: "linear", algorithm: "linear", columns: ALL_COLUMNS });
      const ridge = run({
        experiment: "baselines",
        experimentDescription: baselines,
        name: "ridge",
        algorithm: "ridge",
        columns: ALL_COLUMNS,
        candidates: options.ridgeAlphas.map((alpha) => ({ alpha })),
      });
      const forest = run({ experiment: "baselines", experimentDescription: baselines, name: "random-forest", algorithm: "random_forest", columns: ALL_COLUMNS });
      // Feature selection by mean |SHAP| of a default GBDT fitted on the training split.
      const selection = await timed("selection", () => pool.run({ kind: "fit", algorithm: "gbdt", params: {}, columns: ALL_COLUMNS, seed: options.seed, shapSampleSize: 0 }));
      const selected = selectByImportance(ALL_COLUMNS, selection.meanAbsShap, options.selectionPercentile);
      const names = selected.map((c) => FEATURE_SPECS[c]!.name).join(", ");
      const selectedDefault = run({
        experiment: "gbdt-shap-selection",
        experimentDescription: `Default GBDT on the features above the ${options.selectionPercentile}th percentile of mean |SHAP| (${names})`,
        name: "gbdt-default-selected-features",
        algorithm: "gbdt",
        columns: selected,
      });
      const searchSelected = run({
        experiment: "gbdt-random-search-selected",
        experimentDescription: `Seeded random search (${n} candidates) over the GBDT space on the SHAP-selected features (${names})`,
        name: "gbdt-search-selected-features",
        algorithm: "gbdt",
        columns: selected,
        candidates: sampleCandidates(options.gbdtSpace, n, options.seed + 1),
      });
      await Promise.all([searchAll, linear, ridge, forest, selectedDefault, searchSelected]);
    }
  } finally {
    await pool.close();
  }

  const best = runs.reduce((a, b) => (b.cvRmseMean < a.cvRmseMean ? b : a));
  return {
    runs,
    best,
    reference: (r) => buildReferenceStats(r.features, trainRows.map((row) => r.columns.map((c) => row[c] as number)), trainY, r.fit.trainPred),
    split: { trainSize: trainRows.length, testSize: testRows.length },
    testRows,
    testY,
    durationMs: performance.now() - t0,
    stageDurationsMs,
  };
}
