/**
 * The training pipeline: split, then the experiments, each producing runs whose CV and test
 * metrics, importances and plots are recorded. Model selection uses CV RMSE on the training split
 * only; the test split is scored once per final model, for the report and the quality gate.
 *
 * Full mode (npm run train): (1) seeded random search over the GBDT space on all features;
 * (2) SHAP feature selection: a default GBDT's mean |SHAP|, keeping features above the 20th
 * percentile, trained with default hyperparameters; (3) random search on the selected features;
 * plus baselines OLS, ridge (penalty by CV) and random forest. The selection is nested in the CV
 * (refitted on each fold's training part), so those runs' CV never sees the rows that chose them;
 * the final model's selection uses the whole training split.
 * Quick mode (first start): default GBDT, ridge and random forest, no search.
 *
 * Every run's chosen configuration is also cross-validated on a fresh shuffle of the folds with a
 * fresh model seed (`cv_rmse_fresh_*`): the honest estimate beside a search's best-of-N score, and
 * the numbers the quality gate pairs with the champion's refit (`compareWith`).
 */
import { mean, std } from "../models/stats.ts";
import { type Algorithm, DEFAULT_PARAMS, type Params } from "./algorithms.ts";
import { type RunCalibration, assembleCalibration } from "./calibration.ts";
import { FEATURE_SPECS, type HousingData } from "./dataset.ts";
import { featureImportancePlot, predictedVsActualPlot, residualsPlot, searchProgressPlot, shapSummaryPlot } from "./plots.ts";
import { type ReferenceStats, buildReferenceStats } from "./reference.ts";
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions, searchGbdt, splitBudget } from "./search.ts";
import { DEFAULT_GBDT_SPACE, type SearchSpace } from "./search-space.ts";
import { kFold, pick, trainTestSplit } from "./split.ts";
import { type CalibrateTask, type CvTask, type FitResult, type TaskData, gatherCalibration, selectByImportance, shareCalibration } from "./tasks.ts";
import { TaskPool } from "./worker-pool.ts";

export interface PipelineOptions {
  mode: "full" | "quick";
  seed: number;
  testFraction: number;
  cvFolds: number;
  /** Folds of the CV+ calibration of the registered run (its own K fold models; default 20). */
  calibrationFolds: number;
  /** Candidates per GBDT search (full mode): 40 % random, the rest TPE-guided. */
  searchIterations: number;
  /** Tuning of the GBDT search (early stopping, batch, repeated CV of the near-best); defaults DEFAULT_SEARCH_OPTIONS. */
  search?: Partial<Omit<SearchOptions, "seed" | "randomCandidates" | "guidedCandidates">>;
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
  /** Also cross-validate this configuration on the fresh folds (e.g. the current champion's), paired with every run's fresh CV. */
  compareWith?: ComparedConfiguration;
}

/** An algorithm, its hyperparameters and its input features (by name), as a registry stores them. */
export interface ComparedConfiguration {
  algorithm: Algorithm;
  params: Params;
  features: string[];
}

/** The seed offset of the fresh folds and the fresh model seed. */
export const FRESH_SEED_OFFSET = 1;

/** The experiment of the quick set trained on first start. */
export const QUICK_START_EXPERIMENT = "quick-start";

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  mode: "full",
  seed: 42,
  testFraction: 0.2,
  cvFolds: 5,
  calibrationFolds: 20,
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
  /** GBDT search: "random" or "tpe"; the finalists' mean CV RMSE over the repeated shuffles; the chosen one. */
  origin?: string;
  repeatedCvRmse?: number;
  chosen?: boolean;
}

export interface Artifact {
  name: string;
  contentType: string;
  content: string;
}

export interface RunResult {
  /** The mode of the pipeline that produced the run. */
  mode: "full" | "quick";
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
  /** RMSE per standard fold of the chosen configuration (the selected candidate's for a search). */
  foldRmse: number[];
  /** RMSE per fresh fold of the chosen configuration (fresh model seed). */
  freshFoldRmse: number[];
  /** The model seed of the chosen configuration's standard CV (its fold models are the calibration's). */
  cvSeed: number;
  fit: FitResult;
  metrics: Record<string, number>;
  featureImportance: { feature: string; value: number }[];
  artifacts: Artifact[];
  startedAt: Date;
  finishedAt: Date;
  /** The run's own compute time: its CV, search, final fit and plots, in whichever thread ran them. */
  durationMs: number;
}

export interface PipelineResult {
  runs: RunResult[];
  /** The run with the lowest CV RMSE: the one to register. */
  best: RunResult;
  /** The best run's CV+ calibration (pipeline/calibration.ts), or why it failed (the version then serves without intervals). */
  calibration: RunCalibration | { error: string };
  reference: (run: RunResult) => ReferenceStats;
  split: { trainSize: number; testSize: number };
  testRows: number[][];
  testY: number[];
  /** `compareWith` cross-validated on the fresh folds (or why that failed), when it was given. */
  comparison: { configuration: ComparedConfiguration; freshFoldRmse: number[] } | { configuration: ComparedConfiguration; error: string } | null;
  durationMs: number;
  stageDurationsMs: Record<string, number>;
}

export interface PipelineHooks {
  onProgress?: (event: ProgressEvent) => void;
  /** Called when a run starts and when it ends, so callers can record RUNNING / FINISHED rows. */
  onRunStart?: (info: { experiment: string; experimentDescription: string; name: string; algorithm: Algorithm; startedAt: Date }) => Promise<void> | void;
  onRunEnd?: (run: RunResult) => Promise<void> | void;
}

/**
 * The feature columns a dataset can train on: every feature with at least one value. A column the
 * file lacks (an optional feature added after the version was stored) reads as all NA and is left
 * out, so the runs train on the columns the version has; the model records its features.
 */
export function availableColumns(rows: readonly (readonly number[])[]): number[] {
  return FEATURE_SPECS.map((_, i) => i).filter((c) => rows.some((r) => !Number.isNaN(r[c] as number)));
}

function metricsOf(fit: FitResult, foldRmse: number[], freshFoldRmse: number[]): Record<string, number> {
  return {
    test_rmse: fit.test.rmse,
    test_mae: fit.test.mae,
    test_r2: fit.test.r2,
    test_mape: fit.test.mape,
    train_rmse: fit.train.rmse,
    train_mae: fit.train.mae,
    train_r2: fit.train.r2,
    train_mape: fit.train.mape,
    cv_rmse_mean: mean(foldRmse),
    cv_rmse_std: std(foldRmse),
    cv_rmse_fresh_mean: mean(freshFoldRmse),
    cv_rmse_fresh_std: std(freshFoldRmse),
  };
}

export { selectByImportance };

/** Column indices of features given by name. */
export function columnsOf(features: readonly string[]): number[] {
  const index = new Map<string, number>(FEATURE_SPECS.map((s, i) => [s.name, i]));
  return features.map((f) => {
    const c = index.get(f);
    if (c === undefined) throw new RangeError(`unknown feature ${f}`);
    return c;
  });
}

export async function runPipeline(data: HousingData, options: PipelineOptions, hooks: PipelineHooks = {}): Promise<PipelineResult> {
  const allColumns = availableColumns(options.givenSplit ? options.givenSplit.train.rows : data.rows);
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
  const freshSeed = options.seed + FRESH_SEED_OFFSET;
  const taskData: TaskData = {
    trainRows,
    trainY,
    testRows,
    testY,
    folds: kFold(trainRows.length, options.cvFolds, options.seed),
    freshFolds: kFold(trainRows.length, options.cvFolds, freshSeed),
  };
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
  const search = async (stage: string, algorithm: Algorithm, candidates: Params[], columns: number[], foldColumns: number[][] | undefined): Promise<CandidateResult[]> => {
    let done = 0;
    progress(stage, 0, candidates.length);
    return Promise.all(
      candidates.map(async (params, index) => {
        const cv = await pool.run({ kind: "cv", algorithm, params, columns, seed: options.seed + index, ...(foldColumns ? { foldColumns } : {}) });
        account("search", cv.durationMs);
        done++;
        const result = { index, params, cvRmseMean: mean(cv.foldRmse), cvRmseStd: std(cv.foldRmse), foldRmse: cv.foldRmse, durationMs: cv.durationMs };
        progress(stage, done, candidates.length, `candidate ${index + 1}: CV RMSE ${result.cvRmseMean.toFixed(3)}`);
        return result;
      }),
    );
  };

  /** Nested selection on an extra shuffle of the folds (repeated CV of the finalists), once per shuffle seed. */
  const shuffleSelections = new Map<number, Promise<number[][]>>();
  const selectOnShuffle = (shuffleSeed: number): Promise<number[][]> => {
    let selection = shuffleSelections.get(shuffleSeed);
    if (!selection) {
      selection = timed("selection", () => pool.run({ kind: "select", folds: { shuffleSeed }, columns: allColumns, percentile: options.selectionPercentile, seed: options.seed })).then((r) => r.columns);
      shuffleSelections.set(shuffleSeed, selection);
    }
    return selection;
  };

  /** The GBDT search (search.ts) on the pool: early-stopped CV per candidate, repeated CV of the finalists. */
  const searchStage = async (stage: string, space: SearchSpace, seed: number, columns: number[], foldColumns: number[][] | undefined): Promise<CandidateResult[]> => {
    const total = options.searchIterations;
    const searchOptions: SearchOptions = { ...DEFAULT_SEARCH_OPTIONS, ...options.search, ...splitBudget(total), seed };
    let done = 0;
    progress(stage, 0, total);
    const outcome = await searchGbdt(
      space,
      searchOptions,
      async (params, index, shuffle) => {
        const shuffleSeed = shuffle === undefined ? undefined : options.seed + 1000 + shuffle;
        const perFold = shuffleSeed === undefined ? foldColumns : foldColumns ? await selectOnShuffle(shuffleSeed) : undefined;
        const cv = await pool.run({
          kind: "cv",
          algorithm: "gbdt",
          params,
          columns,
          seed: options.seed + index,
          earlyStoppingRounds: searchOptions.earlyStoppingRounds,
          ...(shuffleSeed !== undefined ? { folds: { shuffleSeed } } : {}),
          ...(perFold ? { foldColumns: perFold } : {}),
        });
        account("search", cv.durationMs);
        return { foldRmse: cv.foldRmse, bestTrees: cv.bestTrees as number, durationMs: cv.durationMs };
      },
      (c) => {
        done++;
        progress(stage, Math.min(done, total), total, `candidate ${c.index + 1} (${c.origin}): CV RMSE ${c.cvRmseMean.toFixed(3)} with ${c.params.nEstimators} trees`);
      },
    );
    return outcome.candidates.map((c) => ({ ...c, chosen: c === outcome.best }));
  };

  /** One run: optional search, CV of the chosen params (standard and fresh folds), final fit, metrics, plots. */
  const run = async (requested: {
    experiment: string;
    experimentDescription: string;
    name: string;
    algorithm: Algorithm;
    /** The final model's columns. */
    columns: number[];
    /** Columns per standard and per fresh fold when the features were selected inside each fold. */
    nested?: { standard: number[][]; fresh: number[][] };
    params?: Params;
    candidates?: Params[];
    /** A GBDT search over this space (search.ts) instead of a candidate list; its seed. */
    gbdtSearch?: { space: SearchSpace; seed: number };
  }): Promise<RunResult> => {
    let spec = requested;
    if (options.experimentName) {
      spec = { ...spec, name: `${spec.experiment}/${spec.name}`, experiment: options.experimentName, experimentDescription: `Training job: ${options.experimentName}` };
    }
    const startedAt = new Date();
    let ownMs = 0;
    await hooks.onRunStart?.({ experiment: spec.experiment, experimentDescription: spec.experimentDescription, name: spec.name, algorithm: spec.algorithm, startedAt });
    const stage = `${spec.experiment}/${spec.name}`;
    let candidates: CandidateResult[] = [];
    let params = spec.params ?? {};
    let foldRmse: number[];
    let cvSeed = options.seed;
    if (spec.gbdtSearch) {
      candidates = await searchStage(stage, spec.gbdtSearch.space, spec.gbdtSearch.seed, spec.columns, spec.nested?.standard);
      const best = candidates.find((c) => c.chosen) as CandidateResult;
      params = best.params;
      foldRmse = best.foldRmse;
      cvSeed = options.seed + best.index;
      ownMs += candidates.reduce((sum, c) => sum + c.durationMs, 0);
    } else if (spec.candidates && spec.candidates.length > 0) {
      candidates = await search(stage, spec.algorithm, spec.candidates as Params[], spec.columns, spec.nested?.standard);
      const best = candidates.reduce((a, b) => (b.cvRmseMean < a.cvRmseMean ? b : a));
      params = best.params;
      foldRmse = best.foldRmse;
      cvSeed = options.seed + best.index;
      ownMs += candidates.reduce((sum, c) => sum + c.durationMs, 0);
    } else {
      progress(stage, 0, 1, "cross-validating");
      const cv = await timed("cv", () => pool.run({ kind: "cv", algorithm: spec.algorithm, params, columns: spec.columns, seed: options.seed, ...(spec.nested ? { foldColumns: spec.nested.standard } : {}) }));
      foldRmse = cv.foldRmse;
      ownMs += cv.durationMs;
    }
    progress(stage, candidates.length, candidates.length + 1, "fitting the final model");
    const freshTask: CvTask = { kind: "cv", algorithm: spec.algorithm, params, columns: spec.columns, seed: freshSeed, folds: "fresh", ...(spec.nested ? { foldColumns: spec.nested.fresh } : {}) };
    const [fresh, fit] = await Promise.all([
      timed("cv", () => pool.run(freshTask)),
      timed("fit", () => pool.run({ kind: "fit", algorithm: spec.algorithm, params, columns: spec.columns, seed: options.seed, shapSampleSize: 300 })),
    ]);
    ownMs += fresh.durationMs + fit.durationMs;
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
    const plotsMs = performance.now() - plotsStarted;
    account("plots", plotsMs);
    ownMs += plotsMs;
    const result: RunResult = {
      mode: options.mode,
      experiment: spec.experiment,
      experimentDescription: spec.experimentDescription,
      name: spec.name,
      algorithm: spec.algorithm,
      params: { ...DEFAULT_PARAMS[spec.algorithm], ...params },
      features,
      columns: spec.columns,
      candidates,
      cvRmseMean: mean(foldRmse),
      cvRmseStd: std(foldRmse),
      foldRmse,
      freshFoldRmse: fresh.foldRmse,
      cvSeed,
      fit,
      metrics: metricsOf(fit, foldRmse, fresh.foldRmse),
      featureImportance: features.map((feature, j) => ({ feature, value: fit.meanAbsShap[j] as number })).sort((a, b) => b.value - a.value),
      artifacts,
      startedAt,
      finishedAt: new Date(),
      durationMs: ownMs,
    };
    progress(stage, candidates.length + 1, candidates.length + 1, `CV RMSE ${result.cvRmseMean.toFixed(3)}, test RMSE ${fit.test.rmse.toFixed(3)}`);
    await hooks.onRunEnd?.(result);
    runs.push(result);
    return result;
  };

  // The configuration to pair with (the champion's) goes into the queue first.
  const compared = options.compareWith;
  const comparison = compared
    ? timed("cv", () => pool.run({ kind: "cv", algorithm: compared.algorithm, params: compared.params, columns: columnsOf(compared.features), seed: freshSeed, folds: "fresh" }))
    : null;
  // Attach a handler now: a failure is reported in the result below, never as an unhandled rejection.
  comparison?.catch(() => undefined);

  let comparedResult: PipelineResult["comparison"] = null;
  let calibration: PipelineResult["calibration"] = { error: "not calibrated" };
  try {
    if (options.only) {
      await run({ experiment: "single-fit", experimentDescription: "One algorithm with given hyperparameters", name: options.only.algorithm, algorithm: options.only.algorithm, columns: allColumns, params: options.only.params });
    } else if (options.mode === "quick") {
      const description = "Quick start: default hyperparameters, no search";
      // Independent runs: let them share the pool.
      await Promise.all([
        run({ experiment: QUICK_START_EXPERIMENT, experimentDescription: description, name: "gbdt-default", algorithm: "gbdt", columns: allColumns }),
        run({ experiment: QUICK_START_EXPERIMENT, experimentDescription: description, name: "random-forest", algorithm: "random_forest", columns: allColumns }),
        run({ experiment: QUICK_START_EXPERIMENT, experimentDescription: description, name: "ridge", algorithm: "ridge", columns: allColumns, params: { alpha: 10 } }),
      ]);
    } else {
      const n = options.searchIterations;
      const searchAll = run({
        experiment: "gbdt-random-search",
        experimentDescription: `GBDT search (${n} candidates: random then TPE-guided, ${options.cvFolds}-fold CV with early stopping on the training split, near-best re-cross-validated), all features`,
        name: "gbdt-search-all-features",
        algorithm: "gbdt",
        columns: allColumns,
        gbdtSearch: { space: options.gbdtSpace, seed: options.seed },
      });
      const baselines = "Baselines: OLS, ridge (penalty by CV), random forest (defaults)";
      const linear = run({ experiment: "baselines", experimentDescription: baselines, name: "linear", algorithm: "linear", columns: allColumns });
      const ridge = run({
        experiment: "baselines",
        experimentDescription: baselines,
        name: "ridge",
        algorithm: "ridge",
        columns: allColumns,
        candidates: options.ridgeAlphas.map((alpha) => ({ alpha })),
      });
      const forest = run({ experiment: "baselines", experimentDescription: baselines, name: "random-forest", algorithm: "random_forest", columns: allColumns });
      // Feature selection by mean |SHAP| of a default GBDT: on the whole training split for the
      // final models, and again inside every fold (standard and fresh) for their CV.
      const select = (folds: "standard" | "fresh" | null) =>
        timed("selection", () => pool.run({ kind: "select", folds, columns: allColumns, percentile: options.selectionPercentile, seed: options.seed }));
      const [whole, standard, fresh] = await Promise.all([select(null), select("standard"), select("fresh")]);
      const selected = whole.columns[0] as number[];
      const nested = { standard: standard.columns, fresh: fresh.columns };
      const names = selected.map((c) => FEATURE_SPECS[c]!.name).join(", ");
      const selectedDefault = run({
        experiment: "gbdt-shap-selection",
        experimentDescription: `Default GBDT on the features above the ${options.selectionPercentile}th percentile of mean |SHAP| (${names})`,
        name: "gbdt-default-selected-features",
        algorithm: "gbdt",
        columns: selected,
        nested,
      });
      const searchSelected = run({
        experiment: "gbdt-random-search-selected",
        experimentDescription: `GBDT search (${n} candidates, as above) on the SHAP-selected features (${names})`,
        name: "gbdt-search-selected-features",
        algorithm: "gbdt",
        columns: selected,
        nested,
        gbdtSearch: { space: options.gbdtSpace, seed: options.seed + 1 },
      });
      await Promise.all([searchAll, linear, ridge, forest, selectedDefault, searchSelected]);
    }
    if (compared && comparison) {
      comparedResult = await comparison.then(
        (cv) => ({ configuration: compared, freshFoldRmse: cv.foldRmse }),
        (err: unknown) => ({ configuration: compared, error: err instanceof Error ? err.message : String(err) }),
      );
    }
    calibration = await calibrate(bestOf(runs));
  } finally {
    await pool.close();
  }

  /**
   * CV+ for the run to register: its K fold models on the standard folds, with the final model's
   * columns (for a run whose features were selected inside each fold, the selection on the whole
   * training split is used here: the residuals are then slightly optimistic, see docs/intervals.md).
   */
  async function calibrate(run: RunResult): Promise<PipelineResult["calibration"]> {
    progress("calibration", 0, 1, `CV+ calibration of ${run.name}`);
    try {
      const whole: CalibrateTask = { kind: "calibrate", algorithm: run.algorithm, params: run.params, columns: run.columns, seed: run.cvSeed, folds: { count: options.calibrationFolds, shuffleSeed: options.seed } };
      const shares = shareCalibration(whole, pool.size);
      const task = gatherCalibration(shares, await Promise.all(shares.map((share) => timed("calibration", () => pool.run(share)))));
      const started = performance.now();
      const result = assembleCalibration(run.fit.modelJson, run.columns, task, testRows, testY);
      account("calibration", performance.now() - started);
      progress("calibration", 1, 1, `validation coverage at 90 %: ${((result.summary.validationCoverage.find((c) => c.level === 0.9)?.coverage ?? Number.NaN) * 100).toFixed(1)} %`);
      return result;
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  const best = bestOf(runs);
  return {
    comparison: comparedResult,
    runs,
    best,
    calibration,
    reference: (r) => buildReferenceStats(r.features, trainRows.map((row) => r.columns.map((c) => row[c] as number)), trainY, r.fit.trainPred),
    split: { trainSize: trainRows.length, testSize: testRows.length },
    testRows,
    testY,
    durationMs: performance.now() - t0,
    stageDurationsMs,
  };
}

/** The run with the lowest CV RMSE. */
function bestOf(runs: readonly RunResult[]): RunResult {
  return runs.reduce((a, b) => (b.cvRmseMean < a.cvRmseMean ? b : a));
}
