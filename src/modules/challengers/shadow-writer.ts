/**
 * Inserts shadow scores through the database driver, off the serving event loop: on SQLite in a
 * worker thread with its own connection, on PostgreSQL as one `INSERT … SELECT unnest(…)` per
 * batch. Exact doubles, like the prediction log. ShadowLog makes one call at a time.
 */
import pg from "pg";
import { databaseProvider } from "../../config.ts";
import { sqlitePath } from "../../db/client.ts";
import { siblingWorker } from "../../../pipeline/worker-url.ts";
import { WriterThread } from "../../db/writer-thread.ts";
import type { ShadowRow } from "./shadow-log.ts";
import { RollupAccumulator, upsertRollupsPostgres } from "../../db/rollups.ts";

export interface ShadowWriter {
  /** Inserts the rows in one transaction; resolves once committed. */
  insert(rows: readonly ShadowRow[]): Promise<void>;
  /** Gets ready to write (SQLite: starts the thread), so the first scores do not wait for it. */
  warm(): void;
  close(): Promise<void>;
}

function sqliteShadowWriter(url: string): ShadowWriter {
  const start = siblingWorker("./shadow-writer.worker", import.meta.url);
  const thread = new WriterThread<{ rows?: readonly ShadowRow[]; close?: true }>({ start, workerData: { path: sqlitePath(url) }, label: "shadow write" });
  return {
    insert: (rows) => thread.request({ rows }),
    warm: () => thread.warm(),
    close: () => thread.close({ close: true }),
  };
}

function postgresShadowWriter(url: string): ShadowWriter {
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2000, query_timeout: 10_000 });
  pool.on("error", () => undefined);
  const sql = `INSERT INTO "ShadowPrediction" ("id", "predictionId", "modelVersionId", "modelName", "modelVersion", "value", "latencyMs", "createdAt")
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::timestamp[])`;
  return {
    async insert(rows) {
      // The rows and their SHADOW rollups (src/db/rollups.ts) in one transaction.
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await client.query("BEGIN");
        await client.query(sql, [
        rows.map((r) => r.id),
        rows.map((r) => r.predictionId),
        rows.map((r) => r.modelVersionId),
        rows.map((r) => r.modelName),
        rows.map((r) => r.modelVersion),
        rows.map((r) => r.value),
        rows.map((r) => r.latencyMs),
        // timestamp(3) without time zone, holding UTC (as Prisma maps DateTime).
        rows.map((r) => r.createdAt.toISOString().replace("T", " ").replace("Z", "")),
        ]);
        const rollups = new RollupAccumulator();
        rollups.addShadow(rows);
        await upsertRollupsPostgres(rollups.entries(), (text, params) => client.query(text, params));
        await client.query("COMMIT");
      } catch (err) {
        failure = err as Error;
        if (err instanceof pg.DatabaseError) await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release(failure && !(failure instanceof pg.DatabaseError) ? failure : undefined);
      }
    },
    warm: () => undefined,
    close: () => pool.end(),
  };
}

export function openShadowWriter(url: string): ShadowWriter {
  return databaseProvider(url) === "sqlite" ? sqliteShadowWriter(url) : postgresShadowWriter(url);
}
