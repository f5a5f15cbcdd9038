/**
 * The SQLite prediction writer's own thread: it owns one connection, runs each group commit as
 * one transaction and answers once it is committed. Keeping the inserts (and any fsync) here
 * leaves the serving event loop free.
 *
 * Durability (WAL mode): with synchronous=NORMAL (default) a committed transaction is in the WAL
 * file before the answer, so it survives a crash or kill -9 of the process; after a power loss or
 * OS crash the transactions since the last checkpoint's fsync can be lost. synchronous=FULL
 * fsyncs the WAL on every commit and survives power loss too, at a throughput cost (see README).
 * A larger autocheckpoint interval keeps checkpoints (the expensive copy back into the database
 * file) rare under heavy logging.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { PREDICTION_COLUMNS } from "./prediction-columns.ts";
import type { PredictionRow } from "./prediction-writer.ts";

const { path, synchronous, walAutocheckpoint } = workerData as { path: string; synchronous: "NORMAL" | "FULL"; walAutocheckpoint: number };
const db = new Database(path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${synchronous === "FULL" ? "FULL" : "NORMAL"}`);
db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(walAutocheckpoint))}`);
// After a checkpoint, truncate the WAL file back to 64 MiB at most instead of keeping its peak size.
db.pragma("journal_size_limit = 67108864");
const statement = db.prepare(`INSERT INTO "Prediction" (${PREDICTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const EMPTY_LIST = "[]";
const insertAll = db.transaction((rows: PredictionRow[]) => {
  for (const r of rows) {
    statement.run(
      r.id,
      r.requestId,
      r.modelVersionId,
      r.modelName,
      r.modelVersion,
      JSON.stringify(r.features),
      r.imputedFeatures.length === 0 ? EMPTY_LIST : JSON.stringify(r.imputedFeatures),
      r.outOfRangeFeatures.length === 0 ? EMPTY_LIST : JSON.stringify(r.outOfRangeFeatures),
      r.value,
      r.latencyMs,
      r.apiKeyId,
      // Prisma's SQLite adapter format: ISO-8601 with an explicit +00:00 offset.
      r.createdAt.toISOString().replace("Z", "+00:00"),
      r.challenger ? 1 : 0,
    );
  }
});

parentPort?.on("message", (message: { id: number; rows?: PredictionRow[]; close?: true }) => {
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
