/**
 * One training job for the server and the CLI: look up the champion, run the pipeline (a library:
 * pipeline/run.ts) with the runs recorded as they finish, then register the best run behind the
 * quality gate. Used by `domus train`, by `domus serve` on an empty database (quick mode) and by
 * the startTraining mutation.
 */
import { availableParallelism } from "node:os";
import type { HousingData } from "../../../pipeline/dataset.ts";
import type { PipelineHooks, PipelineResult } from "../../../pipeline/experiments.ts";
import { type TrainingRequest, runTrainingPipeline } from "../../../pipeline/run.ts";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { QualityGate } from "./gate.ts";
import { TrainingRecorder } from "./recorder.ts";
import { type RegistrationResult, championAtStart, registerBestRun } from "./registration.ts";

/** A pipeline request plus what the registry needs: the model name, the gate, and lineage. */
export interface TrainingJobRequest extends TrainingRequest {
  modelName: string;
  gate: QualityGate;
  /** A registered dataset version to train on (its rows become the pipeline's `data`; its id is recorded on every run). */
  dataset?: { id: string; data: HousingData };
  /** Promote the best run when it passes the gate (default); false keeps it a CANDIDATE (the retraining loop). */
  promote?: boolean;
  /** Recorded on every run (lineage): the Domus version that trained it. */
  codeVersion?: string;
}

/** A request from the configuration; `inServer` leaves one core to serving. */
export function trainingRequestFromConfig(config: Config, mode: "full" | "quick", inServer: boolean): TrainingJobRequest {
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

export async function trainAndRegister(
  db: Db,
  request: TrainingJobRequest,
  logger: Logger,
  hooks: { onProgress?: PipelineHooks["onProgress"]; onExperiment?: (experimentId: string) => void } = {},
): Promise<TrainingReport> {
  const champion = await championAtStart(db, request.modelName);
  const { modelName, gate, dataset, promote, codeVersion, ...rest } = request;
  const pipelineRequest: TrainingRequest = { ...rest, ...(dataset ? { data: dataset.data } : {}) };
  const recorder = new TrainingRecorder(db, "", {
    datasetVersionId: request.givenSplit ? null : (dataset?.id ?? null),
    splitSeed: request.givenSplit ? null : request.seed,
    codeVersion: codeVersion ?? null,
  });
  let result: PipelineResult;
  try {
    result = await runTrainingPipeline(
      { ...pipelineRequest, ...(champion && "configuration" in champion ? { compareWith: champion.configuration } : {}) },
      {
        logger,
        onProgress: hooks.onProgress,
        onRunStart: async (info) => {
          await recorder.hooks.onRunStart(info);
          const first = recorder.firstExperimentId();
          if (first && hooks.onExperiment) hooks.onExperiment(await first);
        },
        onRunEnd: recorder.hooks.onRunEnd,
      },
    );
  } catch (error) {
    await recorder.failOpenRuns(error).catch((err) => logger.error({ err }, "could not mark the open runs failed"));
    throw error;
  }
  const best = result.best;
  const runId = recorder.runId(best.experiment, best.name);
  if (!runId) throw new Error(`the best run ${best.name} was not recorded`);
  const datasetLabel = dataset ? await db.datasetVersion.findUnique({ where: { id: dataset.id }, select: { name: true, version: true } }) : null;
  const registration = await registerBestRun(db, result, runId, {
    modelName,
    gate,
    champion,
    dataset: dataset && !request.givenSplit ? { id: dataset.id, label: datasetLabel ? `${datasetLabel.name}@${datasetLabel.version}` : dataset.id } : null,
    ...(promote === false ? { promote: false } : {}),
  });
  logger.info(
    { version: registration.version, status: registration.status, run: best.name, cv_rmse: best.cvRmseMean, test_rmse: best.metrics.test_rmse, reason: registration.gate.reason },
    "model registered",
  );
  const experimentIds = await Promise.all([...new Set(result.runs.map((r) => r.experiment))].map(async (name) => (await db.experiment.findUniqueOrThrow({ where: { name }, select: { id: true } })).id));
  return { registration, result, experimentIds };
}
