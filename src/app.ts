/**
 * The composition root: migrations, database, model store, services, GraphQL schema, Apollo and
 * the HTTP server, wired once. `createApp` is what `domus serve` and the integration tests run.
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import type { Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { runTraining, trainingRequestFromConfig } from "../pipeline/run.ts";
import type { Config } from "./config.ts";
import { type Context, RequestContext, type Services } from "./context.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { nullPredictionWriter, openPredictionWriter } from "./db/prediction-writer.ts";
import { RateLimitedError, createErrorFormatter } from "./errors.ts";
import { ApiKeyService, type Principal } from "./modules/auth/api-keys.service.ts";
import { RateLimiter } from "./modules/auth/rate-limiter.ts";
import { ArtifactUrlSigner } from "./modules/experiments/artifact-urls.ts";
import { type Logger, createLogger } from "./logger.ts";
import { ExperimentsService } from "./modules/experiments/experiments.service.ts";
import { HealthService } from "./modules/health/health.service.ts";
import { ModelStore } from "./modules/models/model-store.ts";
import { ModelsService } from "./modules/models/models.service.ts";
import { RegistryService } from "./modules/models/registry.service.ts";
import { TrainingService } from "./modules/training/training.service.ts";
import { Topic, createDomusPubSub } from "./pubsub.ts";
import { postgresLeader, singleNodeLeader } from "./cluster/leader.ts";
import { connectRedisBus } from "./cluster/redis.ts";
import { ErrorLog } from "./modules/monitoring/error-log.ts";
import { RetentionJob } from "./modules/monitoring/retention.ts";
import { DriftService } from "./modules/drift/drift.service.ts";
import { createMetrics } from "./modules/monitoring/metrics.ts";
import { ServingMetricsService } from "./modules/monitoring/serving-metrics.service.ts";
import { PredictionHistoryService } from "./modules/predictions/prediction-history.service.ts";
import { PredictionLog } from "./modules/predictions/prediction-log.ts";
import { PredictionsService } from "./modules/predictions/predictions.service.ts";
import { useBatchArguments } from "./modules/predictions/batch-arguments.plugin.ts";
import { buildDomusSchema } from "./schema.ts";
import { createHttpServer } from "./server/http.ts";
import { type WebSocketEndpoint, attachWebSocket } from "./server/websocket.ts";
import {
  depthLimitRule,
  useAccessControl,
  useArgumentFieldPaths,
  useErrorAccounting,
  useErrorLogging,
  useHttpStatus,
  useRequestIdInErrors,
} from "./server/plugins.ts";

export interface DomusApp {
  config: Config;
  logger: Logger;
  database: Database;
  services: Services;
  predictionLog: PredictionLog;
  schema: GraphQLSchema;
  http: Server;
  websocket: WebSocketEndpoint;
  retention: RetentionJob;
  /** Listens on config.port/host; resolves with the base URL (http://host:port). */
  listen(): Promise<string>;
  /** Stops accepting requests, finishes in-flight ones, flushes the prediction log, closes the database. */
  stop(): Promise<void>;
}

let schemaPromise: Promise<GraphQLSchema> | null = null;
/** type-graphql's metadata is global, so one schema serves every app in a process. */
function sharedSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= buildDomusSchema();
  return schemaPromise;
}

/** Runs `handle` for every event of a subscription until it is returned. */
function consume<T>(events: AsyncIterableIterator<T>, handle: (event: T) => unknown): AsyncIterableIterator<T> {
  void (async () => {
    for await (const event of events) await handle(event);
  })();
  return events;
}

/** First start without any key: print the new admin key once and keep it in a 0600 file. */
function writeFirstAdminKey(path: string, secret: string, logger: Logger): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  logger.warn({ file: path }, "no API keys existed: created an ADMIN key (printed once on stderr, kept in the file)");
  process.stderr.write(`\nDomus admin API key (shown once, also in ${path} with mode 0600):\n\n  ${secret}\n\nSend it as X-API-Key. Create keys for clients with createApiKey or \`domus keys create\`.\n\n`);
}

export async function createApp(config: Config, options: { logger?: Logger; database?: Database } = {}): Promise<DomusApp> {
  const logger = options.logger ?? createLogger(config);
  const applied = await migrate(config.databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
  const database = options.database ?? openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const db = database.prisma;
  const replicaId = config.replicaId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;

  // Cluster: one leader for background work; Redis carries events between replicas when set.
  const leader = database.provider === "postgresql" ? postgresLeader(config.databaseUrl, logger, { checkMs: config.leaderCheckMs, replicaId }) : singleNodeLeader();
  await leader.start();
  const bus = config.redisUrl ? await connectRedisBus(config.redisUrl, logger, [Topic.PredictionMade]) : null;
  const pubsub = createDomusPubSub(bus ? { eventTarget: bus.eventTarget, remoteSubscribers: (t) => bus.remoteSubscribers(t) } : {});

  const apiKeys = new ApiKeyService(db, logger, { cacheTtlMs: config.apiKeyCacheTtlMs, lastUsedFlushMs: 60_000 }, pubsub);
  const bootstrap = await apiKeys.bootstrap(config.adminApiKey);
  if (bootstrap.created) writeFirstAdminKey(config.adminKeyFile, bootstrap.created.secret, logger);

  const modelStore = new ModelStore(db, config.modelName, logger);
  await modelStore.refresh();
  if (!modelStore.champion && config.trainOnStart) {
    if (leader.isLeader()) {
      logger.info("no champion model: training the quick default set first (npm run train runs the full search)");
      await runTraining(db, trainingRequestFromConfig(config, "quick", true), logger);
      await modelStore.refresh();
    } else {
      logger.info("no champion model yet: the leader replica trains it; serving starts when it appears");
    }
  }
  modelStore.startPolling(config.championRefreshMs);

  const metrics = createMetrics();
  if (!config.predictionLogEnabled) logger.warn("PREDICTION_LOG_ENABLED=false: predictions are NOT stored (benchmarking only)");
  const writer = config.predictionLogEnabled
    ? openPredictionWriter(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous, sqliteWalAutocheckpoint: config.sqliteWalAutocheckpoint })
    : nullPredictionWriter();
  const predictionLog = new PredictionLog(writer, {
    maxRows: config.predictionLogMaxRows,
    maxWaitMs: config.predictionLogMaxWaitMs,
    onCommit: (rows) => {
      metrics.predictionLogFlushes.inc();
      metrics.predictionLogRows.inc(rows);
    },
  });
  const rateLimiter = new RateLimiter(config.rateLimitPerMinute);
  // Requests without a valid key (health, failed logins) are limited per client address.
  const anonymousLimiter = new RateLimiter(config.rateLimitAnonymousPerMinute);
  const artifactUrls = new ArtifactUrlSigner(config.artifactSigningSecret, config.artifactUrlTtlSeconds);
  const models = new ModelsService(db, config.modelName);
  const services: Services = {
    apiKeys,
    rateLimiter,
    health: new HealthService(database, modelStore, { timeoutMs: 1000, replicaId, isLeader: () => leader.isLeader() }),
    models,
    modelStore,
    experiments: new ExperimentsService(db, artifactUrls),
    predictions: new PredictionsService(modelStore, predictionLog, { maxBatchSize: config.maxBatchSize }, pubsub, metrics, (rows) => services.drift.notePredictions(rows)),
    predictionHistory: new PredictionHistoryService(db),
    servingMetrics: new ServingMetricsService(db),
    metrics,
    errorLog: new ErrorLog(db, metrics, logger),
    drift: new DriftService(db, modelStore, pubsub, metrics, logger, {
      checkEvery: config.driftCheckEvery,
      minIntervalMs: config.driftCheckMinIntervalMs,
      windowSize: config.driftWindowSize,
      minRows: config.driftMinRows,
      shareThreshold: config.driftShareThreshold,
      features: config.driftFeatures,
    }, () => leader.isLeader()),
    registry: new RegistryService(db, modelStore, pubsub, logger, models),
    training: new TrainingService(db, modelStore, pubsub, logger, () => trainingRequestFromConfig(config, "full", true), models, replicaId),
    pubsub,
  };

  const retention = new RetentionJob(db, logger, { retentionDays: config.predictionRetentionDays, intervalMs: config.pruneIntervalMs }, undefined, () => leader.isLeader());
  retention.start();
  services.drift.startSchedule();
  const interrupted = await services.training.failInterruptedJobs();
  if (interrupted > 0) logger.warn({ jobs: interrupted }, "marked training jobs interrupted by the last shutdown as FAILED");
  const schema = await sharedSchema();
  const formatError = createErrorFormatter({ exposeInternal: config.nodeEnv === "development" });
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: [depthLimitRule(config.maxQueryDepth)],
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Apollo adds cache-control (a willResolveField hook that wraps every field resolver: 100,000
      // wrapped calls for a 10,000-row batch) and inline tracing by default; Domus uses neither.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Before useAccessControl: it must see the placeholders, not 10,000 rows to coerce.
      useBatchArguments(),
      useAccessControl({ rateLimiter, anonymousLimiter, schema, maxComplexity: config.maxQueryComplexity }),
      useErrorLogging(logger),
      useArgumentFieldPaths(),
      useRequestIdInErrors(),
      useErrorAccounting(services.errorLog),
      useHttpStatus(),
    ],
  });
  await apollo.start();

  const makeContext = (requestId: string, principal: Principal | null, apiKeyPresented = principal !== null, clientAddress = "websocket"): Context =>
    new RequestContext({
      requestId,
      clientAddress,
      apiKeyId: principal?.keyId ?? null,
      principal,
      apiKeyPresented,
      services,
      charge: (cost) => {
        if (!principal || cost <= 0) return;
        const decision = rateLimiter.take(principal.keyId, cost);
        if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, rateLimiter.perMinute);
      },
    });
  const http = createHttpServer({
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
    apollo,
    context: async (requestId, apiKey, clientAddress) => makeContext(requestId, await apiKeys.authenticate(apiKey), apiKey !== null, clientAddress),
    canRead: async (apiKey) => (await apiKeys.authenticate(apiKey)) !== null,
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
      metrics.championVersion.set(modelStore.champion?.version ?? 0);
      return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
    },
    onRequestDone: (route, status, seconds) => metrics.requestDuration.observe({ route, status: String(status) }, seconds),
    onRequestError: (requestId, code) => services.errorLog.record({ requestId, operation: null, code, apiKeyId: null }),
  });

  const websocket = attachWebSocket(http, {
    schema,
    logger,
    context: (requestId, principal) => makeContext(requestId, principal),
    authenticate: (apiKey) => apiKeys.authenticate(apiKey),
    formatError,
    maxPayloadBytes: config.wsMaxPayloadBytes,
    maxSubscriptions: config.wsMaxSubscriptions,
    idleTimeoutMs: config.wsIdleTimeoutMs,
  });
  // Events every replica acts on: a promotion anywhere swaps the champion here too (polling is the
  // fallback), a revocation anywhere drops the key and closes its sockets here too.
  const internal = [
    consume(pubsub.subscribe<unknown>(Topic.ModelPromoted), () => modelStore.refresh().catch((err) => logger.warn({ err }, "champion refresh after promotion failed"))),
    consume(pubsub.subscribe<{ keyId: string }>(Topic.KeyRevoked), (e) => {
      apiKeys.forget(e.keyId);
      websocket.closeKey(e.keyId);
    }),
  ];

  let stopping: Promise<void> | null = null;
  return {
    config,
    logger,
    database,
    services,
    predictionLog,
    schema,
    http,
    websocket,
    retention,
    listen() {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(config.port, config.host, () => {
          http.off("error", reject);
          const { port } = http.address() as AddressInfo;
          const host = config.host.includes(":") ? `[${config.host}]` : config.host;
          resolve(`http://${host}:${port}`);
        });
      });
    },
    stop() {
      stopping ??= (async () => {
        services.health.draining = true;
        modelStore.stopPolling();
        services.drift.stopSchedule();
        for (const iterator of internal) await iterator.return?.();
        await retention.stop();
        await websocket.close();
        await new Promise<void>((resolve) => {
          if (!http.listening) return resolve();
          http.close(() => resolve());
          http.closeIdleConnections();
        });
        await apollo.stop();
        await services.training.idle();
        await services.drift.idle();
        await predictionLog.close();
        await services.errorLog.flush();
        await apiKeys.close();
        await leader.stop();
        await bus?.close();
        await database.close();
      })();
      return stopping;
    },
  };
}
