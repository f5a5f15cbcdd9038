/** `domus train`: read the CSV, train, evaluate, register. */
import type { Config } from "../src/config.ts";
import type { Db } from "../src/db/client.ts";
import type { Logger } from "../src/logger.ts";
import { readHousingCsv } from "./dataset.ts";
import { type RegistrationResult, recordFailedRun, registerTraining } from "./register.ts";
import { DEFAULT_RIDGE_OPTIONS, type TrainingOutcome, trainRidge } from "./train.ts";

export interface TrainingReport {
  registration: RegistrationResult;
  metrics: Record<string, number>;
  params: TrainingOutcome["params"];
  durationMs: number;
}

export const BASELINE_EXPERIMENT = "baseline-ridge";

export async function runTraining(
  db: Db,
  config: Pick<Config, "dataPath" | "trainSeed" | "modelName" | "qualityGateMinR2">,
  logger: Logger,
): Promise<TrainingReport> {
  const startedAt = new Date();
  const runName = `ridge-${startedAt.toISOString()}`;
  let outcome: TrainingOutcome;
  try {
    const data = readHousingCsv(config.dataPath);
    logger.info({ rows: data.rows.length, path: config.dataPath }, "dataset loaded");
    outcome = trainRidge(data, { ...DEFAULT_RIDGE_OPTIONS, seed: config.trainSeed });
  } catch (error) {
    await recordFailedRun(db, { experimentName: BASELINE_EXPERIMENT, runName, algorithm: "ridge", startedAt, error });
    throw error;
  }
  const registration = await registerTraining(db, outcome, {
    modelName: config.modelName,
    experimentName: BASELINE_EXPERIMENT,
    runName,
    gate: { minTestR2: config.qualityGateMinR2 },
  });
  logger.info(
    { version: registration.version, status: registration.status, test_rmse: outcome.metrics.test_rmse, test_r2: outcome.metrics.test_r2, alpha: outcome.params.alpha },
    "model registered",
  );
  return { registration, metrics: outcome.metrics, params: outcome.params, durationMs: outcome.durationMs };
}
