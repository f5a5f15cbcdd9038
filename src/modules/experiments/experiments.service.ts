/** Experiments, runs, their metrics and artifacts: reads for the GraphQL layer and the CLI. */
import type { Db } from "../../db/client.ts";
import { parseJsonText } from "../../db/json.ts";
import { RunStatus } from "../common/enums.ts";
import type { FeatureContribution, Metric, Param } from "../common/metric.type.ts";
import type { Artifact } from "./artifact.type.ts";
import type { ArtifactUrlSigner } from "./artifact-urls.ts";
import type { Experiment } from "./experiment.type.ts";
import type { Run } from "./run.type.ts";

type RunRow = Awaited<ReturnType<Db["run"]["findFirstOrThrow"]>>;
type ExperimentRow = Awaited<ReturnType<Db["experiment"]["findFirstOrThrow"]>>;

export function toExperiment(row: ExperimentRow): Experiment {
  return { id: row.id, name: row.name, description: row.description, createdAt: row.createdAt };
}

export function toRun(row: RunRow): Run {
  const params = parseJsonText<Record<string, unknown>>(row.params, {});
  const importance = parseJsonText<{ feature: string; value: number }[]>(row.featureImportance, []);
  return {
    id: row.id,
    name: row.name,
    status: row.status as RunStatus,
    algorithm: row.algorithm,
    params: Object.entries(params).map(([key, value]): Param => ({ key, value: typeof value === "string" ? value : JSON.stringify(value) })),
    features: parseJsonText<string[]>(row.features, []),
    featureImportance: importance.map((i): FeatureContribution => ({ feature: i.feature, value: 0, contribution: i.value })),
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationMs: row.durationMs,
    error: row.error,
    splitSeed: row.splitSeed,
    codeVersion: row.codeVersion,
    experimentId: row.experimentId,
    datasetVersionId: row.datasetVersionId,
  };
}

/** Larger is better for R²; smaller for error metrics (rmse, mae, mape, …). */
export function higherIsBetter(metric: string): boolean {
  return /(^|_)r2$/.test(metric);
}

export class ExperimentsService {
  constructor(
    private readonly db: Db,
    private readonly urls: ArtifactUrlSigner,
  ) {}

  async list(limit: number): Promise<Experiment[]> {
    return (await this.db.experiment.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit })).map(toExperiment);
  }

  async byIds(ids: readonly string[]): Promise<(Experiment | null)[]> {
    const rows = await this.db.experiment.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, toExperiment(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async runsByIds(ids: readonly string[]): Promise<(Run | null)[]> {
    const rows = await this.db.run.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, toRun(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Top-level runs (search candidates are children of their search run) of each experiment, newest first. */
  async runsByExperimentIds(ids: readonly string[]): Promise<Run[][]> {
    const rows = await this.db.run.findMany({ where: { experimentId: { in: [...ids] }, parentRunId: null }, orderBy: { startedAt: "desc" } });
    const grouped = new Map<string, Run[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.experimentId)?.push(toRun(row));
    return ids.map((id) => grouped.get(id) ?? []);
  }

  async metricsByRunIds(ids: readonly string[]): Promise<Metric[][]> {
    const rows = await this.db.runMetric.findMany({ where: { runId: { in: [...ids] } }, orderBy: [{ key: "asc" }, { step: "asc" }] });
    const grouped = new Map<string, Metric[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.runId)?.push({ key: row.key, value: row.value, step: row.step });
    return ids.map((id) => grouped.get(id) ?? []);
  }

  async artifactsByRunIds(ids: readonly string[]): Promise<Artifact[][]> {
    const rows = await this.db.artifact.findMany({
      where: { runId: { in: [...ids] } },
      select: { id: true, runId: true, name: true, contentType: true },
      orderBy: { name: "asc" },
    });
    const grouped = new Map<string, Artifact[]>(ids.map((id) => [id, []]));
    for (const row of rows) grouped.get(row.runId)?.push({ id: row.id, name: row.name, contentType: row.contentType, url: this.urls.url(row.id) });
    return ids.map((id) => grouped.get(id) ?? []);
  }

  /** The finished top-level run (not a search candidate) of an experiment with the best final (step 0) value of `metric`, or null. */
  async bestRun(experimentId: string, metric: string): Promise<Run | null> {
    const direction = higherIsBetter(metric) ? "desc" : "asc";
    const best = await this.db.runMetric.findFirst({
      where: { key: metric, step: 0, run: { experimentId, parentRunId: null, status: RunStatus.FINISHED } },
      orderBy: [{ value: direction }, { id: "asc" }],
      include: { run: true },
    });
    return best ? toRun(best.run) : null;
  }

  async artifact(id: string): Promise<{ name: string; contentType: string; content: Uint8Array } | null> {
    return this.db.artifact.findUnique({ where: { id }, select: { name: true, contentType: true, content: true } });
  }
}
