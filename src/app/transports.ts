/**
 * The composition root, part 3: how requests and events reach the services. The GraphQL schema,
 * the one request pipeline (limits, roles, cost, rate limits) both transports call, Apollo, the
 * HTTP server, the WebSocket endpoint, and the outbox's dispatcher (events every replica acts on).
 */
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { Server } from "node:http";
import type { GraphQLSchema } from "graphql";
import { type Context, RequestContext } from "../context.ts";
import { createErrorFormatter } from "../errors.ts";
import { accessTable } from "../modules/auth/access.ts";
import { RateLimiter } from "../modules/auth/rate-limiter.ts";
import type { EventDispatcher } from "../modules/events/outbox.ts";
import { Topic } from "../pubsub.ts";
import { buildDomusSchema } from "../schema.ts";
import { trustedProxies } from "../server/client-address.ts";
import { compiledExecutor } from "../server/compiled-executor.ts";
import { createHttpServer } from "../server/http.ts";
import { useArgumentFieldPaths, useErrorAccounting, useErrorLogging, usePreparedOperation, useRequestIdInErrors } from "../server/plugins.ts";
import { type Identity, RequestPipeline } from "../server/request-pipeline.ts";
import { type WebSocketEndpoint, attachWebSocket } from "../server/websocket.ts";
import type { Infrastructure } from "./infrastructure.ts";
import type { ServiceGraph } from "./services.ts";

export interface Transports {
  schema: GraphQLSchema;
  /** The request pipeline both transports share (its document cache, its limits). */
  pipeline: RequestPipeline;
  /** Started. */
  apollo: ApolloServer<Context>;
  /** Not listening yet. */
  http: Server;
  websocket: WebSocketEndpoint;
}

let schemaPromise: Promise<GraphQLSchema> | null = null;
/** type-graphql's metadata is global, so one schema serves every app in a process. */
function sharedSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= buildDomusSchema();
  return schemaPromise;
}

export async function createTransports({ config, logger, metrics }: Infrastructure, { services, artifactUrls }: ServiceGraph): Promise<Transports> {
  const schema = await sharedSchema();
  const formatError = createErrorFormatter({ exposeInternal: config.nodeEnv === "development" });
  // One request pipeline for HTTP and WebSocket: limits, roles, cost and rate limits (src/server/request-pipeline.ts).
  const pipeline = new RequestPipeline({
    schema,
    access: accessTable(),
    authenticate: (apiKey) => services.apiKeys.authenticate(apiKey),
    cachedPrincipal: (apiKey) => services.apiKeys.cached(apiKey),
    keyLimiter: new RateLimiter(config.rateLimitPerMinute),
    addressLimiter: new RateLimiter(config.rateLimitAnonymousPerMinute),
    maxTokens: config.maxQueryTokens,
    maxDepth: config.maxQueryDepth,
    maxAliases: config.maxQueryAliases,
    maxFragmentSpreads: config.maxFragmentSpreads,
    maxQueryBytes: config.maxQueryBytes,
    documentCacheBytes: config.documentCacheBytes,
    maxComplexity: config.maxQueryComplexity,
    // A check tests at most DRIFT_SAMPLE_SIZE rows (when reservoirs are kept), however long its window.
    readSizes: { driftWindowSize: config.driftSampleSize > 0 ? Math.min(config.driftWindowSize, config.driftSampleSize) : config.driftWindowSize },
    introspection: config.introspection,
    hideSuggestions: config.nodeEnv === "production",
    onRefusal: (reason, bucket) => metrics.refusals.inc({ reason, bucket }),
  });
  const proxies = trustedProxies(config.trustProxy);
  const apollo = new ApolloServer<Context>({
    // Domus owns SIGTERM/SIGINT (src/commands/local.ts): Apollo's own handler (installed unless
    // NODE_ENV=test) re-raised the signal after apollo.stop() and killed the process mid-drain.
    stopOnTerminationSignals: false,
    // graphql-jit executes (compiled-executor.ts) unless GRAPHQL_JIT=false; the request pipeline prepares the operation either way.
    ...(config.graphqlJit ? { gateway: compiledExecutor(schema, logger) } : { schema }),
    // The pipeline's validation rules enforce the introspection policy on every transport.
    introspection: true,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    // The pipeline's byte-bounded cache serves both transports (usePreparedOperation hands Apollo the prepared document).
    documentStore: null,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Apollo adds cache-control (a willResolveField hook that wraps every field resolver: 100,000
      // wrapped calls for a 10,000-row batch) and inline tracing by default; Domus uses neither.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // The one request pipeline (request-pipeline.ts prepare, as over WebSocket): batch rows are
      // priced raw, then set aside so graphql-js never coerces 10,000 rows (batch-arguments.ts).
      usePreparedOperation(pipeline, formatError),
      useErrorLogging(logger),
      useArgumentFieldPaths(),
      useRequestIdInErrors(),
      useErrorAccounting(services.errorLog),
    ],
  });
  await apollo.start();

  const makeContext = (requestId: string, identity: Identity): Context => new RequestContext(identity, requestId, services);
  const http = createHttpServer({
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
    apollo,
    identify: (apiKey, clientAddress) => pipeline.identify(apiKey, clientAddress),
    checkQuerySize: (query) => pipeline.checkQuerySize(query),
    context: makeContext,
    trustedProxies: proxies,
    artifactSignatureValid: (id, expires, signature) => artifactUrls.verify(id, expires, signature),
    metricsPublic: config.metricsPublic,
    corsOrigins: config.corsOrigins,
    draining: () => services.health.draining,
    requestTimeoutMs: config.requestTimeoutMs,
    playground: config.playground,
    dashboard: config.dashboard,
    readiness: () => services.health.readiness(),
    artifact: (id) => services.experiments.artifact(id),
    metricsText: async () => {
      metrics.championVersion.set(services.modelStore.champion?.version ?? 0);
      return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
    },
    onRequestDone: (route, status, seconds, operation) => {
      metrics.requestDuration.observe({ route, status: String(status) }, seconds);
      services.requestLatency.record(operation ?? route, "HTTP", seconds * 1000, status >= 400);
    },
    onRequestError: (requestId, code) => services.errorLog.record({ requestId, operation: null, code, apiKeyId: null }),
  });

  const websocket = attachWebSocket(http, {
    schema,
    logger,
    pipeline,
    context: makeContext,
    formatError,
    trustedProxies: proxies,
    maxPayloadBytes: config.wsMaxPayloadBytes,
    maxSubscriptions: config.wsMaxSubscriptions,
    maxSubscriptionsPerKey: config.wsMaxSubscriptionsPerKey,
    maxConnectionsPerKey: config.wsMaxConnectionsPerKey,
    maxConnectionsPerAddress: config.wsMaxConnectionsPerAddress,
    idleTimeoutMs: config.wsIdleTimeoutMs,
    onOperationDone: (operation, ms, failed) => services.requestLatency.record(operation, "WS", ms, failed),
  });
  return { schema, pipeline, apollo, http, websocket };
}

/**
 * Outbox events every replica acts on before its subscribers hear of them: a promotion anywhere
 * (the offline CLI included) swaps the serving champion here first, so `modelPromoted`, the
 * `champion` query and predict agree; a revocation anywhere drops the key and closes its sockets.
 */
export function outboxDispatcher({ config, logger, pubsub }: Infrastructure, { services, challengerRouter }: ServiceGraph, websocket: WebSocketEndpoint): EventDispatcher {
  return async (topic, payload) => {
    switch (topic) {
      case Topic.ModelPromoted: {
        const { name, version } = payload as { name: string; version: number };
        if (name === config.modelName) {
          await services.modelStore.refresh();
          await challengerRouter.refresh();
        }
        const promoted = await services.models.get(version, name);
        if (promoted) pubsub.publish(topic, promoted);
        return;
      }
      case Topic.ChallengerChanged:
        await challengerRouter.refresh();
        break;
      case Topic.KeyRevoked: {
        const { keyId } = payload as { keyId: string };
        services.apiKeys.forget(keyId);
        websocket.closeKey(keyId);
        break;
      }
      case Topic.DriftAlert:
        // Not awaited: the policy's trigger starts a job; the outbox reader goes on.
        services.retraining.onDriftAlert(payload as { driftedFeatures: string[]; message: string }).catch((err) => logger.error({ err }, "retraining policy failed on a drift alert"));
        break;
    }
    pubsub.publish(topic, payload);
  };
}
