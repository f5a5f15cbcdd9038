/**
 * One training pipeline end to end, as a library call: read the data, run the experiments and
 * return their results. Recording runs, registering versions and the quality gate belong to the
 * server's training service (src/modules/training), which calls this.
 */
import type { Algorithm, Params } from "./algorithms.ts";
import { type HousingData, readHousingCsv } from "./dataset.ts";
import { type ComparedConfiguration, DEFAULT_PIPELINE_OPTIONS, type PipelineHooks, type PipelineOptions, type PipelineResult, runPipeline } from "./experiments.ts";
import type { SearchSpace } from "./search-space.ts";

export interface TrainingRequest {
  mode: "full" | "quick";
  dataPath: string;
  seed: number;
  cvFolds: number;
  searchIterations: number;
  workers: number;
  gbdtSpace?: SearchSpace;
  only?: { algorithm: Algorithm; params: Params };
  /** Record every run in this one experiment. */
  experimentName?: string;
  /** Run the workers at the lowest CPU priority (inside a serving process). */
  lowPriority?: boolean;
  /** Rows to train on instead of reading dataPath (a registered dataset version). */
  data?: HousingData;
  /** Train and test CSV files to use instead of splitting dataPath. */
  givenSplit?: { trainPath: string; testPath: string };
  /** Also cross-validate this configuration on the fresh folds (the champion, for the quality gate). */
  compareWith?: ComparedConfiguration;
}

/** What the pipeline tells its caller besides hooks: a line per milestone (pino's `info` fits). */
export interface PipelineLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export async function runTrainingPipeline(request: TrainingRequest, hooks: PipelineHooks & { logger?: PipelineLogger } = {}): Promise<PipelineResult> {
  let data: HousingData;
  let givenSplit: PipelineOptions["givenSplit"];
  if (request.givenSplit) {
    givenSplit = { train: readHousingCsv(request.givenSplit.trainPath), test: readHousingCsv(request.givenSplit.testPath) };
    data = givenSplit.train;
  } else if (request.data) {
    data = request.data;
  } else {
    data = readHousingCsv(request.dataPath);
  }
  hooks.logger?.info({ rows: data.rows.length, mode: request.mode, workers: request.workers }, "training started");
  const options: PipelineOptions = {
    ...DEFAULT_PIPELINE_OPTIONS,
    mode: request.mode,
    seed: request.seed,
    cvFolds: request.cvFolds,
    searchIterations: request.searchIterations,
    workers: request.workers,
    ...(request.gbdtSpace ? { gbdtSpace: request.gbdtSpace } : {}),
    ...(request.only ? { only: request.only } : {}),
    ...(givenSplit ? { givenSplit } : {}),
    ...(request.experimentName ? { experimentName: request.experimentName } : {}),
    ...(request.compareWith ? { compareWith: request.compareWith } : {}),
    lowPriority: request.lowPriority ?? false,
  };
  return runPipeline(data, options, hooks);
}
