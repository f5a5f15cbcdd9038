/**
 * Records a pipeline in the database as it runs: an Experiment per experiment, a Run per run
 * (RUNNING when it starts; FINISHED with params, metrics, importances, candidate child runs and
 * SVG artifacts in one transaction when it ends; FAILED with its error if the pipeline dies),
 * and finally the best run's ModelVersion behind the quality gate.
 */
import { TabularModel } from "../models/tabular-model.ts";
import type { Db } from "../src/db/client.ts";
import { parseJsonText, toJsonText } from "../src/db/json.ts";
import { promoteInTransaction } from "../src/modules/models/registry.service.ts";
import { FEATURE_SPECS } from "./dataset.ts";
import type { PipelineHooks, PipelineResult, RunResult } from "./experiments.ts";
import { rmse } from "./metrics.ts";

export interface QualityGate {
  /** Minimum test R². */
  minTestR2: number;
  /** The candidate's test RMSE may exceed the champion's (on the same test rows) by at most this fraction. */
  rmseTolerance: number;
}

export interface GateVerdict {
  passed: boolean;
  testR2: number;
  minTestR2: number;
  testRmse: number;
  /** The current champion's RMSE on the same test rows (null: there is no champion). */
  championVersion: number | null;
  championTestRmse: number | null;
  maxTestRmse: number | null;
  reason: string;
}

export interface RunLineage {
  datasetVersionId: string | null;
  splitSeed: number | null;
  codeVersion: string | null;
}

export interface RegistrationResult {
  modelVersionId: string;
  version: number;
  /** CANDIDATE: passed the gate but registered with `promote: false` (the retraining loop's results). */
  status: "CHAMPION" | "CANDIDATE" | "REJECTED";
  gate: GateVerdict;
  runId: string;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Champion RMSE on the candidate's test rows, features matched by name. */
function championRmse(artifact: string, testRows: number[][], testY: number[]): number {
  const model = TabularModel.load(parseJsonText<unknown>(artifact, null));
  const index = new Map<string, number>(FEATURE_SPECS.map((s, i) => [s.name, i]));
  const columns = model.features.map((f) => {
    const c = index.get(f);
    if (c === undefined) throw new Error(`the champion uses an unknown feature ${f}`);
    return c;
  });
  return rmse(testY, model.predict(testRows.map((r) => columns.map((c) => r[c] as number))));
}

export function evaluateGate(run: RunResult, gate: QualityGate, champion: { version: number; testRmse: number } | null): GateVerdict {
  const testR2 = run.metrics.test_r2 as number;
  const testRmse = run.metrics.test_rmse as number;
  const maxTestRmse = champion ? champion.testRmse * (1 + gate.rmseTolerance) : null;
  const reasons: string[] = [];
  if (!(testR2 >= gate.minTestR2)) reasons.push(`test R² ${testR2.toFixed(4)} < ${gate.minTestR2}`);
  if (maxTestRmse !== null && !(testRmse <= maxTestRmse)) {
    reasons.push(`test RMSE ${testRmse.toFixed(4)} is worse than champion v${champion?.version}'s ${champion?.testRmse.toFixed(4)} on the same test rows`);
  }
  const passed = reasons.length === 0;
  return {
    passed,
    testR2,
    minTestR2: gate.minTestR2,
    testRmse,
    championVersion: champion?.version ?? null,
    championTestRmse: champion?.testRmse ?? null,
    maxTestRmse,
    reason: passed
      ? `test R² ${testR2.toFixed(4)} >= ${gate.minTestR2}${champion ? ` and test RMSE ${testRmse.toFixed(4)} <= ${maxTestRmse?.toFixed(4)} (champion v${champion.version})` : ", no champion yet"}`
      : reasons.join("; "),
  };
}

export class TrainingRecorder {
  private readonly runIds = new Map<string, string>();
  private readonly experimentIds = new Map<string, Promise<string>>();

  constructor(
    private readonly db: Db,
    private readonly runPrefix: string,
    /** Recorded on every run: the dataset version, split seed and code version it trained on. */
    private readonly lineage: RunLineage = { datasetVersionId: null, splitSeed: null, codeVersion: null },
  ) {}

  private key(experiment: string, name: string): string {
    return `${experiment}/${name}`;
  }

  /** The first Experiment created or found by this recorder (the TrainingJob points at it). */
  firstExperimentId(): Promise<string> | null {
    return this.experimentIds.values().next().value ?? null;
  }

  runId(experiment: string, name: string): string | undefined {
    return this.runIds.get(this.key(experiment, name));
  }

  private experiment(name: string, description: string): Promise<string> {
    let id = this.experimentIds.get(name);
    if (!id) {
      id = this.db.experiment.upsert({ where: { name }, create: { name, description }, update: { description }, select: { id: true } }).then((e) => e.id);
      this.experimentIds.set(name, id);
    }
    return id;
  }

  readonly hooks: Required<Pick<PipelineHooks, "onRunStart" | "onRunEnd">> = {
    onRunStart: async ({ experiment, experimentDescription, name, algorithm, startedAt }) => {
      const experimentId = await this.experiment(experiment, experimentDescription);
      const run = await this.db.run.create({
        data: { experimentId, name: `${this.runPrefix}${name}`, status: "RUNNING", algorithm, params: "{}", features: "[]", startedAt, ...this.lineage },
        select: { id: true },
      });
      this.runIds.set(this.key(experiment, name), run.id);
    },
    onRunEnd: async (result) => {
      const runId = this.runIds.get(this.key(result.experiment, result.name));
      if (!runId) throw new Error(`run ${result.name} ended without having started`);
      const experimentId = await this.experiment(result.experiment, result.experimentDescription);
      await this.db.$transaction(async (tx) => {
        await tx.run.update({
          where: { id: runId },
          data: {
            status: "FINISHED",
            params: toJsonText(result.params),
            features: toJsonText(result.features),
            featureImportance: toJsonText(result.featureImportance),
            finishedAt: new Date(result.startedAt.getTime() + Math.round(result.durationMs)),
            durationMs: result.durationMs,
          },
        });
        const metrics = Object.entries(result.metrics).map(([key, value]) => ({ runId, key, value, step: 0 }));
        for (const c of result.candidates) {
          metrics.push({ runId, key: "candidate_cv_rmse_mean", value: c.cvRmseMean, step: c.index }, { runId, key: "candidate_cv_rmse_std", value: c.cvRmseStd, step: c.index });
        }
        await tx.runMetric.createMany({ data: metrics });
        for (const c of result.candidates) {
          const child = await tx.run.create({
            data: {
              experimentId,
              parentRunId: runId,
              name: `${this.runPrefix}${result.name}#${c.index}`,
              status: "FINISHED",
              algorithm: result.algorithm,
              params: toJsonText(c.params),
              features: toJsonText(result.features),
              startedAt: result.startedAt,
              durationMs: c.durationMs,
              finishedAt: result.startedAt,
              ...this.lineage,
            },
            select: { id: true },
          });
          await tx.runMetric.createMany({
            data: [
              { runId: child.id, key: "cv_rmse_mean", value: c.cvRmseMean, step: 0 },
              { runId: child.id, key: "cv_rmse_std", value: c.cvRmseStd, step: 0 },
              ...c.foldRmse.map((value, fold) => ({ runId: child.id, key: "cv_rmse_fold", value, step: fold })),
            ],
          });
        }
        for (const a of result.artifacts) {
          const content = Buffer.from(a.content, "utf8");
          await tx.artifact.create({ data: { runId, name: a.name, contentType: a.contentType, content, size: content.byteLength } });
        }
      });
    },
  };

  /** Marks every run still RUNNING as FAILED with the error (the pipeline died). */
  async failOpenRuns(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const ids = [...this.runIds.values()];
    if (ids.length === 0) return;
    const now = new Date();
    await this.db.run.updateMany({ where: { id: { in: ids }, status: "RUNNING" }, data: { status: "FAILED", error: message, finishedAt: now } });
  }

  /**
   * Registers the best run as a new version of `modelName` (CANDIDATE), then applies the gate in
   * the same transaction: promoted to CHAMPION (archiving the previous one) or REJECTED with the
   * reason stored.
   */
  async register(result: PipelineResult, options: { modelName: string; gate: QualityGate; promote?: boolean }): Promise<RegistrationResult> {
    const best = result.best;
    const runId = this.runIds.get(this.key(best.experiment, best.name));
    if (!runId) throw new Error(`the best run ${best.name} was not recorded`);
    const reference = result.reference(best);
    return this.db.$transaction(async (tx: Tx) => {
      const champion = await tx.modelVersion.findFirst({ where: { name: options.modelName, status: "CHAMPION" }, select: { version: true, artifact: true } });
      const gate = evaluateGate(best, options.gate, champion ? { version: champion.version, testRmse: championRmse(champion.artifact, result.testRows, result.testY) } : null);
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
          artifact: best.fit.modelJson,
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
}
