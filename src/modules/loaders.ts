/** Per-request DataLoaders: one batched query per kind of lookup per request, no N+1. */
import DataLoader from "dataloader";
import type { Metric } from "./common/metric.type.ts";
import type { Artifact } from "./experiments/artifact.type.ts";
import type { Experiment } from "./experiments/experiment.type.ts";
import type { ExperimentsService } from "./experiments/experiments.service.ts";
import type { Run } from "./experiments/run.type.ts";
import type { ModelVersion } from "./models/model-version.type.ts";
import type { ModelsService } from "./models/models.service.ts";

export interface Loaders {
  experimentById: DataLoader<string, Experiment | null>;
  runById: DataLoader<string, Run | null>;
  runsByExperimentId: DataLoader<string, Run[]>;
  metricsByRunId: DataLoader<string, Metric[]>;
  artifactsByRunId: DataLoader<string, Artifact[]>;
  modelVersionByRunId: DataLoader<string, ModelVersion | null>;
}

export function createLoaders(services: { experiments: ExperimentsService; models: ModelsService }): Loaders {
  const { experiments, models } = services;
  return {
    experimentById: new DataLoader((ids) => experiments.byIds(ids)),
    runById: new DataLoader((ids) => experiments.runsByIds(ids)),
    runsByExperimentId: new DataLoader((ids) => experiments.runsByExperimentIds(ids)),
    metricsByRunId: new DataLoader((ids) => experiments.metricsByRunIds(ids)),
    artifactsByRunId: new DataLoader((ids) => experiments.artifactsByRunIds(ids)),
    modelVersionByRunId: new DataLoader((ids) => models.byRunIds(ids)),
  };
}

/**
 * Subscriptions keep one context for the whole operation; call this in a subscription's resolver
 * so each event resolves its relations with fresh loaders (no stale cache across events).
 */
export function refreshLoaders(context: { loaders: Loaders; services: { experiments: ExperimentsService; models: ModelsService } }): void {
  context.loaders = createLoaders(context.services);
}
