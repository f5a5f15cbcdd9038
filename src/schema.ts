/** Builds the GraphQL schema from the type-graphql resolvers, and prints it as committed SDL. */
import "reflect-metadata";
import { type GraphQLSchema, isObjectType, printSchema } from "graphql";
import { domusErrorOf } from "./errors.ts";
import { buildSchema, getMetadataStorage } from "type-graphql";
import { ExperimentsResolver, RunResolver } from "./modules/experiments/experiments.resolver.ts";
import { HealthResolver } from "./modules/health/health.resolver.ts";
import { ModelsResolver, RegistryResolver } from "./modules/models/models.resolver.ts";
import { PredictionsResolver } from "./modules/predictions/predictions.resolver.ts";
import { TrainingResolver } from "./modules/training/training.resolver.ts";
import { MonitoringResolver } from "./modules/monitoring/monitoring.resolver.ts";
import { DriftResolver } from "./modules/drift/drift.resolver.ts";
import { ApiKeysResolver } from "./modules/auth/api-keys.resolver.ts";
import { authChecker } from "./modules/auth/access.ts";
import { ChallengersResolver } from "./modules/challengers/challengers.resolver.ts";
import { OutcomesResolver } from "./modules/outcomes/outcomes.resolver.ts";
import { DatasetsResolver, RunDatasetResolver } from "./modules/datasets/datasets.resolver.ts";
import { RetrainingResolver } from "./modules/retraining/retraining.resolver.ts";
import { PredictionIntervalResolver, VersionCoverageResolver } from "./modules/intervals/intervals.resolver.ts";

export const RESOLVERS = [HealthResolver, ModelsResolver, RegistryResolver, ExperimentsResolver, RunResolver, PredictionsResolver, TrainingResolver, MonitoringResolver, DriftResolver, ApiKeysResolver, ChallengersResolver, OutcomesResolver, DatasetsResolver, RunDatasetResolver, RetrainingResolver, PredictionIntervalResolver, VersionCoverageResolver] as const;

export async function buildDomusSchema(): Promise<GraphQLSchema> {
  // Parameter decorators run last-parameter-first, and type-graphql emits arguments in the order
  // they were registered; sort by position so the SDL lists arguments as the methods declare them
  // (predict(input, modelVersion), as the contract writes it). The sort is stable per handler.
  getMetadataStorage().params.sort((a, b) => a.index - b.index);
  // validate: false — inputs are checked by compiled per-field validators, not class-validator.
  // Every @Subscription uses `subscribe` with the pubsub from the request context (one per app,
  // injectable in tests), so type-graphql's global `pubSub` is never used; it only insists that
  // one exists.
  const unusedPubSub = {
    publish() {
      throw new Error("use the context's pubsub (src/pubsub.ts)");
    },
    subscribe(): never {
      throw new Error("use the context's pubsub (src/pubsub.ts)");
    },
  };
  // authChecker: every operation declares its role with @Authorized (src/modules/auth/access.ts).
  const schema = await buildSchema({ resolvers: [...RESOLVERS], validate: false, pubSub: unusedPubSub, authChecker });
  translateResolverErrors(schema);
  // type-graphql has no option for the root types' descriptions; the schema lint requires them.
  for (const [type, description] of [
    [schema.getQueryType(), "Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above."],
    [schema.getMutationType(), "Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN)."],
    [schema.getSubscriptionType(), "Live events over WebSocket (graphql-ws)."],
  ] as const) {
    if (type) type.description = description;
  }
  return schema;
}

/**
 * Every resolver Domus wrote (the root fields and the @FieldResolver methods) throws Domus errors
 * only: a driver error saying the database is unreachable becomes a DatabaseUnavailableError, whose
 * `extensions.http` (503, Retry-After) Apollo answers with by itself. Plain fields keep graphql-js's
 * default resolver (nothing per row of a 10,000-row batch); a type-graphql global middleware would
 * wrap every one of them.
 */
function translateResolverErrors(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  const typeNames = new Map(storage.objectTypes.map((t) => [t.target, t.name]));
  const written = new Set(storage.fieldResolvers.map((r) => `${typeNames.get(r.getObjectType?.() as Function) ?? ""}.${r.schemaName}`));
  const rethrow = (err: unknown): never => {
    throw domusErrorOf(err) ?? err;
  };
  const roots = new Set([schema.getQueryType(), schema.getMutationType()].filter((t) => t !== null && t !== undefined));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve || !(roots.has(type) || written.has(`${type.name}.${field.name}`))) continue;
      field.resolve = (root, args, context, info) => {
        try {
          const out = resolve(root, args, context, info);
          return isPromise(out) ? out.catch(rethrow) : out;
        } catch (err) {
          return rethrow(err);
        }
      };
    }
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | null)?.then === "function";
}

export function printDomusSchema(schema: GraphQLSchema): string {
  return `# Emitted by type-graphql from src/ (npm run schema:emit). Do not edit: a test fails when it drifts.\n\n${printSchema(schema)}\n`;
}
