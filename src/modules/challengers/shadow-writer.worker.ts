/**
 * The SQLite shadow writer's own thread: one connection, one transaction per batch of shadow
 * scores, so the inserts never run on the serving event loop (Prisma's createMany costs about a
 * millisecond per row there; this is a few microseconds, off the loop).
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import type { ShadowRow } from "./shadow-log.ts";

const { path } = workerData as { path: string };
const db = new Database(path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
const statement = db.prepare(`INSERT INTO "ShadowPrediction" ("id", "predictionId", "modelVersionId", "modelName", "modelVersion", "value", "latencyMs", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
const insertAll = db.transaction((rows: ShadowRow[]) => {
  // Prisma's SQLite adapter format: ISO-8601 with an explicit +00:00 offset.
  for (const r of rows) statement.run(r.id, r.predictionId, r.modelVersionId, r.modelName, r.modelVersion, r.value, r.latencyMs, r.createdAt.toISOString().replace("Z", "+00:00"));
});

parentPort?.on("message", (message: { rows?: ShadowRow[]; close?: true }) => {
  if (message.close) {
    db.close();
    parentPort?.postMessage({});
    parentPort?.close();
    return;
  }
  try {
    insertAll.immediate(message.rows ?? []);
    parentPort?.postMessage({});
  } catch (err) {
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
});
