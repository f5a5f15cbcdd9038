/**
 * Writes prediction rows through the database driver itself, in one transaction per call:
 * exact doubles (Prisma's query path would round them), prepared statements, and none of the
 * ORM's per-row overhead on the serving hot path. Reads still go through Prisma.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider } from "../config.ts";
import { sqlitePath } from "./client.ts";
import { toJsonText } from "./json.ts";

export interface PredictionRow {
  id: string;
  requestId: string;
  modelVersionId: string;
  modelName: string;
  modelVersion: number;
  value: number;
  features: Record<string, number>;
  imputedFeatures: string[];
  outOfRangeFeatures: string[];
  latencyMs: number;
  apiKeyId: string | null;
  createdAt: Date;
}

export interface PredictionWriter {
  /** Inserts all rows atomically; resolves once committed. */
  insert(rows: readonly PredictionRow[]): Promise<void>;
  close(): Promise<void>;
}

const COLUMNS = `"id", "requestId", "modelVersionId", "modelName", "modelVersion", "features", "imputedFeatures", "outOfRangeFeatures", "value", "latencyMs", "apiKeyId", "createdAt"`;

/** Prisma's SQLite adapter stores DateTime as ISO-8601 text with an explicit +00:00 offset; match it exactly. */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function sqliteWriter(url: string): PredictionWriter {
  const db = new Database(sqlitePath(url), { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  // FULL: every commit is fsynced, so an acknowledged prediction survives power loss too. Group
  // commit amortises the fsync over every row waiting.
  db.pragma("synchronous = FULL");
  const statement = db.prepare(`INSERT INTO "Prediction" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAll = db.transaction((rows: readonly PredictionRow[]) => {
    for (const r of rows) {
      statement.run(
        r.id,
        r.requestId,
        r.modelVersionId,
        r.modelName,
        r.modelVersion,
        toJsonText(r.features),
        toJsonText(r.imputedFeatures),
        toJsonText(r.outOfRangeFeatures),
        r.value,
        r.latencyMs,
        r.apiKeyId,
        sqliteTimestamp(r.createdAt),
      );
    }
  });
  return {
    async insert(rows) {
      insertAll.immediate(rows);
    },
    async close() {
      db.close();
    },
  };
}

function postgresWriter(url: string, poolSize: number): PredictionWriter {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // One statement for any number of rows: arrays per column, unnested server-side. Numbers travel
  // as their shortest exact decimal text, so float8 receives the identical double.
  const sql = `INSERT INTO "Prediction" (${COLUMNS})
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[], $11::text[], $12::timestamp[])`;
  return {
    async insert(rows) {
      await pool.query(sql, [
        rows.map((r) => r.id),
        rows.map((r) => r.requestId),
        rows.map((r) => r.modelVersionId),
        rows.map((r) => r.modelName),
        rows.map((r) => r.modelVersion),
        rows.map((r) => toJsonText(r.features)),
        rows.map((r) => toJsonText(r.imputedFeatures)),
        rows.map((r) => toJsonText(r.outOfRangeFeatures)),
        rows.map((r) => r.value),
        rows.map((r) => r.latencyMs),
        rows.map((r) => r.apiKeyId),
        // Prisma maps DateTime to timestamp(3) without time zone, holding UTC.
        rows.map((r) => r.createdAt.toISOString().replace("T", " ").replace("Z", "")),
      ]);
    },
    async close() {
      await pool.end();
    },
  };
}

export function openPredictionWriter(url: string, options: { poolSize?: number } = {}): PredictionWriter {
  return databaseProvider(url) === "sqlite" ? sqliteWriter(url) : postgresWriter(url, options.poolSize ?? 4);
}
