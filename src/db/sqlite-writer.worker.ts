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
import { PREDICTION_COLUMNS, PREDICTION_COLUMN_LIST, PredictionText, type PredictionTable, forEachRow } from "./prediction-columns.ts";

const { path, synchronous, walAutocheckpoint } = workerData as { path: string; synchronous: "NORMAL" | "FULL"; walAutocheckpoint: number };
const db = new Database(path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${synchronous === "FULL" ? "FULL" : "NORMAL"}`);
db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(walAutocheckpoint))}`);
// After a checkpoint, truncate the WAL file back to 64 MiB at most instead of keeping its peak size.
db.pragma("journal_size_limit = 67108864");
// Multi-row inserts: one prepared statement per chunk of CHUNK_ROWS rows (and one for a shorter
// last chunk, cached by its size), instead of one statement execution per row.
const CHUNK_ROWS = 500;
const WIDTH = PREDICTION_COLUMNS.length;
const statements = new Map<number, Database.Statement>();
function insertStatement(rows: number): Database.Statement {
  let statement = statements.get(rows);
  if (!statement) {
    const tuple = `(${new Array(WIDTH).fill("?").join(", ")})`;
    statement = db.prepare(`INSERT INTO "Prediction" (${PREDICTION_COLUMN_LIST}) VALUES ${new Array(rows).fill(tuple).join(", ")}`);
    // Keep the full-chunk statement and a few short ones; group commits vary in size.
    if (rows === CHUNK_ROWS || statements.size < 64) statements.set(rows, statement);
  }
  return statement;
}

const insertAll = db.transaction((tables: PredictionTable[]) => {
  let params: (string | number | null)[] = [];
  const flush = () => {
    if (params.length === 0) return;
    insertStatement(params.length / WIDTH).run(params);
    params = [];
  };
  for (const table of tables) {
    const text = new PredictionText(table);
    forEachRow(table, (row, segment) => {
      for (let k = 0; k < WIDTH; k++) params.push((PREDICTION_COLUMNS[k] as (typeof PREDICTION_COLUMNS)[number]).value(text, row, segment, "sqlite"));
      if (params.length === CHUNK_ROWS * WIDTH) flush();
    });
  }
  flush();
});

parentPort?.on("message", (message: { id: number; tables?: PredictionTable[]; close?: true }) => {
  if (message.close) {
    db.close();
    parentPort?.postMessage({ id: message.id });
    parentPort?.close();
    return;
  }
  try {
    insertAll.immediate(message.tables ?? []);
    parentPort?.postMessage({ id: message.id });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
  }
});
