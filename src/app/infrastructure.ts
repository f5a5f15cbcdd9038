/**
 * The composition root, part 1: what the services stand on. Configuration → logger, the migrated
 * database (and monitoring's own read connection), the cluster (leader election, the Redis bus),
 * the metrics registry, pubsub, the events outbox, and the prediction and shadow writers (their
 * threads and pools start on first use). No domain logic here.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { type LeaderElector, postgresLeader, singleNodeLeader } from "../cluster/leader.ts";
import { type RedisBus, connectRedisBus } from "../cluster/redis.ts";
import { type Config, databaseProvider } from "../config.ts";
import { type Database, openDatabase, openReadDatabase, sqlitePath } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { nullPredictionWriter, openPredictionWriter } from "../db/prediction-writer.ts";
import { type Logger, createLogger } from "../logger.ts";
import { type ShadowWriter, openShadowWriter } from "../modules/challengers/shadow-writer.ts";
import { OUTBOX_TOPICS, OutboxReader } from "../modules/events/outbox.ts";
import { type DomusMetrics, createMetrics } from "../modules/monitoring/metrics.ts";
import { PredictionLog } from "../modules/predictions/prediction-log.ts";
import { type DomusPubSub, Topic, createDomusPubSub } from "../pubsub.ts";

export interface Infrastructure {
  config: Config;
  logger: Logger;
  /** The serving database, migrated. */
  database: Database;
  /** Monitoring reads' own connection (PostgreSQL: a small pool with statement_timeout), never queued on serving's; `database` itself when one was passed in. */
  readDatabase: Database;
  /** This process in the cluster: REPLICA_ID, or host-pid-random. */
  replicaId: string;
  /** One leader runs background work (PostgreSQL advisory lock; a single node always leads). Started. */
  leader: LeaderElector;
  metrics: DomusMetrics;
  /** Carries the high-rate ephemeral events between replicas (REDIS_URL), or null. */
  bus: RedisBus | null;
  pubsub: DomusPubSub;
  /** Events that must not be lost, read from the outbox table. Started (what exists is marked seen); polling starts once the transports exist. */
  outbox: OutboxReader;
  /** The durable prediction log (group commit into the writer thread, or COPY on PostgreSQL). */
  predictionLog: PredictionLog;
  /** Where shadow scores are written; null with PREDICTION_LOG_ENABLED=false. */
  shadowWriter: ShadowWriter | null;
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

export async function createInfrastructure(config: Config, options: { logger?: Logger; database?: Database } = {}): Promise<Infrastructure> {
  const logger = options.logger ?? createLogger(config);
  protectSqliteFiles(config.databaseUrl);
  const applied = await migrate(config.databaseUrl);
  if (applied.length > 0) logger.info({ migrations: applied }, "database migrated");
  const database = options.database ?? openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const readDatabase = options.database ? database : openReadDatabase(config.databaseUrl, database);
  const replicaId = config.replicaId ?? `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;

  // Cluster: one leader for background work; Redis carries events between replicas when set.
  const leader = database.provider === "postgresql" ? postgresLeader(config.databaseUrl, logger, { checkMs: config.leaderCheckMs, replicaId }) : singleNodeLeader();
  await leader.start();
  const metrics = createMetrics();
  const bus = config.redisUrl
    ? await connectRedisBus({
        url: config.redisUrl,
        logger,
        watchedTopics: [Topic.PredictionMade, Topic.ChallengerReportUpdated],
        channelPrefix: config.redisChannelPrefix,
        onLost: (topic) => metrics.eventsLost.inc({ topic }),
      })
    : null;
  // Events that must not be lost (promotions, challenger changes, revocations, drift alerts) come
  // from the outbox table, written with the change by any process; each replica publishes them to
  // its own subscribers (local topics). Redis carries the high-rate ephemeral ones.
  const pubsub = createDomusPubSub({ ...(bus ? { eventTarget: bus.eventTarget, remoteSubscribers: (t: string) => bus.remoteSubscribers(t) } : {}), localTopics: OUTBOX_TOPICS });
  const outbox = new OutboxReader({ db: database.prisma, logger, pollMs: config.eventsPollMs, isLeader: () => leader.isLeader() });
  // Before the services read the state the events describe: what exists now is not replayed.
  await outbox.start();

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
  // Shadow scores are stored off the response path (PREDICTION_LOG_ENABLED=false stores none).
  const shadowWriter = config.predictionLogEnabled ? openShadowWriter(config.databaseUrl) : null;

  return { config, logger, database, readDatabase, replicaId, leader, metrics, bus, pubsub, outbox, predictionLog, shadowWriter };
}

/** Last in the shutdown: leadership, the Redis bus, the read connection, then the database. */
export async function closeInfrastructure({ leader, bus, readDatabase, database }: Infrastructure): Promise<void> {
  await leader.stop();
  await bus?.close();
  if (readDatabase !== database) await readDatabase.close();
  await database.close();
}
