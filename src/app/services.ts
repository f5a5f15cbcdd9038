/**
 * The composition root, part 2: the model store and every service, built from the
 * infrastructure in dependency order (each one after what it uses), so no closure reaches an
 * object that does not exist yet. The one cycle — the challenger report changes with traffic the
 * router sees, and the service publishing it needs the router — goes through a Signal.
 * Start-up reads happen here (the champion, the training file, the challenger); schedules start
 * in src/app.ts once everything is built.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { VALIDATION_LEVELS } from "../../models/conformal.ts";
import type { Logger } from "../logger.ts";
import { ApiKeyService } from "../modules/auth/api-keys.service.ts";
import { ChallengerRouter } from "../modules/challengers/challenger-router.ts";
import { ChallengerMode } from "../modules/challengers/challenger.type.ts";
import { ChallengersService } from "../modules/challengers/challengers.service.ts";
import { PerformanceService } from "../modules/challengers/performance.service.ts";
import { ShadowLog } from "../modules/challengers/shadow-log.ts";
import { Signal } from "../modules/common/signal.ts";
import { DatasetsService } from "../modules/datasets/datasets.service.ts";
import { DriftService } from "../modules/drift/drift.service.ts";
import { ArtifactUrlSigner } from "../modules/experiments/artifact-urls.ts";
import { ExperimentsService } from "../modules/experiments/experiments.service.ts";
import { HealthService } from "../modules/health/health.service.ts";
import { IntervalsService } from "../modules/intervals/intervals.service.ts";
import { ModelStore } from "../modules/models/model-store.ts";
import { ModelsService } from "../modules/models/models.service.ts";
import { RegistryService } from "../modules/models/registry.service.ts";
import { ErrorLog } from "../modules/monitoring/error-log.ts";
import { RequestLatencyLog } from "../modules/monitoring/request-latency.ts";
import { RetentionJob } from "../modules/monitoring/retention.ts";
import { ServingMetricsService } from "../modules/monitoring/serving-metrics.service.ts";
import { OutcomesService } from "../modules/outcomes/outcomes.service.ts";
import { PredictionHistoryService } from "../modules/predictions/prediction-history.service.ts";
import { PredictionsService } from "../modules/predictions/predictions.service.ts";
import { RetrainingService } from "../modules/retraining/retraining.service.ts";
import { type TrainingJobRequest, trainAndRegister, trainingRequestFromConfig } from "../modules/training/train-and-register.ts";
import { TrainingService } from "../modules/training/training.service.ts";
import { BUNDLED_DATA_PATH, CODE_VERSION } from "../paths.ts";
import type { Infrastructure } from "./infrastructure.ts";

/**
 * What createServices builds: `services` (the request context's: its type is `Services`, derived
 * from the object below, so a new service is added in this file only) and what only the
 * composition root holds: `challengerRouter` (re-read on ChallengerChanged), `shadowLog` (shadow
 * scores waiting to be written; null with PREDICTION_LOG_ENABLED=false), `artifactUrls` (signs and
 * verifies artifact download URLs) and `retention` (prunes old predictions and rollups, leader
 * only; not started).
 */
export type ServiceGraph = Awaited<ReturnType<typeof createServices>>;

/** The services resolvers reach through the request context. */
export type Services = ServiceGraph["services"];

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

const withLineage = (request: TrainingJobRequest): TrainingJobRequest => ({ ...request, codeVersion: CODE_VERSION });

/**
 * The configured training file is a dataset version (a changed file becomes a new version), so
 * every run records the exact rows it trained on. Serving does not need it: with a champion in the
 * database, a missing or broken DATA_PATH is a warning and a health detail, not a fatal start-up
 * error. Without a champion, the leader trains the quick default set first (TRAIN_ON_START).
 * Returns the start-up warnings.
 */
async function registerTrainingFile({ config, logger, database, leader }: Infrastructure, datasets: DatasetsService, modelStore: ModelStore): Promise<string[]> {
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
      await trainAndRegister(database.prisma, { ...withLineage(trainingRequestFromConfig(config, "quick", true)), dataset: { id: startDataset.dataset.id, data } }, logger);
      await modelStore.refresh();
    } else {
      logger.info("no champion model yet: the leader replica trains it; serving starts when it appears");
    }
  }
  return startupWarnings;
}

export async function createServices(infrastructure: Infrastructure) {
  const { config, logger, database, readDatabase, replicaId, leader, metrics, pubsub, outbox: events, predictionLog, shadowWriter } = infrastructure;
  const db = database.prisma;
  const readDb = readDatabase.prisma;
  const modelName = config.modelName;
  const isLeader = () => leader.isLeader();

  const apiKeys = new ApiKeyService({ db, logger, cacheTtlMs: config.apiKeyCacheTtlMs, lastUsedFlushMs: config.apiKeyLastUsedFlushMs, events });
  const bootstrap = await apiKeys.bootstrap(config.adminApiKey);
  if (bootstrap.created) writeFirstAdminKey(config.adminKeyFile, bootstrap.created.secret, logger);

  // The champion, then the training file (which may train the first champion).
  const datasets = new DatasetsService(db, { path: config.dataPath, bundled: config.dataPath === BUNDLED_DATA_PATH });
  const modelStore = new ModelStore({ db, modelName, logger, onIntegrityFailure: (version) => metrics.artifactIntegrityFailures.inc({ version: String(version) }) });
  await modelStore.refresh();
  const startupWarnings = await registerTrainingFile(infrastructure, datasets, modelStore);

  const models = new ModelsService(db, modelName);
  // Challengers. The report may change with challenger traffic (the router sees it) and stored
  // shadow scores; the service that publishes it needs the router, so both notify `reportActivity`,
  // which the service listens to once it exists.
  const reportActivity = new Signal();
  const shadowLog = shadowWriter
    ? new ShadowLog(shadowWriter, logger, {
        flushMs: config.shadowFlushMs,
        maxRows: config.shadowMaxRows,
        maxBuffered: config.shadowMaxBuffered,
        onCommit: (rows) => {
          metrics.shadowPredictions.inc({ result: "stored" }, rows);
          reportActivity.notify();
        },
        onDrop: (rows) => metrics.shadowPredictions.inc({ result: "dropped" }, rows),
      })
    : null;
  const challengerRouter = new ChallengerRouter({ db, modelName, logger, shadowLog, onActivity: () => reportActivity.notify() });
  await challengerRouter.refresh();
  const performance = new PerformanceService(readDb, modelName);
  const intervals = new IntervalsService(db, modelStore);
  metrics.sources.liveRmse = () => performance.liveRmse();
  metrics.sources.liveCoverage = () => performance.liveCoverageByVersion((name, version, window) => intervals.liveCoverage(name, version, window, VALIDATION_LEVELS));
  const challengers = new ChallengersService({
    db,
    router: challengerRouter,
    models,
    performance,
    pubsub,
    events,
    logger,
    minTestR2: config.qualityGateMinR2,
    minPairedOutcomes: config.challengerMinPairedOutcomes,
    significance: config.challengerSignificance,
    reportThrottleMs: config.challengerReportThrottleMs,
  });
  reportActivity.listen(() => challengers.touch());

  // Training, and the retraining loop: drift alerts and live RMSE (from outcomes) start one job on
  // the leader; a result that passes the gate becomes the SHADOW challenger, never the champion.
  const training = new TrainingService({
    db,
    events,
    pubsub,
    logger,
    baseRequest: () => withLineage(trainingRequestFromConfig(config, "full", true)),
    replicaId,
    datasets,
    staleMs: config.trainingHeartbeatStaleMs,
  });
  const retraining = new RetrainingService({
    db,
    training,
    datasets,
    logger,
    isLeader,
    modelName,
    checkIntervalMs: config.retrainingCheckIntervalMs,
    hooks: {
      liveRmse: async () => {
        const champion = modelStore.champion;
        if (!champion) return null;
        const live = (await performance.performance(null, null)).find((p) => p.modelVersion === champion.version);
        return live && live.rmse !== null && live.rmse !== undefined && live.outcomes > 0 ? { version: champion.version, rmse: live.rmse, outcomes: live.outcomes } : null;
      },
      liveCoverage: async () => {
        const champion = modelStore.champion;
        if (!champion?.calibration) return null;
        return { version: champion.version, coverage: await intervals.liveCoverage(modelName, champion.version, performance.window(null, null), VALIDATION_LEVELS) };
      },
      datasetWithOutcomes: (baseId) => datasets.withOutcomes(baseId).then((r) => r?.dataset.id ?? null),
      onCandidate: async (version) => {
        await challengers.set(version, ChallengerMode.SHADOW, 0, null, null);
      },
    },
  });
  // A job failed as interrupted gives the retraining policy its cooldown back.
  training.onInterrupted((job) => retraining.jobInterrupted(job));

  // Serving: drift counts the predictions the prediction service commits.
  const drift = new DriftService({
    db,
    store: modelStore,
    events,
    metrics,
    logger,
    isLeader,
    checkEvery: config.driftCheckEvery,
    minIntervalMs: config.driftCheckMinIntervalMs,
    windowSize: config.driftWindowSize,
    sampleSize: config.driftSampleSize,
    sampleWindowMs: config.driftSampleWindowMs,
    minRows: config.driftMinRows,
    shareThreshold: config.driftShareThreshold,
    features: config.driftFeatures,
  });
  const predictions = new PredictionsService({
    models: modelStore,
    log: predictionLog,
    maxBatchSize: config.maxBatchSize,
    pubsub,
    metrics,
    onCommitted: (rows) => drift.notePredictions(rows),
    challengers: challengerRouter,
  });

  const artifactUrls = new ArtifactUrlSigner(config.artifactSigningSecret, config.artifactUrlTtlSeconds);
  const services = {
    apiKeys,
    health: new HealthService(database, modelStore, {
      timeoutMs: config.healthDatabaseTimeoutMs,
      replicaId,
      isLeader,
      warnings: startupWarnings,
      writerStalledMs: () => predictionLog.stalledMs(),
      writerStallBoundMs: config.readyWriterStallMs,
    }),
    models,
    modelStore,
    experiments: new ExperimentsService(db, artifactUrls),
    predictions,
    predictionHistory: new PredictionHistoryService(readDb),
    servingMetrics: new ServingMetricsService(readDb),
    metrics,
    errorLog: new ErrorLog({ db, metrics, logger, flushMs: config.errorLogFlushMs, maxRows: config.errorLogMaxRows }),
    requestLatency: new RequestLatencyLog({ db, replicaId, logger, flushMs: config.requestLatencyFlushMs }),
    drift,
    registry: new RegistryService({ db, store: modelStore, events, logger, reads: models, hook: challengers }),
    training,
    challengers,
    performance,
    intervals,
    outcomes: new OutcomesService(db, { maxBatchSize: config.maxBatchSize, maxActual: config.outcomeMaxMedv, rangeMargin: config.outcomeRangeMargin, coverage: intervals }, () => challengers.touch()),
    datasets,
    retraining,
    pubsub,
  };

  const retention = new RetentionJob({
    db,
    logger,
    retentionDays: config.predictionRetentionDays,
    intervalMs: config.pruneIntervalMs,
    rollupRetentionDays: config.rollupRetentionDays,
    rollupIntervalMs: config.rollupPruneIntervalMs,
    isLeader,
  });
  return { services, challengerRouter, shadowLog, artifactUrls, retention };
}
