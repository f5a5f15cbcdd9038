/**
 * The SQLite prediction log's checkpointer: its own thread and connection, copying committed WAL
 * pages back into the database file with PASSIVE checkpoints, which run beside the writer instead
 * of inside its commits. SQLite's automatic checkpoint runs in the connection that commits, so
 * every few seconds of heavy logging one group commit (and every request waiting on it) would
 * pay for copying tens of megabytes: p99 195 ms instead of 14 ms under wrk -c16 (README,
 * Performance). The writer keeps its automatic checkpoint as a safety net for a WAL this thread
 * cannot keep up with. Besides the interval, the main thread asks for a checkpoint once many rows
 * have been committed (prediction-writer.ts, CHECKPOINT_ROWS).
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new Database(path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
// This connection never writes; it must not start checkpoints of its own beyond the PASSIVE ones.
db.pragma("wal_autocheckpoint = 0");
db.pragma("cache_size = -512");

let closed = false;
let last = 0;
function checkpoint(): void {
  last = performance.now();
  try {
    // PASSIVE: copies what it can without waiting for the writer or readers; a fully copied WAL
    // is restarted from its beginning by the writer's next transaction.
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // SQLITE_BUSY or a locked database: the next tick tries again.
  }
}
// A tick right after a checkpoint asked for by volume (below) has little to copy: skip it.
const timer = setInterval(() => {
  if (!closed && performance.now() - last >= intervalMs / 2) checkpoint();
}, intervalMs);

parentPort?.on("message", (message: { close?: true; checkpoint?: true }) => {
  if (message.checkpoint) {
    if (!closed) checkpoint();
    return;
  }
  if (!message.close) return;
  closed = true;
  clearInterval(timer);
  db.close();
  parentPort?.postMessage({ closed: true });
  parentPort?.close();
});
