/**
 * One training job end to end: read the data, run the pipeline (recording runs as they finish),
 * register the best run behind the quality gate. Used by `domus train`, by `domus serve` on an
 * empty database (quick mode) and by the startTraining mutation.
 */
import { availableParallelism } from "node:os";
import type { Config } from "../src/config.ts";
import type { Db } from "../src/db/client.ts";
import type { Logger } from "../src/logger.ts";
import { type Algorithm, type Params } from "./algorithms.ts";
import { type HousingData, readHousingCsv } from "./dataset.ts";
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions, type PipelineResult, type ProgressEvent, runPipeline } from "./experiments.ts";
import { type QualityGate, type RegistrationResult, TrainingRecorder } from "./record.ts";
import type { SearchSpace } from "./search-space.ts";

export interface TrainingRequest {
  mode: "full" | "quick";
  dataPath: string;
  seed: number;
  cvFolds: number;
  searchIterations: number;
  workers: number;
  modelName: string;
  gate: QualityGate;
  gbdtSpace?: SearchSpace;
  only?: { algorithm: Algorithm; params: Params };
  /** Record every run in this one experiment. */
  experimentName?: string;
  /** Run the workers at the lowest CPU priority (inside a serving process). */
  lowPriority?: boolean;
  /** Train and test CSV files to use instead of splitting dataPath. */
  givenSplit?: { trainPath: string; testPath: string };
}

/** A request from the configuration; `inServer` leaves one core to serving. */
export function trainingRequestFromConfig(config: Config, mode: "full" | "quick", inServer: boolean): TrainingRequest {
  const cores = availableParallelism();
  return {
    mode,
    dataPath: config.dataPath,
    seed: config.trainSeed,
    cvFolds: config.trainCvFolds,
    searchIterations: config.trainSearchIterations,
    workers: config.trainWorkers ?? (inServer ? Math.max(1, cores - 1) : cores),
    lowPriority: inServer && config.trainLowPriority,
    modelName: config.modelName,
    gate: { minTestR2: config.qualityGateMinR2, rmseTolerance: config.qualityGateRmseTolerance },
  };
}

export interface TrainingReport {
  registration: RegistrationResult;
  result: PipelineResult;
  experimentIds: string[];
}

export async function runTraining(
  db: Db,
  request: TrainingRequest,
  logger: Logger,
  hooks: { onProgress?: (event: ProgressEvent) => void; onExperiment?: (experimentId: string) => void } = {},
): Promise<TrainingReport> {
  let data: HousingData;
  let givenSplit: PipelineOptions["givenSplit"];
  if (request.givenSplit) {
    givenSplit = { train: readHousingCsv(request.givenSplit.trainPath), test: readHousingCsv(request.givenSplit.testPath) };
    data = givenSplit.train;
  } else {
    data = readHousingCsv(request.dataPath);
  }
  logger.info({ rows: data.rows.length, mode: request.mode, workers: request.workers }, "training started");
  const recorder = new TrainingRecorder(db, "");
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
    lowPriority: request.lowPriority ?? false,
  };
  let result: PipelineResult;
  try {
    result = await runPipeline(data, options, {
      onProgress: hooks.onProgress,
      onRunStart: async (info) => {
        await recorder.hooks.onRunStart(info);
        const first = recorder.firstExperimentId();
        if (first && hooks.onExperiment) hooks.onExperiment(await first);
      },
      onRunEnd: recorder.hooks.onRunEnd,
    });
  } catch (error) {
    await recorder.failOpenRuns(error).catch((err) => logger.error({ err }, "could not mark the open runs failed"));
    throw error;
  }
  const registration = await recorder.register(result, { modelName: request.modelName, gate: request.gate });
  logger.info(
    { version: registration.version, status: registration.status, run: result.best.name, cv_rmse: result.best.cvRmseMean, test_rmse: result.best.metrics.test_rmse, reason: registration.gate.reason },
    "model registered",
  );
  const experimentIds = await Promise.all([...new Set(result.runs.map((r) => r.experiment))].map(async (name) => (await db.experiment.findUniqueOrThrow({ where: { name }, select: { id: true } })).id));
  return { registration, result, experimentIds };
}
