/**
 * The SQLite shadow writer's own thread: one connection, one transaction per batch of shadow
 * scores, so the inserts never run on the serving event loop (Prisma's createMany costs about a
 * millisecond per row there; this is a few microseconds, off the loop).
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ShadowRow } from "./shadow-log.ts";
import { RollupAccumulator, SQLITE_ROLLUP_SQL, upsertRollupsSqlite } from "../../db/rollups.ts";

const { path } = workerData as { path: string };
const db = new Database(path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
const statement = db.prepare(`INSERT INTO "ShadowPrediction" ("id", "predictionId", "modelVersionId", "modelName", "modelVersion", "value", "latencyMs", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
let rollupStatements: Parameters<typeof upsertRollupsSqlite>[1] | null = null;
/** The rows and their SHADOW rollups (src/db/rollups.ts), in one transaction. */
const insertAll = db.transaction((rows: ShadowRow[]) => {
  // Prisma's SQLite adapter format: ISO-8601 with an explicit +00:00 offset.
  for (const r of rows) statement.run(r.id, r.predictionId, r.modelVersionId, r.modelName, r.modelVersion, r.value, r.latencyMs, r.createdAt.toISOString().replace("Z", "+00:00"));
  const rollups = new RollupAccumulator();
  rollups.addShadow(rows);
  rollupStatements ??= { select: db.prepare(SQLITE_ROLLUP_SQL.select), upsert: db.prepare(SQLITE_ROLLUP_SQL.upsert) };
  upsertRollupsSqlite(rollups.entries(), rollupStatements);
});

// The WriterThread protocol (src/db/writer-thread.ts): answer { id } or { id, error }.
parentPort?.on("message", (message: { id: number; rows?: ShadowRow[]; close?: true }) => {
  if (message.close) {
    db.close();
    parentPort?.postMessage({ id: message.id });
    parentPort?.close();
    return;
  }
  try {
    insertAll.immediate(message.rows ?? []);
    parentPort?.postMessage({ id: message.id });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
