/**
 * Registration of a pipeline's best run: the champion's configuration looked up before training
 * (so the pipeline can refit it on the same folds), then a new ModelVersion (CANDIDATE) promoted
 * to CHAMPION or REJECTED by the quality gate, in one transaction.
 */
import type { ComparedConfiguration, PipelineResult } from "../../../pipeline/experiments.ts";
import { isAlgorithm, type Params } from "../../../pipeline/algorithms.ts";
import type { Db } from "../../db/client.ts";
import { parseJsonText, toJsonText } from "../../db/json.ts";
import { writeTransaction } from "../../db/retry.ts";
import { promoteInTransaction } from "../models/registry.service.ts";
import { artifactSha256 } from "../models/artifact-digest.ts";
import { type ChampionScores, type GateVerdict, type QualityGate, evaluateGate } from "./gate.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The champion when training started: what to refit, or why it cannot be refitted. */
export type ChampionAtStart = ({ version: number; configuration: ComparedConfiguration } | { version: number; error: string }) & {
  /** The dataset version its training run used (null: a given split, or not recorded). */
  dataset?: { id: string; label: string } | null;
};

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
    select: { version: true, algorithm: true, features: true, run: { select: { params: true, datasetVersion: { select: { id: true, name: true, version: true } } } } },
  });
  if (!champion) return null;
  const ds = champion.run?.datasetVersion;
  const dataset = ds ? { id: ds.id, label: `${ds.name}@${ds.version}` } : null;
  if (!isAlgorithm(champion.algorithm)) return { version: champion.version, dataset, error: `its algorithm ${JSON.stringify(champion.algorithm)} is unknown to this release` };
  if (!champion.run) return { version: champion.version, dataset, error: "its training run (its hyperparameters) is no longer recorded" };
  return {
    version: champion.version,
    dataset,
    configuration: { algorithm: champion.algorithm, params: parseJsonText<Params>(champion.run.params, {}), features: parseJsonText<string[]>(champion.features, []) },
  };
}

const sameDataset = (a: { id: string } | null, b: { id: string } | null) => (a?.id ?? null) === (b?.id ?? null);
const describeDataset = (d: { label: string } | null) => (d ? `dataset ${d.label}` : "a given train/test split");

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
  options: {
    modelName: string;
    gate: QualityGate;
    champion: ChampionAtStart | null;
    promote?: boolean;
    /** The dataset version the candidate trained on (null: a given split). */
    dataset?: { id: string; label: string } | null;
  },
): Promise<RegistrationResult> {
  const best = result.best;
  const reference = result.reference(best);
  // Read-then-write: retried from the start when another process commits in between (SQLite).
  return writeTransaction(db, async (tx: Tx) => {
    const current = await tx.modelVersion.findFirst({ where: { name: options.modelName, status: "CHAMPION" }, select: { version: true } });
    let gate: GateVerdict;
    let notCompared = false;
    const candidate = { testR2: best.metrics.test_r2 as number, foldRmse: best.freshFoldRmse };
    if (current && current.version !== options.champion?.version) {
      const before = options.champion ? `v${options.champion.version}` : "none";
      gate = evaluateGate(candidate, options.gate, { version: current.version, error: `the champion changed during training (${before} → v${current.version}); train again to compare with it` });
    } else if (current && options.champion && !sameDataset(options.champion.dataset ?? null, options.dataset ?? null)) {
      // Refitting the champion's configuration on the candidate's rows compares both on the
      // candidate's data, which says nothing about the data the champion serves (a 300-row subset
      // "won" that way). Different data: no comparison, no promotion, and the reason says so.
      gate = {
        ...evaluateGate(candidate, options.gate, null),
        passed: false,
        comparedWithVersion: current.version,
        reason: `not compared with champion v${current.version}: trained on ${describeDataset(options.dataset ?? null)}, the champion on ${describeDataset(options.champion.dataset ?? null)}; registered without promotion (train on the champion's dataset to compare, or promote it by hand)`,
      };
      notCompared = true;
    } else {
      gate = evaluateGate(candidate, options.gate, current && options.champion ? championScores(options.champion, result) : null);
    }
    const latest = await tx.modelVersion.findFirst({ where: { name: options.modelName }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    // With its CV+ calibration when that succeeded (artifact format 2); otherwise the model alone, serving `interval: null`.
    const artifact = "artifactJson" in result.calibration ? result.calibration.artifactJson : best.fit.modelJson;
    const created = await tx.modelVersion.create({
      data: {
        name: options.modelName,
        version,
        status: "CANDIDATE",
        aliases: "[]",
        algorithm: best.algorithm,
        features: toJsonText(best.features),
        metrics: toJsonText(best.metrics),
        artifact,
        artifactSha256: artifactSha256(artifact),
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
    } else if (notCompared) {
      await tx.modelEvent.create({ data: { modelVersionId: created.id, action: "NOT_PROMOTED", fromStatus: "CANDIDATE", toStatus: "CANDIDATE", reason: gate.reason } });
    } else {
      await tx.modelVersion.update({ where: { id: created.id }, data: { status: "REJECTED" } });
      await tx.modelEvent.create({ data: { modelVersionId: created.id, action: "REJECTED", fromStatus: "CANDIDATE", toStatus: "REJECTED", reason: gate.reason } });
    }
    const status: RegistrationResult["status"] = notCompared ? "CANDIDATE" : !gate.passed ? "REJECTED" : promote ? "CHAMPION" : "CANDIDATE";
    return { modelVersionId: created.id, version, status, gate, runId };
  });
}
