/**
 * The composition root: migrations, database, model store, services, GraphQL schema, Apollo and
 * the HTTP server, wired once. `createApp` is what `domus serve` and the integration tests run.
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import type { AddressInfo } from "node:net";
import { dirname, resolve } from "node:path";
import type { Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import { BUNDLED_DATA_PATH, CODE_VERSION } from "./paths.ts";
import { DatasetsService } from "./modules/datasets/datasets.service.ts";
import { RetrainingService } from "./modules/retraining/retraining.service.ts";
import { type Config, databaseProvider } from "./config.ts";
import { type Context, RequestContext, type Services } from "./context.ts";
import { type Database, openDatabase, openReadDatabase, sqlitePath } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { nullPredictionWriter, openPredictionWriter } from "./db/prediction-writer.ts";
import { createErrorFormatter } from "./errors.ts";
import { accessTable } from "./modules/auth/access.ts";
import { ApiKeyService } from "./modules/auth/api-keys.service.ts";
import { RateLimiter } from "./modules/auth/rate-limiter.ts";
import { ArtifactUrlSigner } from "./modules/experiments/artifact-urls.ts";
import { type Logger, createLogger } from "./logger.ts";
import { ExperimentsService } from "./modules/experiments/experiments.service.ts";
import { HealthService } from "./modules/health/health.service.ts";
import { ModelStore } from "./modules/models/model-store.ts";
import { IntervalsService } from "./modules/intervals/intervals.service.ts";
import { VALIDATION_LEVELS } from "../models/conformal.ts";
import { ModelsService } from "./modules/models/models.service.ts";
import { RegistryService } from "./modules/models/registry.service.ts";
import { type TrainingJobRequest, trainAndRegister, trainingRequestFromConfig } from "./modules/training/train-and-register.ts";
import { TrainingService } from "./modules/training/training.service.ts";
import { Topic, createDomusPubSub } from "./pubsub.ts";
import { postgresLeader, singleNodeLeader } from "./cluster/leader.ts";
import { connectRedisBus } from "./cluster/redis.ts";
import { ErrorLog } from "./modules/monitoring/error-log.ts";
import { RetentionJob } from "./modules/monitoring/retention.ts";
import { type EventDispatcher, type EventsOutbox, OUTBOX_TOPICS, OutboxReader } from "./modules/events/outbox.ts";
import { DriftService } from "./modules/drift/drift.service.ts";
import { createMetrics } from "./modules/monitoring/metrics.ts";
import { ServingMetricsService } from "./modules/monitoring/serving-metrics.service.ts";
import { PredictionHistoryService } from "./modules/predictions/prediction-history.service.ts";
import { PredictionLog } from "./modules/predictions/prediction-log.ts";
import { PredictionsService } from "./modules/predictions/predictions.service.ts";
import { buildDomusSchema } from "./schema.ts";
import { ChallengerRouter } from "./modules/challengers/challenger-router.ts";
import { ChallengerMode } from "./modules/challengers/challenger.type.ts";
import { ChallengersService } from "./modules/challengers/challengers.service.ts";
import { PerformanceService } from "./modules/challengers/performance.service.ts";
import { ShadowLog } from "./modules/challengers/shadow-log.ts";
import { openShadowWriter } from "./modules/challengers/shadow-writer.ts";
import { OutcomesService } from "./modules/outcomes/outcomes.service.ts";
import { compiledExecutor } from "./server/compiled-executor.ts";
import { createHttpServer } from "./server/http.ts";
import { RequestLatencyLog } from "./modules/monitoring/request-latency.ts";
import { type WebSocketEndpoint, attachWebSocket } from "./server/websocket.ts";
import { trustedProxies } from "./server/client-address.ts";
import { type Identity, RequestPipeline } from "./server/request-pipeline.ts";
import {
  useArgumentFieldPaths,
  useErrorAccounting,
  useErrorLogging,
  useHttpStatus,
  useRequestIdInErrors,
  usePreparedOperation,
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
  /** The request pipeline both transports share (its document cache, its limits). */
  pipeline: RequestPipeline;
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

/** First start without any key: print the new admin key once and keep it in a 0600 file named after the database (config.adminKeyFile). */
function writeFirstAdminKey(path: string, secret: string, logger: Logger): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  logger.warn({ file: path }, "no API keys existed: created an ADMIN key (printed once on stderr, kept in the file)");
  process.stderr.write(
    `\nDomus admin API key (shown once, also in ${path} with mode 0600; the file is named after the database, and \`domus\` client commands run with the same DATABASE_URL read it):\n\n  ${secret}\n\nSend it as X-API-Key. Create keys for clients with createApiKey or \`domus keys create\`.\n\n`,
  );
}

/**
 * SQLite keeps keys' hashes, predictions and models in plain files: only the owner may read them.
 * The database file is created 0600 before SQLite opens it (SQLite gives its -wal and -shm files
 * the database file's mode), and an existing one is tightened.
 */
function protectSqliteFiles(databaseUrl: string): void {
  if (databaseProvider(databaseUrl) !== "sqlite") return;
  const path = sqlitePath(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

export async function createApp(config: Config, options: { logger?: Logger; database?: Database } = {}): Promise<DomusApp> {
  const logger = options.logger ?? createLogger(config);
  protectSqliteFiles(config.databaseUrl);
  const applied = await migrate(config.databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
  const database = options.database ?? openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const db = database.prisma;
  // Monitoring reads on their own connection (PostgreSQL: a small pool with statement_timeout), never queued on serving's.
  const readDatabase = options.database ? database : openReadDatabase(config.databaseUrl, database);
  const readDb = readDatabase.prisma;
  const replicaId = config.replicaId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;

  // Cluster: one leader for background work; Redis carries events between replicas when set.
  const leader = database.provider === "postgresql" ? postgresLeader(config.databaseUrl, logger, { checkMs: config.leaderCheckMs, replicaId }) : singleNodeLeader();
  await leader.start();
  const metrics = createMetrics();
  const bus = config.redisUrl
    ? await connectRedisBus(config.redisUrl, logger, [Topic.PredictionMade, Topic.ChallengerReportUpdated], config.redisChannelPrefix, (topic) => metrics.eventsLost.inc({ topic }))
    : null;
  // Events that must not be lost (promotions, challenger changes, revocations, drift alerts) come
  // from the outbox table, written with the change by any process; each replica publishes them to
  // its own subscribers (local topics). Redis carries the high-rate ephemeral ones.
  const pubsub = createDomusPubSub({ ...(bus ? { eventTarget: bus.eventTarget, remoteSubscribers: (t: string) => bus.remoteSubscribers(t) } : {}), localTopics: OUTBOX_TOPICS });
  let dispatch: EventDispatcher = async () => undefined;
  const outbox = new OutboxReader(db, (topic, payload) => dispatch(topic, payload), logger, { pollMs: config.eventsPollMs, isLeader: () => leader.isLeader() });
  await outbox.start();
  const events: EventsOutbox = outbox;

  const apiKeys = new ApiKeyService(db, logger, { cacheTtlMs: config.apiKeyCacheTtlMs, lastUsedFlushMs: config.apiKeyLastUsedFlushMs }, events);
  const bootstrap = await apiKeys.bootstrap(config.adminApiKey);
  if (bootstrap.created) writeFirstAdminKey(config.adminKeyFile, bootstrap.created.secret, logger);

  // The configured training file is a dataset version (a changed file becomes a new version), so
  // every run records the exact rows it trained on.
  const datasets = new DatasetsService(db, { path: config.dataPath, bundled: config.dataPath === BUNDLED_DATA_PATH });
  const withLineage = (request: TrainingJobRequest): TrainingJobRequest => ({ ...request, codeVersion: CODE_VERSION });
  const modelStore = new ModelStore(db, config.modelName, logger, (version) => metrics.artifactIntegrityFailures.inc({ version: String(version) }));
  await modelStore.refresh();
  // Serving does not need the training file: with a champion in the database, a missing or broken
  // DATA_PATH is a warning and a health detail, not a fatal start-up error.
  const startupWarnings: string[] = [];
  let startDataset: Awaited<ReturnType<DatasetsService["ensureFile"]>> | null = null;
  try {
    startDataset = await datasets.ensureFile(config.dataPath, config.dataPath === BUNDLED_DATA_PATH);
    if (startDataset.created) logger.info({ dataset: `${startDataset.dataset.name}@${startDataset.dataset.version}`, rows: startDataset.dataset.rows, hash: startDataset.dataset.contentHash }, "dataset version registered");
  } catch (err) {
    if (!modelStore.champion) throw err;
    const warning = `DATA_PATH ${config.dataPath} is unusable (${(err as Error).message.split("\n")[0]}): champion version ${modelStore.champion.version} serves; training from DATA_PATH fails until the file is fixed`;
    logger.warn({ dataPath: config.dataPath, err: (err as Error).message }, "DATA_PATH is unusable: serving the champion from the database anyway");
    startupWarnings.push(warning);
  }
  if (!modelStore.champion && config.trainOnStart && startDataset) {
    if (leader.isLeader()) {
      logger.info("no champion model: training the quick default set first (npm run train runs the full search)");
      const { data } = await datasets.load(startDataset.dataset.id);
      await trainAndRegister(db, { ...withLineage(trainingRequestFromConfig(config, "quick", true)), dataset: { id: startDataset.dataset.id, data } }, logger);
      await modelStore.refresh();
    } else {
      logger.info("no champion model yet: the leader replica trains it; serving starts when it appears");
    }
  }
  modelStore.startPolling(config.championRefreshMs);

  if (!config.predictionLogEnabled) logger.warn("PREDICTION_LOG_ENABLED=false: predictions are NOT stored (benchmarking only)");
  const writer = config.predictionLogEnabled
    ? openPredictionWriter(config.databaseUrl, {
        sqliteSynchronous: config.sqliteSynchronous,
        sqliteWalAutocheckpoint: config.sqliteWalAutocheckpoint,
        driftSample: { size: config.driftSampleSize, windowMs: config.driftSampleWindowMs },
      })
    : nullPredictionWriter();
  const predictionLog = new PredictionLog(writer, {
    maxRows: config.predictionLogMaxRows,
    maxWaitMs: config.predictionLogMaxWaitMs,
    onCommit: (rows) => {
      metrics.predictionLogFlushes.inc();
      metrics.predictionLogRows.inc(rows);
    },
  });
  const artifactUrls = new ArtifactUrlSigner(config.artifactSigningSecret, config.artifactUrlTtlSeconds);
  const models = new ModelsService(db, config.modelName);
  // Challengers: shadow scores are stored off the response path; reports follow traffic and outcomes.
  const shadowLog = config.predictionLogEnabled
    ? new ShadowLog(openShadowWriter(config.databaseUrl), logger, {
        flushMs: config.shadowFlushMs,
        maxRows: config.shadowMaxRows,
        maxBuffered: config.shadowMaxBuffered,
        onCommit: (rows) => {
          metrics.shadowPredictions.inc({ result: "stored" }, rows);
          services.challengers.touch();
        },
        onDrop: (rows) => metrics.shadowPredictions.inc({ result: "dropped" }, rows),
      })
    : null;
  const challengerRouter = new ChallengerRouter(db, config.modelName, logger, shadowLog, () => services.challengers.touch());
  await challengerRouter.refresh();
  challengerRouter.startPolling(config.championRefreshMs);
  const performance = new PerformanceService(readDb, config.modelName);
  metrics.sources.liveRmse = () => performance.liveRmse();
  const intervals = new IntervalsService(db, modelStore);
  metrics.sources.liveCoverage = () => performance.liveCoverageByVersion((name, version, window) => intervals.liveCoverage(name, version, window, VALIDATION_LEVELS));
  const challengers = new ChallengersService(db, challengerRouter, models, performance, pubsub, events, logger, {
    minTestR2: config.qualityGateMinR2,
    minPairedOutcomes: config.challengerMinPairedOutcomes,
    significance: config.challengerSignificance,
    reportThrottleMs: config.challengerReportThrottleMs,
  });
  const training = new TrainingService(db, events, pubsub, logger, () => withLineage(trainingRequestFromConfig(config, "full", true)), replicaId, datasets, config.trainingHeartbeatStaleMs);
  // The retraining loop: drift alerts and live RMSE (from outcomes) start one job on the leader;
  // a result that passes the gate becomes the SHADOW challenger, never the champion.
  const retraining = new RetrainingService(
    db,
    training,
    datasets,
    logger,
    () => leader.isLeader(),
    { modelName: config.modelName, checkIntervalMs: config.retrainingCheckIntervalMs },
    {
      liveRmse: async () => {
        const champion = modelStore.champion;
        if (!champion) return null;
        const live = (await performance.performance(null, null)).find((p) => p.modelVersion === champion.version);
        return live && live.rmse !== null && live.rmse !== undefined && live.outcomes > 0 ? { version: champion.version, rmse: live.rmse, outcomes: live.outcomes } : null;
      },
      liveCoverage: async () => {
        const champion = modelStore.champion;
        if (!champion?.calibration) return null;
        return { version: champion.version, coverage: await intervals.liveCoverage(config.modelName, champion.version, performance.window(null, null), VALIDATION_LEVELS) };
      },
      datasetWithOutcomes: (baseId) => datasets.withOutcomes(baseId).then((r) => r?.dataset.id ?? null),
      onCandidate: async (version) => {
        await challengers.set(version, ChallengerMode.SHADOW, 0, null, null);
      },
    },
  );
  const services: Services = {
    apiKeys,
    health: new HealthService(database, modelStore, { timeoutMs: config.healthDatabaseTimeoutMs, replicaId, isLeader: () => leader.isLeader(), warnings: startupWarnings, writerStalledMs: () => predictionLog.stalledMs(), writerStallBoundMs: config.readyWriterStallMs }),
    models,
    modelStore,
    experiments: new ExperimentsService(db, artifactUrls),
    predictions: new PredictionsService(modelStore, predictionLog, { maxBatchSize: config.maxBatchSize }, pubsub, metrics, (rows) => services.drift.notePredictions(rows), challengerRouter),
    predictionHistory: new PredictionHistoryService(readDb),
    servingMetrics: new ServingMetricsService(readDb),
    metrics,
    errorLog: new ErrorLog(db, metrics, logger, { flushMs: config.errorLogFlushMs, maxRows: 500 }),
    requestLatency: new RequestLatencyLog(db, replicaId, logger, { flushMs: config.requestLatencyFlushMs }),
    drift: new DriftService(db, modelStore, events, metrics, logger, {
      checkEvery: config.driftCheckEvery,
      minIntervalMs: config.driftCheckMinIntervalMs,
      windowSize: config.driftWindowSize,
      sampleSize: config.driftSampleSize,
      sampleWindowMs: config.driftSampleWindowMs,
      minRows: config.driftMinRows,
      shareThreshold: config.driftShareThreshold,
      features: config.driftFeatures,
    }, () => leader.isLeader()),
    registry: new RegistryService(db, modelStore, events, logger, models, challengers),
    training,
    challengers,
    performance,
    intervals,
    outcomes: new OutcomesService(db, { maxBatchSize: config.maxBatchSize, maxActual: config.outcomeMaxMedv, rangeMargin: config.outcomeRangeMargin }, () => challengers.touch()),
    datasets,
    retraining,
    pubsub,
  };

  const retention = new RetentionJob(db, logger, { retentionDays: config.predictionRetentionDays, intervalMs: config.pruneIntervalMs, rollupRetentionDays: config.rollupRetentionDays, rollupIntervalMs: config.rollupPruneIntervalMs }, undefined, () => leader.isLeader());
  retention.start();
  services.drift.startSchedule();
  services.retraining.startSchedule();
  services.training.onInterrupted((job) => retraining.jobInterrupted(job));
  services.training.startSweeper(() => leader.isLeader());
  const interrupted = await services.training.failInterruptedJobs();
  if (interrupted > 0) logger.warn({ jobs: interrupted }, "marked training jobs interrupted by the last shutdown as FAILED");
  const schema = await sharedSchema();
  const formatError = createErrorFormatter({ exposeInternal: config.nodeEnv === "development" });
  // One request pipeline for HTTP and WebSocket: limits, roles, cost and rate limits (src/server/request-pipeline.ts).
  const pipeline = new RequestPipeline({
    schema,
    access: accessTable(),
    authenticate: (apiKey) => apiKeys.authenticate(apiKey),
    cachedPrincipal: (apiKey) => apiKeys.cached(apiKey),
    keyLimiter: new RateLimiter(config.rateLimitPerMinute),
    addressLimiter: new RateLimiter(config.rateLimitAnonymousPerMinute),
    maxTokens: config.maxQueryTokens,
    maxDepth: config.maxQueryDepth,
    maxAliases: config.maxQueryAliases,
    maxFragmentSpreads: config.maxFragmentSpreads,
    maxQueryBytes: config.maxQueryBytes,
    documentCacheBytes: config.documentCacheBytes,
    maxComplexity: config.maxQueryComplexity,
    // A check tests at most DRIFT_SAMPLE_SIZE rows, however long its window.
    readSizes: { driftWindowSize: Math.min(config.driftWindowSize, config.driftSampleSize) },
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
      useHttpStatus(),
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
      metrics.championVersion.set(modelStore.champion?.version ?? 0);
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
  // Outbox events every replica acts on before its subscribers hear of them: a promotion anywhere
  // (the offline CLI included) swaps the serving champion here first, so `modelPromoted`, the
  // `champion` query and predict agree; a revocation anywhere drops the key and closes its sockets.
  dispatch = async (topic, payload) => {
    switch (topic) {
      case Topic.ModelPromoted: {
        const { name, version } = payload as { name: string; version: number };
        if (name === config.modelName) {
          await modelStore.refresh();
          await challengerRouter.refresh();
        }
        const promoted = await models.get(version, name);
        if (promoted) pubsub.publish(topic, promoted);
        return;
      }
      case Topic.ChallengerChanged:
        await challengerRouter.refresh();
        break;
      case Topic.KeyRevoked: {
        const { keyId } = payload as { keyId: string };
        apiKeys.forget(keyId);
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
  outbox.startPolling();

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
    pipeline,
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
        challengerRouter.stopPolling();
        challengers.stop();
        void services.drift.stopSchedule();
        void services.retraining.stopSchedule();
        await outbox.stop();
        await retention.stop();
        await websocket.close();
        await new Promise<void>((resolve) => {
          if (!http.listening) return resolve();
          http.close(() => resolve());
          http.closeIdleConnections();
        });
        await apollo.stop();
        await services.retraining.idle();
        await services.training.stopSweeper();
        await services.training.idle();
        await services.drift.idle();
        await predictionLog.close();
        await shadowLog?.close();
        await services.errorLog.flush();
        await services.requestLatency.flush();
        await apiKeys.close();
        await leader.stop();
        await bus?.close();
        if (readDatabase !== database) await readDatabase.close();
        await database.close();
      })();
      return stopping;
    },
  };
}
