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
import { PREDICTION_COLUMNS, PREDICTION_COLUMN_LIST, type PredictionColumn, PredictionText, type PredictionTable, forEachSegment } from "./prediction-columns.ts";
import { RollupAccumulator, SQLITE_ROLLUP_SQL, upsertRollupsSqlite } from "./rollups.ts";
import { type DriftSampleSettings, SQLITE_SAMPLE_SQL, SampleAccumulator, upsertSamplesSqlite } from "./drift-sample.ts";

const { path, synchronous, walAutocheckpoint, driftSample } = workerData as { path: string; synchronous: "NORMAL" | "FULL"; walAutocheckpoint: number; driftSample: DriftSampleSettings };
const db = new Database(path, { timeout: 5000 });
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${synchronous === "FULL" ? "FULL" : "NORMAL"}`);
db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(walAutocheckpoint))}`);
// After a checkpoint, truncate the WAL file back to 64 MiB at most instead of keeping its peak size.
db.pragma("journal_size_limit = 67108864");
// Appends touch the right edges of the table and its indexes, but a 10,000-row transaction dirties
// ~6 MiB of pages before its commit: an 8 MiB page cache holds them without spilling to the WAL
// mid-transaction (better-sqlite3's default of 16 MiB would only grow the thread's resident memory).
db.pragma("cache_size = -8192");
// Multi-row inserts: one prepared statement per chunk of CHUNK_ROWS rows (and one for a shorter
// last chunk, cached by its size), instead of one statement execution per row.
const CHUNK_ROWS = 500;
const WIDTH = PREDICTION_COLUMNS.length;
const COLUMNS = PREDICTION_COLUMNS as readonly PredictionColumn[];
const PER_ROW = COLUMNS.filter((c) => c.perRow);
const SHARED = COLUMNS.filter((c) => !c.perRow);
/**
 * A segment of at least this many rows (one request's rows: a batch) is inserted with its shared
 * values (request, model version, time…) bound once per statement, so each row binds only its own
 * PER_ROW values: 5 instead of 13.
 */
const SHARED_MIN_ROWS = 16;

/** Statements by shape: "r<rows>" binds every value of every row; "s<rows>" binds the shared values once. */
const statements = new Map<string, Database.Statement>();
function cachedStatement(key: string, rows: number, sql: () => string): Database.Statement {
  let statement = statements.get(key);
  if (!statement) {
    statement = db.prepare(sql());
    // Keep the full-chunk statements and a few short ones; group commits vary in size.
    if (rows === CHUNK_ROWS || statements.size < 64) statements.set(key, statement);
  }
  return statement;
}
const rowStatement = (rows: number) =>
  cachedStatement(`r${rows}`, rows, () => {
    const tuple = `(${new Array(WIDTH).fill("?").join(", ")})`;
    return `INSERT INTO "Prediction" (${PREDICTION_COLUMN_LIST}) VALUES ${new Array(rows).fill(tuple).join(", ")}`;
  });
const sharedStatement = (rows: number) =>
  cachedStatement(`s${rows}`, rows, () => {
    // better-sqlite3 binds anonymous parameters only: the shared values come first as one row
    // (s), each row's own values follow as a VALUES list (v: column1…columnP).
    const shared = SHARED.map((c) => `? AS "${c.name}"`).join(", ");
    const own = `(${new Array(PER_ROW.length).fill("?").join(", ")})`;
    const select = COLUMNS.map((c) => (c.perRow ? `v.column${PER_ROW.indexOf(c) + 1}` : `s."${c.name}"`)).join(", ");
    return `INSERT INTO "Prediction" (${PREDICTION_COLUMN_LIST}) SELECT ${select} FROM (SELECT ${shared}) AS s, (VALUES ${new Array(rows).fill(own).join(", ")}) AS v`;
  });

function insertRows(tables: readonly PredictionTable[]): void {
  let params: (string | number | null)[] = [];
  const flush = () => {
    if (params.length === 0) return;
    rowStatement(params.length / WIDTH).run(params);
    params = [];
  };
  for (const table of tables) {
    const text = new PredictionText(table);
    forEachSegment(table, (segment, start, end) => {
      if (end - start >= SHARED_MIN_ROWS) {
        const shared = SHARED.map((c) => c.value(text, start, segment, "sqlite"));
        for (let first = start; first < end; first += CHUNK_ROWS) {
          const last = Math.min(end, first + CHUNK_ROWS);
          const values = shared.slice();
          for (let row = first; row < last; row++) for (const c of PER_ROW) values.push(c.value(text, row, segment, "sqlite"));
          sharedStatement(last - first).run(values);
        }
        return;
      }
      for (let row = start; row < end; row++) {
        for (let k = 0; k < WIDTH; k++) params.push((COLUMNS[k] as PredictionColumn).value(text, row, segment, "sqlite"));
        if (params.length === CHUNK_ROWS * WIDTH) flush();
      }
    });
  }
  flush();
}

/**
 * One transaction at a time. A plain message (a group commit) is inserted and committed; a stream
 * (a large batch sent chunk by chunk while the main thread still computes the rest) keeps the
 * transaction open until its `end`, and messages arriving meanwhile join that transaction: every
 * message is answered once the transaction holding its rows has committed, or all of them fail
 * together (rollback), so nothing is acknowledged unstored and no batch is stored in part.
 */
interface Message {
  id: number;
  tables?: PredictionTable[];
  /** Chunks of one stream carry its number; the last one has `end` and the count of chunks before it. */
  stream?: number;
  end?: boolean;
  chunks?: number;
  abort?: boolean;
  close?: true;
}

const begin = db.prepare("BEGIN IMMEDIATE");
/** The open transaction's rows, rolled up; merged into MonitoringRollup just before COMMIT. */
const rollups = new RollupAccumulator();
let rollupStatements: Parameters<typeof upsertRollupsSqlite>[1] | null = null;
/** The open transaction's rows, offered to their windows' drift samples just before COMMIT. */
const samples = new SampleAccumulator(driftSample);
let sampleStatements: Parameters<typeof upsertSamplesSqlite>[1] | null = null;
const sampleUpserts = new Map<number, Database.Statement>();
const commit = db.prepare("COMMIT");
const rollback = db.prepare("ROLLBACK");
/** The open transaction: the messages to answer at its commit, and the chunks received per open stream. */
let transaction: { answer: number[]; streams: Map<number, number> } | null = null;

function finish(error?: string): void {
  const open = transaction;
  transaction = null;
  if (!open) return;
  if (error === undefined) {
    try {
      rollupStatements ??= { select: db.prepare(SQLITE_ROLLUP_SQL.select), upsert: db.prepare(SQLITE_ROLLUP_SQL.upsert) };
      upsertRollupsSqlite(rollups.entries(), rollupStatements);
      rollups.clear();
      sampleStatements ??= {
        claim: db.prepare(SQLITE_SAMPLE_SQL.claim),
        // At most SQLITE_SAMPLE_CHUNK statement shapes (1 … 64 slots): all kept.
        upsertSamples: (rows) => {
          let statement = sampleUpserts.get(rows);
          if (!statement) sampleUpserts.set(rows, (statement = db.prepare(SQLITE_SAMPLE_SQL.upsertSamples(rows))));
          return statement;
        },
      };
      upsertSamplesSqlite(samples, sampleStatements);
      samples.clear();
      commit.run();
      for (const id of open.answer) parentPort?.postMessage({ id });
      return;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
  }
  rollups.clear();
  samples.clear();
  if (db.inTransaction) rollback.run();
  for (const id of open.answer) parentPort?.postMessage({ id, error });
}

function receive(message: Message): void {
  transaction ??= (begin.run(), { answer: [], streams: new Map() });
  const open = transaction;
  if (message.stream === undefined || message.end) open.answer.push(message.id);
  if (message.stream !== undefined) {
    const received = (open.streams.get(message.stream) ?? 0) + (message.end ? 0 : 1);
    if (message.end) {
      open.streams.delete(message.stream);
      // A chunk that never arrived (a replaced thread, say) must not pass as a complete batch.
      if (message.abort) throw new Error("the batch was abandoned before all of its rows were computed");
      if (received !== message.chunks) throw new Error(`the batch's transaction lost chunks (${received} of ${message.chunks} arrived)`);
    } else {
      open.streams.set(message.stream, received);
    }
  }
  insertRows(message.tables ?? []);
  for (const table of message.tables ?? []) {
    rollups.addTable(table);
    samples.addTable(table);
  }
  if (open.streams.size === 0) finish();
}

parentPort?.on("message", (message: Message) => {
  if (message.close) {
    finish("the prediction writer is closing");
    db.close();
    parentPort?.postMessage({ id: message.id });
    parentPort?.close();
    return;
  }
  try {
    receive(message);
  } catch (err) {
    if (!transaction) parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) });
    else {
      if (!transaction.answer.includes(message.id)) transaction.answer.push(message.id);
      finish(err instanceof Error ? err.message : String(err));
    }
  }
});
