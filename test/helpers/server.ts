/** Starts a real Domus server on an ephemeral port over its own database, and a tiny GraphQL client. */
import { randomBytes } from "node:crypto";
import { EXAMPLE_ROW } from "../../pipeline/features.ts";
import { type DomusApp, createApp } from "../../src/app.ts";
import { trainAndRegister, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { promoteInTransaction } from "../../src/modules/models/registry.service.ts";
import { createLogger } from "../../src/logger.ts";
import { Topic } from "../../src/pubsub.ts";
import { type TestDatabase, createTestDatabase } from "./databases.ts";
import { DEFAULT_WAIT_MS, waitFor } from "./wait.ts";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions: { code: string; fields?: string[]; [k: string]: unknown } }[];
}

export interface TestServer {
  app: DomusApp;
  url: string;
  database: TestDatabase;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The admin secret every test server is bootstrapped with (ADMIN_API_KEY). */
export const ADMIN_KEY = "domus_test_admin_key_0123456789abcdef";

/**
 * This test file's Redis channel prefix (REDIS_CHANNEL_PREFIX): test runs sharing one Redis, and
 * the files of one run, never hear each other's events. Every test file loads this module afresh.
 */
export const TEST_REDIS_CHANNEL_PREFIX = `domus-test-${randomBytes(6).toString("hex")}:`;

/** A small GBDT (fast to fit, passes the gate) so integration tests serve a tree model. */
export const TEST_MODEL = { algorithm: "gbdt" as const, params: { nEstimators: 60, maxDepth: 3, learningRate: 0.2 } };

/**
 * Trains and registers TEST_MODEL on a migrated database. In one worker thread, not inline: a
 * test's event loop must stay free (on a loaded machine a long synchronous fit makes vitest's
 * worker miss its RPC deadline).
 */
export async function trainTestModel(prisma: Parameters<typeof trainAndRegister>[0], config: Config) {
  return trainAndRegister(prisma, { ...trainingRequestFromConfig(config, "full", false), only: TEST_MODEL, workers: 1 }, createLogger({ logLevel: "silent" }));
}

/**
 * Starts a server on a fresh database. With `train: true` (default) a small GBDT is trained and
 * registered first (inline, about a second) instead of the start-up quick set.
 */
export async function startTestServer(
  kind: "sqlite" | "postgresql" = "sqlite",
  env: Record<string, string> = {},
  options: { train?: boolean; onQuery?: (sql: string) => void; /** Another replica's database (not dropped by close). */ database?: TestDatabase } = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase(kind));
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    DATABASE_URL: database.url,
    CHAMPION_REFRESH_MS: "0",
    TRAIN_WORKERS: "0",
    TRAIN_ON_START: "false",
    // Nice-19 training workers get no CPU on a machine busy with normal-priority work.
    TRAIN_LOW_PRIORITY: "false",
    ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: "0",
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: "0",
    REDIS_CHANNEL_PREFIX: TEST_REDIS_CHANNEL_PREFIX,
    ...env,
  });
  if (options.train ?? true) {
    await migrate(config.databaseUrl);
    const db = openDatabase(config.databaseUrl);
    try {
      await trainTestModel(db.prisma, config);
    } finally {
      await db.close();
    }
  }
  const app = await createApp(config, options.onQuery ? { database: openDatabase(config.databaseUrl, { onQuery: options.onQuery }) } : {});
  const url = await app.listen();
  /** Sends the admin key unless the headers say otherwise (pass { "x-api-key": "" } to send none). */
  const post = (body: string, headers: Record<string, string> = {}) => {
    const all: Record<string, string> = { "content-type": "application/json", "x-api-key": ADMIN_KEY, ...headers };
    if (all["x-api-key"] === "") delete all["x-api-key"];
    return fetch(`${url}/graphql`, { method: "POST", headers: all, body });
  };
  return {
    app,
    url,
    database,
    post,
    async gql(query, variables, headers) {
      const res = await post(JSON.stringify({ query, variables }), headers);
      const body = (await res.json()) as { data?: any; errors?: any };
      return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
    },
    async close() {
      await app.stop();
      if (!options.database) await database.drop();
    },
  };
}

/** A valid input: the first row of the dataset (MEDV 24.0), ZN/INDUS/CHAS included. */
export const FIRST_ROW = EXAMPLE_ROW;

/** Live subscriptions on the server, all topics together (the pubsub counts them as they start). */
function liveSubscriptions(server: TestServer): number {
  return Object.values(Topic).reduce((sum, topic) => sum + server.app.services.pubsub.subscriberCount(topic), 0);
}

/**
 * A graphql-ws client for the server; collect events of one subscription with `take(n)` or
 * `until(predicate)`. Resolves once the server has started the subscription (its pubsub counts one
 * more subscriber), or once the server rejected it (the error is the first received event), so an
 * event published after this resolves is delivered.
 */
export async function subscribe<T = Record<string, any>>(server: TestServer, query: string, variables?: Record<string, unknown>, apiKey: string = ADMIN_KEY) {
  const { createClient } = await import("graphql-ws");
  const { default: WebSocket } = await import("ws");
  const client = createClient({
    url: `${server.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { apiKey },
  });
  const received: { data?: T | null; errors?: unknown[] }[] = [];
  let ended = false;
  const before = liveSubscriptions(server);
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => void received.push(value as { data?: T | null; errors?: unknown[] }),
      error: (err) => {
        received.push({ errors: [err] });
        ended = true;
      },
      complete: () => {
        ended = true;
      },
    },
  );
  await waitFor(`the server to start the subscription ${query}`, () => ended || liveSubscriptions(server) > before);
  /** Resolves with the received events once `done` holds for them; rejects naming `what` after `timeoutMs`. */
  const until = async (what: string, done: (events: typeof received) => boolean, timeoutMs = DEFAULT_WAIT_MS) => {
    await waitFor(what, () => done(received), { timeoutMs });
    return received.slice();
  };
  return {
    received,
    until,
    /** Resolves with the first `n` events. */
    take: async (n: number, timeoutMs = DEFAULT_WAIT_MS) => (await until(`${n} event(s) of ${query}`, (events) => events.length >= n, timeoutMs)).slice(0, n),
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

/**
 * A fresh database (migrated) holding `versions` registrations of the small test model; the last
 * is champion, the earlier ones archived. Retrains of the same model are identical, which the gate
 * no longer promotes, so the later ones are promoted by hand (as an operator would).
 */
export async function createSeededDatabase(kind: "sqlite" | "postgresql", versions = 1): Promise<TestDatabase> {
  const database = await createTestDatabase(kind);
  await migrate(database.url);
  const db = openDatabase(database.url);
  try {
    const config = loadConfig({ DATABASE_URL: database.url, TRAIN_WORKERS: "0" });
    for (let i = 0; i < versions; i++) {
      const { registration } = await trainTestModel(db.prisma, config);
      if (registration.status !== "CHAMPION") {
        await db.prisma.$transaction((tx) => promoteInTransaction(tx, { id: registration.modelVersionId, name: config.modelName, status: registration.status }, { action: "PROMOTED", reason: "seeded by the tests" }));
      }
    }
  } finally {
    await db.close();
  }
  return database;
}
