/** What every resolver receives: the request's identity, the services and per-request loaders. */
import { type Loaders, createLoaders } from "./modules/loaders.ts";
import type { ApiKeyService, Principal } from "./modules/auth/api-keys.service.ts";
import type { RateLimiter } from "./modules/auth/rate-limiter.ts";
import type { ExperimentsService } from "./modules/experiments/experiments.service.ts";
import type { HealthService } from "./modules/health/health.service.ts";
import type { ModelStore } from "./modules/models/model-store.ts";
import type { ModelsService } from "./modules/models/models.service.ts";
import type { PredictionsService } from "./modules/predictions/predictions.service.ts";
import type { RegistryService } from "./modules/models/registry.service.ts";
import type { TrainingService } from "./modules/training/training.service.ts";
import type { DomusPubSub } from "./pubsub.ts";
import type { PredictionHistoryService } from "./modules/predictions/prediction-history.service.ts";
import type { ServingMetricsService } from "./modules/monitoring/serving-metrics.service.ts";
import type { DomusMetrics } from "./modules/monitoring/metrics.ts";
import type { ErrorLog } from "./modules/monitoring/error-log.ts";
import type { DriftService } from "./modules/drift/drift.service.ts";

export interface Services {
  apiKeys: ApiKeyService;
  rateLimiter: RateLimiter;
  health: HealthService;
  models: ModelsService;
  modelStore: ModelStore;
  experiments: ExperimentsService;
  predictions: PredictionsService;
  registry: RegistryService;
  training: TrainingService;
  predictionHistory: PredictionHistoryService;
  servingMetrics: ServingMetricsService;
  metrics: DomusMetrics;
  errorLog: ErrorLog;
  drift: DriftService;
  pubsub: DomusPubSub;
}

export interface Context {
  requestId: string;
  /** The caller's API key id (null: no valid key). */
  apiKeyId: string | null;
  /** The authenticated caller, or null. */
  principal: Principal | null;
  /** A key was sent (valid or not): distinguishes "missing" from "invalid" in errors. */
  apiKeyPresented: boolean;
  /** The client's address: the rate-limit bucket of requests without a valid key. */
  clientAddress: string;
  /** Takes extra rate-limit tokens for the caller (batches cost one per 100 rows); throws RATE_LIMITED. */
  charge: (cost: number) => void;
  services: Services;
  loaders: Loaders;
  /** Raw values of batch variables that skipped graphql-js coercion (batch-arguments.plugin.ts), by variable name. */
  rawBatchArguments?: Map<string, unknown>;
}

/**
 * A request's context. The DataLoaders are made on first use (a predict request never needs
 * them) by a getter on the prototype: Apollo copies the context's own properties into a fresh
 * object of the same prototype per request, which would call a getter defined on the object.
 */
export interface RequestContext extends Omit<Context, "loaders"> {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the fields the constructor assigns
export class RequestContext implements Context {
  private createdLoaders: Loaders | undefined = undefined;

  constructor(fields: Omit<Context, "loaders">) {
    Object.assign(this, fields);
  }

  get loaders(): Loaders {
    this.createdLoaders ??= createLoaders(this.services);
    return this.createdLoaders;
  }

  set loaders(fresh: Loaders) {
    this.createdLoaders = fresh;
  }
}
