/**
 * Opens Domus's database by DATABASE_URL scheme: embedded SQLite (better-sqlite3 driver adapter)
 * or PostgreSQL (pg driver adapter). Both generated clients come from the same models, so the
 * application programs against one type, `Db`.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, sqlitePath } from "../config.ts";
import { threadedReader } from "./read-thread.ts";
import { PrismaClient as PostgresClient } from "../generated/prisma/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "../generated/prisma/sqlite/client.ts";

export type Db = SqliteClient;
export type Provider = "sqlite" | "postgresql";

export interface Database {
  prisma: Db;
  provider: Provider;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export { sqlitePath };

export interface OpenOptions {
  poolSize?: number;
  /** Called with every SQL statement Prisma runs (tests count queries with it). */
  onQuery?: (sql: string) => void;
}

export function openDatabase(url: string, options: OpenOptions = {}): Database {
  const provider = databaseProvider(url);
  let prisma: Db;
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // timeout: wait up to 5 s for another process's write lock (a CLI training next to a server).
    prisma = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: path, timeout: 5000 }), ...(options.onQuery ? { log: [{ emit: "event", level: "query" }] } : {}) });
  } else {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 2000, query_timeout: 10_000 });
    prisma = new PostgresClient({ adapter, ...(options.onQuery ? { log: [{ emit: "event", level: "query" }] } : {}) }) as unknown as Db;
  }
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as { $on(event: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => onQuery(e.query));
  }
  return {
    prisma,
    provider,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}

/** Connections of the monitoring read pool (PostgreSQL). */
export const READ_POOL_SIZE = 2;
/** PostgreSQL statement_timeout of the monitoring read pool: a runaway read is cancelled by the server. */
export const READ_STATEMENT_TIMEOUT_MS = 15_000;

/**
 * A second connection for monitoring reads (servingMetrics, performance, challengerReport, the
 * predictions pages), so they never queue on the serving pool: on PostgreSQL its own small pool
 * (READ_POOL_SIZE) with a server-side statement_timeout; on SQLite a read-only connection in a
 * thread of its own (src/db/read-thread.ts; WAL readers never wait for the writer). An in-memory SQLite database has no second connection:
 * the main one is returned.
 */
export function openReadDatabase(url: string, main: Database): Database {
  const provider = databaseProvider(url);
  let prisma: Db;
  if (provider === "sqlite") {
    const path = sqlitePath(url);
    if (path === ":memory:") return main;
    // In a thread of its own: better-sqlite3 reads synchronously, on the serving thread they would stall it.
    prisma = threadedReader(path).prisma;
  } else {
    const adapter = new PrismaPg({ connectionString: url, max: READ_POOL_SIZE, connectionTimeoutMillis: 2000, query_timeout: READ_STATEMENT_TIMEOUT_MS + 1000, statement_timeout: READ_STATEMENT_TIMEOUT_MS });
    prisma = new PostgresClient({ adapter }) as unknown as Db;
  }
  return {
    prisma,
    provider,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}
