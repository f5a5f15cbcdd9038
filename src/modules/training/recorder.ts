/**
 * Records a pipeline in the database as it runs: an Experiment per experiment, a Run per run
 * (RUNNING when it starts; FINISHED with params, metrics, importances, candidate child runs and
 * SVG artifacts in one transaction when it ends; FAILED with its error if the pipeline dies).
 * Registration of the best run is registration.ts.
 */
import type { PipelineHooks } from "../../../pipeline/experiments.ts";
import type { Db } from "../../db/client.ts";
import { toJsonText } from "../../db/json.ts";

export interface RunLineage {
  datasetVersionId: string | null;
  splitSeed: number | null;
  codeVersion: string | null;
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
            finishedAt: result.finishedAt,
            durationMs: result.durationMs,
          },
        });
        const metrics = Object.entries(result.metrics).map(([key, value]) => ({ runId, key, value, step: 0 }));
        result.foldRmse.forEach((value, fold) => {
          metrics.push({ runId, key: "cv_rmse_fold", value, step: fold });
        });
        result.freshFoldRmse.forEach((value, fold) => {
          metrics.push({ runId, key: "cv_rmse_fresh_fold", value, step: fold });
        });
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
}
