/**
 * Records a training outcome: Experiment, Run (params, metrics, importance) and ModelVersion in
 * one transaction, so a failure never leaves a half-registered model. The quality gate decides
 * whether the version may serve; the first version that passes while no champion exists becomes
 * champion, later ones stay candidates until promoted.
 */
import type { Db } from "../src/db/client.ts";
import { toJsonText } from "../src/db/json.ts";
import type { TrainingOutcome } from "./train.ts";

export interface QualityGate {
  /** Minimum test R² for a version to be eligible as champion. */
  minTestR2: number;
}

export interface GateVerdict {
  passed: boolean;
  metric: "test_r2";
  value: number;
  threshold: number;
}

export function evaluateGate(metrics: Record<string, number>, gate: QualityGate): GateVerdict {
  const value = metrics.test_r2 ?? Number.NaN;
  return { passed: value >= gate.minTestR2, metric: "test_r2", value, threshold: gate.minTestR2 };
}

export interface RegistrationResult {
  experimentId: string;
  runId: string;
  modelVersionId: string;
  version: number;
  status: "CHAMPION" | "CANDIDATE" | "REJECTED";
  gate: GateVerdict;
}

export interface RegistrationOptions {
  modelName: string;
  experimentName: string;
  runName: string;
  gate: QualityGate;
}

async function ensureExperiment(db: Pick<Db, "experiment">, name: string, description: string): Promise<string> {
  const experiment = await db.experiment.upsert({ where: { name }, create: { name, description }, update: {} });
  return experiment.id;
}

export async function registerTraining(db: Db, outcome: TrainingOutcome, options: RegistrationOptions): Promise<RegistrationResult> {
  const gate = evaluateGate(outcome.metrics, options.gate);
  const finishedAt = new Date(outcome.startedAt.getTime() + Math.round(outcome.durationMs));
  return db.$transaction(async (tx) => {
    const experimentId = await ensureExperiment(tx, options.experimentName, `${outcome.algorithm} on the Boston-housing training split`);
    const run = await tx.run.create({
      data: {
        experimentId,
        name: options.runName,
        status: "FINISHED",
        algorithm: outcome.algorithm,
        params: toJsonText(outcome.params),
        features: toJsonText(outcome.model.features),
        featureImportance: toJsonText(outcome.featureImportance),
        startedAt: outcome.startedAt,
        finishedAt,
        durationMs: outcome.durationMs,
      },
    });
    await tx.runMetric.createMany({
      data: [
        ...Object.entries(outcome.metrics).map(([key, value]) => ({ runId: run.id, key, value, step: 0 })),
        // One step per hyperparameter candidate, in search order.
        ...outcome.candidates.flatMap((c, step) => [
          { runId: run.id, key: "candidate_alpha", value: c.alpha, step },
          { runId: run.id, key: "candidate_cv_rmse_mean", value: c.cvRmseMean, step },
          { runId: run.id, key: "candidate_cv_rmse_std", value: c.cvRmseStd, step },
        ]),
      ],
    });

    const latest = await tx.modelVersion.findFirst({ where: { name: options.modelName }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    const champion = await tx.modelVersion.findFirst({ where: { name: options.modelName, status: "CHAMPION" }, select: { id: true } });
    const status = !gate.passed ? "REJECTED" : champion ? "CANDIDATE" : "CHAMPION";
    const now = new Date();
    const modelVersion = await tx.modelVersion.create({
      data: {
        name: options.modelName,
        version,
        status,
        aliases: toJsonText(status === "CHAMPION" ? ["champion"] : []),
        algorithm: outcome.algorithm,
        features: toJsonText(outcome.model.features),
        metrics: toJsonText(outcome.metrics),
        artifact: toJsonText(outcome.model),
        referenceStats: toJsonText(outcome.reference),
        gate: toJsonText(gate),
        runId: run.id,
        promotedAt: status === "CHAMPION" ? now : null,
      },
    });
    await tx.modelEvent.create({
      data: { modelVersionId: modelVersion.id, action: "REGISTERED", toStatus: "CANDIDATE", reason: `registered from run ${run.id}` },
    });
    if (status !== "CANDIDATE") {
      await tx.modelEvent.create({
        data: {
          modelVersionId: modelVersion.id,
          action: status === "CHAMPION" ? "PROMOTED" : "REJECTED",
          fromStatus: "CANDIDATE",
          toStatus: status,
          reason:
            status === "CHAMPION"
              ? `passed the quality gate (test_r2 ${gate.value.toFixed(4)} >= ${gate.threshold}) and no champion existed`
              : `failed the quality gate (test_r2 ${gate.value.toFixed(4)} < ${gate.threshold})`,
        },
      });
    }
    return { experimentId, runId: run.id, modelVersionId: modelVersion.id, version, status, gate };
  });
}

/** Records a run that failed before anything could be registered, with its error. */
export async function recordFailedRun(db: Db, options: { experimentName: string; runName: string; algorithm: string; startedAt: Date; error: unknown }): Promise<string> {
  const message = options.error instanceof Error ? options.error.message : String(options.error);
  const experimentId = await ensureExperiment(db, options.experimentName, `${options.algorithm} on the Boston-housing training split`);
  const finishedAt = new Date();
  const run = await db.run.create({
    data: {
      experimentId,
      name: options.runName,
      status: "FAILED",
      algorithm: options.algorithm,
      params: "{}",
      features: "[]",
      error: message,
      startedAt: options.startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - options.startedAt.getTime(),
    },
  });
  return run.id;
}
