/**
 * The one typed configuration of Domus, read and validated once from the environment.
 * Nothing else reads process.env. Every option, its default and meaning is listed here and in
 * the docs/configuration.md table.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { DEFAULT_DRIFT_SAMPLE_SIZE, DEFAULT_DRIFT_SAMPLE_WINDOW_MS } from "./db/drift-sample.ts";
import { DRIFT_METHODS, type DriftMethod, isDriftMethod } from "./modules/drift/methods.ts";
import { BUNDLED_DATA_PATH, PACKAGE_ROOT } from "./paths.ts";
import { trustedProxies } from "./server/client-address.ts";
import { readUserConfig } from "./user-config.ts";
export type NodeEnv = "development" | "production" | "test";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
export type LogFormat = "json" | "pretty";

export interface Config {
  /** PORT: HTTP port (0 = any free port). Default 4000. */
  port: number;
  /** HOST: interface to bind. Default 127.0.0.1 (the container sets 0.0.0.0). */
  host: string;
  /** DATABASE_URL: `file:<path>` for embedded SQLite (default file:./data/domus.db) or postgres(ql)://… */
  databaseUrl: string;
  /** LOG_LEVEL: pino level. Default info (silent under NODE_ENV=test). */
  logLevel: LogLevel;
  /** LOG_FORMAT: json (one JSON object per line) or pretty (readable lines). Default pretty when stdout is a terminal, json otherwise. */
  logFormat: LogFormat;
  /** NODE_ENV: development | production | test. Default development. */
  nodeEnv: NodeEnv;
  /** MODEL_NAME: registry name of the model Domus trains and serves. Default boston-housing. */
  modelName: string;
  /** DATA_PATH: training CSV. Default the bundled data/HousingData.csv. */
  dataPath: string;
  /** TRAIN_SEED: seed of the split, the folds and every search. Default 42. */
  trainSeed: number;
  /** QUALITY_GATE_MIN_R2: a new version can become champion only with test R² at least this. Default 0.75. */
  qualityGateMinR2: number;
  /** QUALITY_GATE_RMSE_TOLERANCE: …and mean CV RMSE at most (1 + this) × the champion's, refitted on the same folds. Default 0. */
  qualityGateRmseTolerance: number;
  /** TRAIN_SEARCH_ITERATIONS: candidates per random search. Default 50. */
  trainSearchIterations: number;
  /** TRAIN_CV_FOLDS: folds of the cross-validation on the training split. Default 5. */
  trainCvFolds: number;
  /** TRAIN_WORKERS: worker threads for training; default all cores for `domus train`, all but one inside the server. */
  trainWorkers: number | null;
  /** TRAIN_ON_START: train when `domus serve` finds no champion. Default true. */
  trainOnStart: boolean;
  /**
   * TRAIN_LOW_PRIORITY: training inside the server runs in child processes at the lowest CPU
   * priority (nice 19), so serving keeps the cores. Turn off where other normal-priority work
   * shares the machine and would starve training (a shared CI host). Default true.
   */
  trainLowPriority: boolean;
  /** CHAMPION_REFRESH_MS: how often a server re-reads the champion from the database (other processes may promote). Default 5000. */
  championRefreshMs: number;
  /** EVENTS_POLL_MS: how often a server reads the outbox (events written by any process: promotions, challenger changes, revocations, drift alerts); 0 = only after its own writes. Default 500. */
  eventsPollMs: number;
  /** PREDICTION_LOG_ENABLED: store every prediction (durable log). Turn off only to benchmark its cost. Default true. */
  predictionLogEnabled: boolean;
  /** PREDICTION_LOG_MAX_ROWS: group commit flushes once this many predictions wait. Default 256. */
  predictionLogMaxRows: number;
  /** PREDICTION_LOG_MAX_WAIT_MS: …or once the oldest waiting prediction is this old; 0 = at the end of the current event-loop turn. Default 0. */
  predictionLogMaxWaitMs: number;
  /** SQLITE_SYNCHRONOUS: NORMAL (acknowledged predictions survive a process crash) or FULL (also power loss; slower). Default NORMAL. */
  sqliteSynchronous: "NORMAL" | "FULL";
  /** SQLITE_WAL_AUTOCHECKPOINT: WAL pages between automatic checkpoints of the prediction log. Default 20000. */
  sqliteWalAutocheckpoint: number;
  /** MAX_BATCH_SIZE: most inputs one batchPredict may carry. Default 10000. */
  maxBatchSize: number;
  /** GRAPHQL_JIT: execute HTTP operations with graphql-jit compiled per document (src/server/compiled-executor.ts); false: graphql-js. Default true. */
  graphqlJit: boolean;
  /** BODY_LIMIT_BYTES: largest accepted HTTP request body. Default 8 MiB. */
  bodyLimitBytes: number;
  /** ADMIN_API_KEY: ensure an ADMIN key with this secret exists (bootstrap, automation). Default unset. */
  adminApiKey: string | null;
  /**
   * ADMIN_KEY_FILE: where the admin key created on a first start without keys is written (mode 0600).
   * Default: named after the database (adminKeyFileFor), e.g. data/domus.db.admin.key next to the SQLite file.
   */
  adminKeyFile: string;
  /**
   * DOMUS_USER_CONFIG: the per-user config `domus serve` writes on start (its URL and the absolute
   * path of its admin key file) and client commands read from any directory; "off" = neither.
   * Default $XDG_CONFIG_HOME/domus/config.json, else ~/.config/domus/config.json.
   */
  userConfigFile: string | null;
  /** API_KEY_CACHE_TTL_MS: how long a key lookup is cached; bounds how late another replica sees a revocation. Default 5000. */
  apiKeyCacheTtlMs: number;
  /** RATE_LIMIT_PER_MINUTE: token-bucket size and refill per key per minute; an operation takes its cost, points + prediction rows (docs/security.md "Limits and costs"; 0 = off). Default 600000. */
  rateLimitPerMinute: number;
  /** RATE_LIMIT_ANONYMOUS_PER_MINUTE: the same per client address for requests without a valid key, failed key checks included (0 = off). Default 600. */
  rateLimitAnonymousPerMinute: number;
  /** TRUST_PROXY: comma-separated IPs/CIDRs of proxies whose X-Forwarded-For names the client (e.g. 10.0.0.0/8). Default none: the socket's peer is the client. */
  trustProxy: string[];
  /** MAX_QUERY_DEPTH: deepest selection nesting accepted. Default 10. */
  maxQueryDepth: number;
  /** MAX_QUERY_COMPLEXITY: most points one operation may cost (docs/security.md "Limits and costs"; 0 = off). Default 2000. */
  maxQueryComplexity: number;
  /** MAX_QUERY_TOKENS: a document with more tokens is refused while parsing (send batch inputs as variables). Default 5000. */
  maxQueryTokens: number;
  /** MAX_QUERY_ALIASES: most aliased fields in one document. Default 15. */
  maxQueryAliases: number;
  /** MAX_FRAGMENT_SPREADS: most fragment spreads (`...Name`) written in one document. Default 50. */
  maxFragmentSpreads: number;
  /** MAX_QUERY_BYTES: longest query text accepted, checked before parsing (comments count: they cost no parser tokens). Default 65536. */
  maxQueryBytes: number;
  /** DOCUMENT_CACHE_BYTES: parsed, validated documents kept (HTTP and WebSocket together), by their source text and tokens. Default 8 MiB. */
  documentCacheBytes: number;
  /** CORS_ORIGINS: comma-separated origins allowed to call from a browser ("*" = any, then without credentials). Default none. */
  corsOrigins: string[];
  /** REQUEST_TIMEOUT_MS: a request must be received and answered within this. Default 30000. */
  requestTimeoutMs: number;
  /** WS_MAX_SUBSCRIPTIONS: concurrent operations per WebSocket connection. Default 20. */
  wsMaxSubscriptions: number;
  /** WS_MAX_SUBSCRIPTIONS_PER_KEY: concurrent operations per API key over all its connections. Default 100. */
  wsMaxSubscriptionsPerKey: number;
  /** WS_MAX_CONNECTIONS_PER_KEY: open WebSocket connections per API key. Default 20. */
  wsMaxConnectionsPerKey: number;
  /** WS_MAX_CONNECTIONS_PER_ADDRESS: open WebSocket connections per client address (counted before any key check). Default 50. */
  wsMaxConnectionsPerAddress: number;
  /** WS_IDLE_TIMEOUT_MS: a WebSocket that answers no ping within this is closed. Default 60000. */
  wsIdleTimeoutMs: number;
  /** SHUTDOWN_TIMEOUT_MS: on SIGTERM/SIGINT, in-flight work has this long before connections are cut. Default 10000. */
  shutdownTimeoutMs: number;
  /** READY_WRITER_STALL_MS: /readyz answers 503 while a prediction-log write has waited longer than this for its commit (a stuck disk or database). Default 5000. */
  readyWriterStallMs: number;
  /** TRAINING_HEARTBEAT_STALE_MS: a RUNNING training job whose heartbeat is older than this died with its replica; the leader marks it FAILED (its runs too) and the retraining policy may try again. Heartbeats come every sixth of it. Default 60000. */
  trainingHeartbeatStaleMs: number;
  /** ARTIFACT_URL_TTL_SECONDS: lifetime of the signed artifact URLs in Run.artifacts. Default 3600. */
  artifactUrlTtlSeconds: number;
  /** ARTIFACT_SIGNING_SECRET: HMAC key for artifact URLs; set the same on every replica. Default random per process. */
  artifactSigningSecret: string | null;
  /** METRICS_PUBLIC: serve GET /metrics without an API key (for a scraper on a private network). Default false. */
  metricsPublic: boolean;
  /** PLAYGROUND: serve GraphiQL at /playground. Default true, false when NODE_ENV=production. */
  playground: boolean;
  /** DASHBOARD: serve the read-only dashboard at /dashboard (it asks for a READ key). Default true. */
  dashboard: boolean;
  /** REDIS_URL: redis://… to share subscriptions and events across replicas. Default unset (in-process). */
  redisUrl: string | null;
  /** REDIS_CHANNEL_PREFIX: prepended to every Redis pubsub channel, so deployments (or test runs) sharing one Redis do not hear each other. Default "" (none). */
  redisChannelPrefix: string;
  /** REPLICA_ID: this replica's name in logs, health and training jobs. Default host-pid-random. */
  replicaId: string | null;
  /** LEADER_CHECK_MS: how often a replica tries to become the leader (PostgreSQL advisory lock). Default 2000. */
  leaderCheckMs: number;
  /** DATABASE_POOL_SIZE: PostgreSQL connections of the query pool. Default 10. */
  databasePoolSize: number;
  /** INTROSPECTION: allow schema introspection. Default true, false when NODE_ENV=production. */
  introspection: boolean;
  /** WS_MAX_PAYLOAD_BYTES: largest accepted WebSocket message. Default 1 MiB. */
  wsMaxPayloadBytes: number;
  /** DRIFT_CHECK_EVERY: automatic drift check after this many logged predictions (0 = off). Default 500. */
  driftCheckEvery: number;
  /** DRIFT_CHECK_MIN_INTERVAL_MS: …but at most one automatic check per this interval, however fast traffic comes. Default 60000. */
  driftCheckMinIntervalMs: number;
  /** DRIFT_WINDOW_SIZE: most recent predictions a drift check compares with the training data (above DRIFT_SAMPLE_SIZE: a uniform sample of them, in whole sample windows). Default 500. */
  driftWindowSize: number;
  /** DRIFT_SAMPLE_SIZE: rows of the uniform reservoir sample kept per drift sample window and model version, and the most a drift check tests; 0 (default): no reservoirs, checks read the most recent DRIFT_WINDOW_SIZE rows. */
  driftSampleSize: number;
  /** DRIFT_SAMPLE_WINDOW_MS: width of a drift sample window of createdAt (one reservoir per window and model version). Default 3600000 (1 h). */
  driftSampleWindowMs: number;
  /** DRIFT_MIN_ROWS: below this many rows a drift report says there is not enough data. Default 30. */
  driftMinRows: number;
  /** DRIFT_SHARE_THRESHOLD: dataset drift when at least this share of features drifted. Default 0.5. */
  driftShareThreshold: number;
  /** DRIFT_FEATURES: JSON per-feature overrides, e.g. {"RM": {"method": "PSI", "threshold": 0.2}}. Default {}. */
  driftFeatures: Record<string, { method?: DriftMethod; threshold?: number }>;
  /** PREDICTION_RETENTION_DAYS: predictions older than this are pruned (0 = keep forever). Default 90. */
  predictionRetentionDays: number;
  /** PRUNE_INTERVAL_MS: how often the retention job runs. Default 3600000 (1 h). */
  pruneIntervalMs: number;
  /** ROLLUP_RETENTION_DAYS: monitoring rollups (per-10 s aggregates, small) older than this are pruned (0 = keep forever). Default 730. */
  rollupRetentionDays: number;
  /** ROLLUP_PRUNE_INTERVAL_MS: how often rollups are pruned, apart from the raw rows. Default 86400000 (1 day). */
  rollupPruneIntervalMs: number;
  /** REQUEST_LATENCY_FLUSH_MS: how often end-to-end request latencies (RequestRollup) are written; a crash loses at most this much of them. Default 5000. */
  requestLatencyFlushMs: number;
  /** API_KEY_LAST_USED_FLUSH_MS: how often keys' lastUsedAt is written (kept in memory meanwhile). Default 60000. */
  apiKeyLastUsedFlushMs: number;
  /** ERROR_LOG_FLUSH_MS: how long failed-request records may wait before they are written (or ERROR_LOG_MAX_ROWS wait). Default 1000. */
  errorLogFlushMs: number;
  /** ERROR_LOG_MAX_ROWS: failed-request records per write; this many waiting are written at once. Default 500. */
  errorLogMaxRows: number;
  /** SHADOW_FLUSH_MS: how long shadow scores may wait before they are written (or SHADOW_MAX_ROWS wait). Default 50. */
  shadowFlushMs: number;
  /** SHADOW_MAX_ROWS: shadow scores per write. Default 1000. */
  shadowMaxRows: number;
  /** SHADOW_MAX_BUFFERED: shadow scores kept in memory while the database falls behind; beyond, they are dropped and counted. Default 100000. */
  shadowMaxBuffered: number;
  /** HEALTH_DATABASE_TIMEOUT_MS: how long health and /readyz wait for the database's answer. Default 1000. */
  healthDatabaseTimeoutMs: number;
  /** CHALLENGER_MIN_PAIRED_OUTCOMES: below this many paired rows with outcomes a challenger report says "not enough data". Default 30. */
  challengerMinPairedOutcomes: number;
  /** CHALLENGER_SIGNIFICANCE: p-value below which a challenger report calls a winner. Default 0.05. */
  challengerSignificance: number;
  /** CHALLENGER_REPORT_THROTTLE_MS: challengerReportUpdated is sent at most once per this interval per replica. Default 2000. */
  challengerReportThrottleMs: number;
  /** OUTCOME_MAX_MEDV: largest accepted actual value in recordOutcomes ($1000s; the dataset caps MEDV at 50). Default 500. */
  outcomeMaxMedv: number;
  /** OUTCOME_RANGE_MARGIN: recordOutcomes accepts actual values within the model's training target range widened by this share of the range on each side (0.5: 50 %). Default 0.5. */
  outcomeRangeMargin: number;
  /** RETRAINING_CHECK_INTERVAL_MS: how often the leader compares live with test RMSE for the retraining policy (0 = never). Default 60000. */
  retrainingCheckIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(variable: string, detail: string) {
    super(`invalid configuration: ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

/** DRIFT_SAMPLE_SIZE: 0 (no reservoirs) or 100 to 1,000,000 rows. */
function driftSampleSize(env: Env): number {
  const value = integer(env, "DRIFT_SAMPLE_SIZE", DEFAULT_DRIFT_SAMPLE_SIZE, 0, 1_000_000);
  if (value > 0 && value < 100) throw new ConfigError("DRIFT_SAMPLE_SIZE", `must be 0 (no reservoir samples) or an integer from 100 to 1000000, got ${value}`);
  return value;
}

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new ConfigError(name, `must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got ${JSON.stringify(env[name])}`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

function secret(env: Env, name: string): string {
  const value = env[name] as string;
  if (value.length < 16 || value.length > 200 || /\s/.test(value)) throw new ConfigError(name, "must be 16 to 200 characters without spaces");
  return value;
}

function redisUrl(env: Env): string | null {
  const raw = env.REDIS_URL;
  if (!raw) return null;
  if (!/^rediss?:\/\//.test(raw)) throw new ConfigError("REDIS_URL", "must start with redis:// or rediss://");
  return raw;
}

function redisChannelPrefix(env: Env): string {
  const raw = env.REDIS_CHANNEL_PREFIX ?? "";
  if (raw.length > 100 || /\s/.test(raw)) throw new ConfigError("REDIS_CHANNEL_PREFIX", `must be at most 100 characters without spaces, got ${JSON.stringify(raw)}`);
  return raw;
}

function corsOrigins(env: Env): string[] {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return [];
  const origins = raw.split(",").map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    if (o !== "*" && !/^https?:\/\/[^/\s]+$/.test(o)) throw new ConfigError("CORS_ORIGINS", `entries must be "*" or origins like https://app.example.com, got ${JSON.stringify(o)}`);
  }
  return origins;
}

function trustProxy(env: Env): string[] {
  const entries = (env.TRUST_PROXY ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  try {
    trustedProxies(entries);
  } catch (err) {
    throw new ConfigError("TRUST_PROXY", `must list IP addresses or CIDRs (10.0.0.0/8, ::1): ${(err as Error).message}`);
  }
  return entries;
}

function driftFeatures(env: Env): Config["driftFeatures"] {
  const raw = env.DRIFT_FEATURES;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError("DRIFT_FEATURES", `is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new ConfigError("DRIFT_FEATURES", "must be a JSON object keyed by feature");
  const out: Config["driftFeatures"] = {};
  for (const [feature, spec] of Object.entries(parsed as Record<string, { method?: unknown; threshold?: unknown }>)) {
    if (spec.method !== undefined && !isDriftMethod(spec.method)) {
      throw new ConfigError("DRIFT_FEATURES", `${feature}.method must be one of ${DRIFT_METHODS.join(", ")}`);
    }
    if (spec.threshold !== undefined && (typeof spec.threshold !== "number" || !Number.isFinite(spec.threshold) || spec.threshold < 0)) {
      throw new ConfigError("DRIFT_FEATURES", `${feature}.threshold must be a number >= 0`);
    }
    out[feature] = { ...(spec.method !== undefined ? { method: spec.method as DriftMethod } : {}), ...(spec.threshold !== undefined ? { threshold: spec.threshold as number } : {}) };
  }
  return out;
}

export function databaseProvider(url: string): "sqlite" | "postgresql" {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgresql";
  throw new ConfigError("DATABASE_URL", `must start with file: (SQLite) or postgres:// / postgresql://, got ${JSON.stringify(url.replace(/\/\/[^@]*@/, "//***@"))}`);
}

/** Absolute path of a `file:` SQLite URL, relative paths resolved against the working directory. */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return path === ":memory:" ? path : resolve(path);
}

const DEFAULT_DATABASE_URL = "file:./data/domus.db";

/**
 * The first-start admin key file of a database, so that keys of different databases never
 * overwrite each other: next to a SQLite file (data/domus.db -> data/domus.db.admin.key); for
 * PostgreSQL under data/ with the host, port, database and schema in the name
 * (data/postgresql-db.example.com-5432-domus.admin.key). Relative to the working directory, like
 * DATABASE_URL itself.
 */
export function adminKeyFileFor(databaseUrl: string): string {
  const display = (path: string) => (path.startsWith(`${process.cwd()}/`) ? relative(process.cwd(), path) : path);
  if (databaseProvider(databaseUrl) === "sqlite") {
    const path = sqlitePath(databaseUrl);
    return path === ":memory:" ? join("data", "sqlite-memory.admin.key") : display(`${path}.admin.key`);
  }
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema");
  const name = ["postgresql", url.hostname || "localhost", url.port || "5432", url.pathname.replace(/^\//, "") || "postgres", ...(schema ? [schema] : [])]
    .join("-")
    .replace(/[^A-Za-z0-9._-]/g, "_");
  return join("data", `${name}.admin.key`);
}

/** DOMUS_USER_CONFIG, else $XDG_CONFIG_HOME/domus/config.json (an absolute XDG_CONFIG_HOME only, as the XDG spec says), else ~/.config/domus/config.json; null for "off". */
function userConfigFile(env: Env): string | null {
  const raw = env.DOMUS_USER_CONFIG;
  if (raw === "off") return null;
  if (raw) return resolve(raw);
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), ".config");
  return join(xdg, "domus", "config.json");
}

function logFormat(env: Env): LogFormat {
  return oneOf(env, "LOG_FORMAT", ["json", "pretty"] as const, process.stdout.isTTY ? "pretty" : "json");
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, "NODE_ENV", ["development", "production", "test"] as const, "development");
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  databaseProvider(databaseUrl);
  const modelName = env.MODEL_NAME || "boston-housing";
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(modelName)) throw new ConfigError("MODEL_NAME", "must be 1-64 letters, digits, '.', '_' or '-'");
  return {
    port: integer(env, "PORT", 4000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    databaseUrl,
    logLevel: oneOf(env, "LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const, nodeEnv === "test" ? "silent" : "info"),
    logFormat: logFormat(env),
    nodeEnv,
    modelName,
    dataPath: env.DATA_PATH || BUNDLED_DATA_PATH,
    trainSeed: integer(env, "TRAIN_SEED", 42, 0, 2 ** 32 - 1),
    qualityGateMinR2: number(env, "QUALITY_GATE_MIN_R2", 0.75, -1e9, 1),
    qualityGateRmseTolerance: number(env, "QUALITY_GATE_RMSE_TOLERANCE", 0, 0, 10),
    trainSearchIterations: integer(env, "TRAIN_SEARCH_ITERATIONS", 50, 1, 10_000),
    trainCvFolds: integer(env, "TRAIN_CV_FOLDS", 5, 2, 50),
    trainWorkers: env.TRAIN_WORKERS ? integer(env, "TRAIN_WORKERS", 1, 0, 256) : null,
    trainOnStart: boolean(env, "TRAIN_ON_START", true),
    trainLowPriority: boolean(env, "TRAIN_LOW_PRIORITY", true),
    championRefreshMs: integer(env, "CHAMPION_REFRESH_MS", 5000, 0),
    eventsPollMs: integer(env, "EVENTS_POLL_MS", 500, 0, 60_000),
    predictionLogEnabled: boolean(env, "PREDICTION_LOG_ENABLED", true),
    predictionLogMaxRows: integer(env, "PREDICTION_LOG_MAX_ROWS", 256, 1, 100_000),
    predictionLogMaxWaitMs: integer(env, "PREDICTION_LOG_MAX_WAIT_MS", 0, 0, 10_000),
    sqliteSynchronous: oneOf(env, "SQLITE_SYNCHRONOUS", ["NORMAL", "FULL"] as const, "NORMAL"),
    sqliteWalAutocheckpoint: integer(env, "SQLITE_WAL_AUTOCHECKPOINT", 20_000, 1),
    maxBatchSize: integer(env, "MAX_BATCH_SIZE", 10_000, 1, 1_000_000),
    graphqlJit: boolean(env, "GRAPHQL_JIT", true),
    bodyLimitBytes: integer(env, "BODY_LIMIT_BYTES", 8 * 1024 * 1024, 1024),
    introspection: boolean(env, "INTROSPECTION", nodeEnv !== "production"),
    adminApiKey: env.ADMIN_API_KEY ? secret(env, "ADMIN_API_KEY") : null,
    adminKeyFile: env.ADMIN_KEY_FILE || adminKeyFileFor(databaseUrl),
    userConfigFile: userConfigFile(env),
    apiKeyCacheTtlMs: integer(env, "API_KEY_CACHE_TTL_MS", 5000, 0, 3_600_000),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 600_000, 0),
    rateLimitAnonymousPerMinute: integer(env, "RATE_LIMIT_ANONYMOUS_PER_MINUTE", 600, 0),
    trustProxy: trustProxy(env),
    maxQueryDepth: integer(env, "MAX_QUERY_DEPTH", 10, 1, 100),
    maxQueryComplexity: integer(env, "MAX_QUERY_COMPLEXITY", 2000, 0),
    maxQueryTokens: integer(env, "MAX_QUERY_TOKENS", 5000, 100),
    maxQueryAliases: integer(env, "MAX_QUERY_ALIASES", 15, 0),
    maxFragmentSpreads: integer(env, "MAX_FRAGMENT_SPREADS", 50, 0),
    maxQueryBytes: integer(env, "MAX_QUERY_BYTES", 65_536, 1024),
    documentCacheBytes: integer(env, "DOCUMENT_CACHE_BYTES", 8 * 1024 * 1024, 65_536),
    corsOrigins: corsOrigins(env),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 30_000, 1000),
    wsMaxSubscriptions: integer(env, "WS_MAX_SUBSCRIPTIONS", 20, 1, 10_000),
    wsMaxSubscriptionsPerKey: integer(env, "WS_MAX_SUBSCRIPTIONS_PER_KEY", 100, 1),
    wsMaxConnectionsPerKey: integer(env, "WS_MAX_CONNECTIONS_PER_KEY", 20, 1),
    wsMaxConnectionsPerAddress: integer(env, "WS_MAX_CONNECTIONS_PER_ADDRESS", 50, 1),
    wsIdleTimeoutMs: integer(env, "WS_IDLE_TIMEOUT_MS", 60_000, 1000),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 100),
    readyWriterStallMs: integer(env, "READY_WRITER_STALL_MS", 5000, 100),
    trainingHeartbeatStaleMs: integer(env, "TRAINING_HEARTBEAT_STALE_MS", 60_000, 600),
    artifactUrlTtlSeconds: integer(env, "ARTIFACT_URL_TTL_SECONDS", 3600, 1),
    artifactSigningSecret: env.ARTIFACT_SIGNING_SECRET ? secret(env, "ARTIFACT_SIGNING_SECRET") : null,
    metricsPublic: boolean(env, "METRICS_PUBLIC", false),
    playground: boolean(env, "PLAYGROUND", nodeEnv !== "production"),
    dashboard: boolean(env, "DASHBOARD", true),
    redisUrl: redisUrl(env),
    redisChannelPrefix: redisChannelPrefix(env),
    replicaId: env.REPLICA_ID || null,
    leaderCheckMs: integer(env, "LEADER_CHECK_MS", 2000, 100),
    databasePoolSize: integer(env, "DATABASE_POOL_SIZE", 10, 1, 1000),
    wsMaxPayloadBytes: integer(env, "WS_MAX_PAYLOAD_BYTES", 1024 * 1024, 1024),
    driftCheckEvery: integer(env, "DRIFT_CHECK_EVERY", 500, 0),
    driftCheckMinIntervalMs: integer(env, "DRIFT_CHECK_MIN_INTERVAL_MS", 60_000, 0),
    driftWindowSize: integer(env, "DRIFT_WINDOW_SIZE", 500, 1, 1_000_000_000),
    driftSampleSize: driftSampleSize(env),
    driftSampleWindowMs: integer(env, "DRIFT_SAMPLE_WINDOW_MS", DEFAULT_DRIFT_SAMPLE_WINDOW_MS, 60_000, 7 * 86_400_000),
    driftMinRows: integer(env, "DRIFT_MIN_ROWS", 30, 1),
    driftShareThreshold: number(env, "DRIFT_SHARE_THRESHOLD", 0.5, 0, 1),
    driftFeatures: driftFeatures(env),
    predictionRetentionDays: number(env, "PREDICTION_RETENTION_DAYS", 90, 0, 100_000),
    pruneIntervalMs: integer(env, "PRUNE_INTERVAL_MS", 3_600_000, 1000),
    rollupRetentionDays: number(env, "ROLLUP_RETENTION_DAYS", 730, 0, 100_000),
    rollupPruneIntervalMs: integer(env, "ROLLUP_PRUNE_INTERVAL_MS", 86_400_000, 1000),
    requestLatencyFlushMs: integer(env, "REQUEST_LATENCY_FLUSH_MS", 5000, 100, 600_000),
    apiKeyLastUsedFlushMs: integer(env, "API_KEY_LAST_USED_FLUSH_MS", 60_000, 100, 3_600_000),
    errorLogFlushMs: integer(env, "ERROR_LOG_FLUSH_MS", 1000, 10, 600_000),
    errorLogMaxRows: integer(env, "ERROR_LOG_MAX_ROWS", 500, 1, 100_000),
    shadowFlushMs: integer(env, "SHADOW_FLUSH_MS", 50, 1, 60_000),
    shadowMaxRows: integer(env, "SHADOW_MAX_ROWS", 1000, 1, 100_000),
    shadowMaxBuffered: integer(env, "SHADOW_MAX_BUFFERED", 100_000, 1, 10_000_000),
    healthDatabaseTimeoutMs: integer(env, "HEALTH_DATABASE_TIMEOUT_MS", 1000, 50, 60_000),
    challengerMinPairedOutcomes: integer(env, "CHALLENGER_MIN_PAIRED_OUTCOMES", 30, 2, 1_000_000),
    challengerSignificance: number(env, "CHALLENGER_SIGNIFICANCE", 0.05, 1e-12, 0.5),
    challengerReportThrottleMs: integer(env, "CHALLENGER_REPORT_THROTTLE_MS", 2000, 0, 3_600_000),
    outcomeMaxMedv: number(env, "OUTCOME_MAX_MEDV", 500, 1, 1e9),
    outcomeRangeMargin: number(env, "OUTCOME_RANGE_MARGIN", 0.5, 0, 100),
    retrainingCheckIntervalMs: integer(env, "RETRAINING_CHECK_INTERVAL_MS", 60_000, 0),
  };
}

/**
 * What the `domus` client commands need: where the server is and which key to send. Each comes
 * from the first of: the flag (--url, --api-key; applied in commands/connect.ts), the environment
 * (DOMUS_URL; DOMUS_API_KEY, then the key file of ADMIN_KEY_FILE or DATABASE_URL when either is
 * set), the per-user config the last `domus serve` wrote, the defaults (http://127.0.0.1:4000; the
 * default database's key file relative to the working directory, then data/admin.key).
 */
export interface ClientConfig {
  /** The server: DOMUS_URL, else the per-user config's url, else http://127.0.0.1:4000. */
  url: string;
  /** Where url came from: "DOMUS_URL", the per-user config's path, or "default". */
  urlSource: string;
  /** The key to send; null without one. */
  apiKey: string | null;
  /** Where apiKey came from ("DOMUS_API_KEY" or a key file's path), for messages; null without a key. */
  apiKeySource: string | null;
  /** The key files looked at, in order (for the message when none was found). */
  keyFiles: string[];
  /**
   * The URL a key from the per-user config belongs to: it is sent to that server only (a --url
   * naming another drops it, commands/connect.ts); null for keys from elsewhere.
   */
  keyBoundTo: string | null;
  /** The per-user config's path (null when DOMUS_USER_CONFIG=off) and whether it existed. */
  userConfig: { path: string; found: boolean } | null;
}

const LEGACY_ADMIN_KEY_FILE = join("data", "admin.key");
const DEFAULT_CLIENT_URL = "http://127.0.0.1:4000";

export function loadClientConfig(env: Env = process.env, readFile: (path: string) => string | null = readKeyFileSafely): ClientConfig {
  if (env.DOMUS_URL && !/^https?:\/\//.test(env.DOMUS_URL)) throw new ConfigError("DOMUS_URL", `must start with http:// or https://, got ${JSON.stringify(env.DOMUS_URL)}`);
  const userConfigPath = userConfigFile(env);
  let user: ReturnType<typeof readUserConfig> = null;
  try {
    user = userConfigPath ? readUserConfig(userConfigPath) : null;
  } catch (err) {
    throw new ConfigError("DOMUS_USER_CONFIG", (err as Error).message);
  }
  const [url, urlSource] = env.DOMUS_URL ? [env.DOMUS_URL, "DOMUS_URL"] : user ? [user.url, userConfigPath as string] : [DEFAULT_CLIENT_URL, "default"];
  const userConfig = userConfigPath ? { path: userConfigPath, found: user !== null } : null;
  // An explicit database (DATABASE_URL or ADMIN_KEY_FILE in the environment) names its own key;
  // otherwise the key of the server started last (only for that server's URL: an admin key is
  // never sent to another server), then the default database's under the cwd.
  const userKeyFile = user?.keyFile && url === user.url ? user.keyFile : null;
  const keyFiles = env.ADMIN_KEY_FILE
    ? [env.ADMIN_KEY_FILE]
    : env.DATABASE_URL
      ? [adminKeyFileFor(env.DATABASE_URL), ...(env.DATABASE_URL === DEFAULT_DATABASE_URL ? [LEGACY_ADMIN_KEY_FILE] : [])]
      : [...(userKeyFile ? [userKeyFile] : []), adminKeyFileFor(DEFAULT_DATABASE_URL), LEGACY_ADMIN_KEY_FILE];
  if (env.DOMUS_API_KEY) return { url, urlSource, apiKey: env.DOMUS_API_KEY, apiKeySource: "DOMUS_API_KEY", keyBoundTo: null, keyFiles, userConfig };
  for (const file of keyFiles) {
    const key = readFile(file);
    if (key) return { url, urlSource, apiKey: key, apiKeySource: file, keyBoundTo: file === userKeyFile ? url : null, keyFiles, userConfig };
  }
  return { url, urlSource, apiKey: null, apiKeySource: null, keyBoundTo: null, keyFiles, userConfig };
}
function readKeyFileSafely(path: string): string | null {
  if (!existsSync(path)) return null;
  try {
    return readFileSync(path, "utf8").trim() || null;
  } catch {
    return null;
  }
}
