/**
 * Inserts shadow scores through the database driver, off the serving event loop: on SQLite in a
 * worker thread with its own connection, on PostgreSQL as one `INSERT … SELECT unnest(…)` per
 * batch. Exact doubles, like the prediction log. ShadowLog makes one call at a time.
 */
import { Worker } from "node:worker_threads";
import pg from "pg";
import { databaseProvider } from "../../config.ts";
import { sqlitePath } from "../../db/client.ts";
import { siblingWorker } from "../../../pipeline/worker-url.ts";
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
  let worker: Worker | null = null;
  const spawnWorker = () => new Worker(start.url, { workerData: { ...start.workerData, path: sqlitePath(url) } });
  /** One request at a time: the answer is the next message (or the thread's failure). */
  const request = (message: { rows?: readonly ShadowRow[]; close?: true }) =>
    new Promise<void>((resolve, reject) => {
      worker ??= spawnWorker();
      const w = worker;
      const settle = (err: Error | null) => {
        w.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (err) reject(err);
        else resolve();
      };
      const onMessage = (m: { error?: string }) => settle(m.error === undefined ? null : new Error(`shadow write failed: ${m.error}`));
      const onError = (err: Error) => {
        worker = null;
        settle(err);
      };
      const onExit = (code: number) => {
        worker = null;
        settle(new Error(`the shadow writer thread exited (code ${code})`));
      };
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
      w.postMessage(message);
    });
  return {
    insert: (rows) => request({ rows }),
    warm() {
      if (worker) return;
      const w = spawnWorker();
      // A thread that dies before its first request is replaced on that request.
      w.once("exit", () => {
        if (worker === w) worker = null;
      });
      worker = w;
    },
    async close() {
      if (!worker) return;
      const w = worker;
      await request({ close: true });
      await w.terminate();
      worker = null;
    },
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
