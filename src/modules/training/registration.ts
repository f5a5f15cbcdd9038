/**
 * Registration of a pipeline's best run: the champion's configuration looked up before training
 * (so the pipeline can refit it on the same folds), then a new ModelVersion (CANDIDATE) promoted
 * to CHAMPION or REJECTED by the quality gate, in one transaction.
 */
import type { ComparedConfiguration, PipelineResult } from "../../../pipeline/experiments.ts";
import { isAlgorithm, type Params } from "../../../pipeline/algorithms.ts";
import type { Db } from "../../db/client.ts";
import { parseJsonText, toJsonText } from "../../db/json.ts";
import { promoteInTransaction } from "../models/registry.service.ts";
import { type ChampionScores, type GateVerdict, type QualityGate, evaluateGate } from "./gate.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The champion when training started: what to refit, or why it cannot be refitted. */
export type ChampionAtStart = { version: number; configuration: ComparedConfiguration } | { version: number; error: string };

export interface RegistrationResult {
  modelVersionId: string;
  version: number;
  /** CANDIDATE: passed the gate but registered with `promote: false` (the retraining loop's results). */
  status: "CHAMPION" | "CANDIDATE" | "REJECTED";
  gate: GateVerdict;
  runId: string;
}

/** The current champion's algorithm, hyperparameters (from its training run) and features. */
export async function championAtStart(db: Db, modelName: string): Promise<ChampionAtStart | null> {
  const champion = await db.modelVersion.findFirst({
    where: { name: modelName, status: "CHAMPION" },
    select: { version: true, algorithm: true, features: true, run: { select: { params: true } } },
  });
  if (!champion) return null;
  if (!isAlgorithm(champion.algorithm)) return { version: champion.version, error: `its algorithm ${JSON.stringify(champion.algorithm)} is unknown to this release` };
  if (!champion.run) return { version: champion.version, error: "its training run (its hyperparameters) is no longer recorded" };
  return {
    version: champion.version,
    configuration: { algorithm: champion.algorithm, params: parseJsonText<Params>(champion.run.params, {}), features: parseJsonText<string[]>(champion.features, []) },
  };
}

/** The champion's side of the gate from the pipeline's refit. */
function championScores(champion: ChampionAtStart, result: PipelineResult): ChampionScores {
  if ("error" in champion) return champion;
  const comparison = result.comparison;
  if (!comparison) return { version: champion.version, error: "the pipeline did not refit it" };
  if ("error" in comparison) return { version: champion.version, error: `refitting it failed: ${comparison.error}` };
  return { version: champion.version, foldRmse: comparison.freshFoldRmse };
}

/**
 * Registers the best run as a new version of `modelName` (CANDIDATE), then applies the gate in
 * the same transaction: promoted to CHAMPION (archiving the previous one) or REJECTED with the
 * verdict stored. `champion` is what championAtStart returned before the pipeline ran.
 */
export async function registerBestRun(
  db: Db,
  result: PipelineResult,
  runId: string,
  options: { modelName: string; gate: QualityGate; champion: ChampionAtStart | null; promote?: boolean },
): Promise<RegistrationResult> {
  const best = result.best;
  const reference = result.reference(best);
  return db.$transaction(async (tx: Tx) => {
    const current = await tx.modelVersion.findFirst({ where: { name: options.modelName, status: "CHAMPION" }, select: { version: true } });
    let gate: GateVerdict;
    const candidate = { testR2: best.metrics.test_r2 as number, foldRmse: best.freshFoldRmse };
    if (current && current.version !== options.champion?.version) {
      const before = options.champion ? `v${options.champion.version}` : "none";
      gate = evaluateGate(candidate, options.gate, { version: current.version, error: `the champion changed during training (${before} → v${current.version}); train again to compare with it` });
    } else {
      gate = evaluateGate(candidate, options.gate, current && options.champion ? championScores(options.champion, result) : null);
    }
    const latest = await tx.modelVersion.findFirst({ where: { name: options.modelName }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    const created = await tx.modelVersion.create({
      data: {
        name: options.modelName,
        version,
        status: "CANDIDATE",
        aliases: "[]",
        algorithm: best.algorithm,
        features: toJsonText(best.features),
        metrics: toJsonText(best.metrics),
        // With its CV+ calibration when that succeeded (artifact format 2); otherwise the model alone, serving `interval: null`.
        artifact: "artifactJson" in result.calibration ? result.calibration.artifactJson : best.fit.modelJson,
        calibration: "summary" in result.calibration ? toJsonText(result.calibration.summary) : null,
        referenceStats: toJsonText(reference),
        gate: toJsonText(gate),
        runId,
      },
      select: { id: true, name: true, status: true },
    });
    await tx.modelEvent.create({ data: { modelVersionId: created.id, action: "REGISTERED", toStatus: "CANDIDATE", reason: `best CV RMSE (${best.cvRmseMean.toFixed(4)}) of run ${best.name}` } });
    const promote = options.promote ?? true;
    if (gate.passed && promote) {
      await promoteInTransaction(tx, created, { action: "PROMOTED", reason: `quality gate passed: ${gate.reason}` });
    } else if (gate.passed) {
      await tx.modelEvent.create({ data: { modelVersionId: created.id, action: "GATE_PASSED", fromStatus: "CANDIDATE", toStatus: "CANDIDATE", reason: `quality gate passed, kept as a candidate (never promoted automatically): ${gate.reason}` } });
    } else {
      await tx.modelVersion.update({ where: { id: created.id }, data: { status: "REJECTED" } });
      await tx.modelEvent.create({ data: { modelVersionId: created.id, action: "REJECTED", fromStatus: "CANDIDATE", toStatus: "REJECTED", reason: gate.reason } });
    }
    const status: RegistrationResult["status"] = !gate.passed ? "REJECTED" : promote ? "CHAMPION" : "CANDIDATE";
    return { modelVersionId: created.id, version, status, gate, runId };
  });
}
