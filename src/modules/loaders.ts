/** Per-request DataLoaders: one batched query per kind of lookup per request, no N+1. */
import DataLoader from "dataloader";
import type { Metric } from "./common/metric.type.ts";
import type { Artifact } from "./experiments/artifact.type.ts";
import type { Experiment } from "./experiments/experiment.type.ts";
import type { ExperimentsService } from "./experiments/experiments.service.ts";
import type { Run } from "./experiments/run.type.ts";
import type { ModelVersion } from "./models/model-version.type.ts";
import type { ModelsService } from "./models/models.service.ts";
import type { ServingMetricsService } from "./monitoring/serving-metrics.service.ts";
import type { ServingMetrics } from "./monitoring/serving-metrics.type.ts";
import type { DatasetVersion } from "./datasets/dataset-version.type.ts";
import type { DatasetsService } from "./datasets/datasets.service.ts";

export interface Loaders {
  experimentById: DataLoader<string, Experiment | null>;
  runById: DataLoader<string, Run | null>;
  runsByExperimentId: DataLoader<string, Run[]>;
  metricsByRunId: DataLoader<string, Metric[]>;
  artifactsByRunId: DataLoader<string, Artifact[]>;
  modelVersionByRunId: DataLoader<string, ModelVersion | null>;
  /** servingMetrics by bucket-aligned window ("since|until"): computed once per request and window, however many aliases ask. */
  servingMetrics: DataLoader<string, ServingMetrics>;
  datasetById: DataLoader<string, DatasetVersion | null>;
  runsByDatasetId: DataLoader<string, Run[]>;
}

type LoaderServices = { experiments: ExperimentsService; models: ModelsService; servingMetrics: ServingMetricsService; datasets: DatasetsService };

/** The servingMetrics loader's key for a window. */
export function windowKey(since?: Date | null, until?: Date | null): string {
  return `${since?.toISOString() ?? ""}|${until?.toISOString() ?? ""}`;
}

export function createLoaders(services: LoaderServices): Loaders {
  const { experiments, models, servingMetrics, datasets } = services;
  return {
    experimentById: new DataLoader((ids) => experiments.byIds(ids)),
    runById: new DataLoader((ids) => experiments.runsByIds(ids)),
    runsByExperimentId: new DataLoader((ids) => experiments.runsByExperimentIds(ids)),
    metricsByRunId: new DataLoader((ids) => experiments.metricsByRunIds(ids)),
    artifactsByRunId: new DataLoader((ids) => experiments.artifactsByRunIds(ids)),
    modelVersionByRunId: new DataLoader((ids) => models.byRunIds(ids)),
    servingMetrics: new DataLoader((keys) =>
      Promise.all(
        keys.map((key) => {
          const [since, until] = key.split("|").map((t) => (t ? new Date(t) : null));
          return servingMetrics.compute(since, until).catch((err: Error) => err);
        }),
      ),
    ),
    datasetById: new DataLoader((ids) => datasets.byIds(ids)),
    runsByDatasetId: new DataLoader((ids) => datasets.runsByDatasetIds(ids)),
  };
}

/**
 * Subscriptions keep one context for the whole operation; call this in a subscription's resolver
 * so each event resolves its relations with fresh loaders (no stale cache across events).
 */
export function refreshLoaders(context: { loaders: Loaders; services: LoaderServices }): void {
  context.loaders = createLoaders(context.services);
}
