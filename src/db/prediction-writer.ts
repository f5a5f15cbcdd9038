/**
 * Writes prediction rows through the database driver itself, in one transaction per call:
 * exact doubles (Prisma's query path would round them), prepared multi-row statements on SQLite
 * and COPY on PostgreSQL, and none of the ORM's per-row overhead on the serving hot path. Reads
 * still go through Prisma.
 */
import { Worker } from "node:worker_threads";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { databaseProvider } from "../config.ts";
import { sqlitePath } from "./client.ts";
import { isDatabaseUnavailable } from "./availability.ts";
import { CommitOutcomeUnknownError, DatabaseUnavailableError } from "../errors.ts";
import { siblingWorker } from "../../pipeline/worker-url.ts";
import { WriterThread } from "./writer-thread.ts";
import { PREDICTION_COLUMN_LIST, type PredictionTable, copyText, tableBuffers } from "./prediction-columns.ts";
import { RollupAccumulator, upsertRollupsPostgres } from "./rollups.ts";
import { DEFAULT_DRIFT_SAMPLE, type DriftSampleSettings, SampleAccumulator, upsertSamplesPostgres } from "./drift-sample.ts";

const COPY_SQL = `COPY "Prediction" (${PREDICTION_COLUMN_LIST}) FROM STDIN`;

export interface PredictionWriter {
  /**
   * Inserts all rows of all tables atomically; resolves once committed. The tables' typed arrays
   * may be transferred to another thread: the caller must not use them afterwards.
   */
  insert(tables: readonly PredictionTable[]): Promise<void>;
  /** One atomic insert whose rows arrive chunk by chunk (see PredictionStream). */
  stream(): PredictionStream;
  close(): Promise<void>;
}

/**
 * The rows of one large batch, handed over chunk by chunk while the rest is still being
 * computed, and stored in one transaction: the SQLite writer inserts chunk k while the main
 * thread predicts chunk k+1. All or nothing, as `insert`.
 */
export interface PredictionStream {
  /** Hands over a chunk (its typed arrays may be transferred: do not use them afterwards). */
  write(table: PredictionTable): void;
  /** Resolves once every chunk is committed; rejects (nothing stored) otherwise. */
  commit(): Promise<void>;
  /** Stores none of the chunks. */
  abort(): Promise<void>;
}

/** A stream for writers that insert at the end: the chunks gathered, then one `insert`. */
export function gatheringStream(insert: (tables: readonly PredictionTable[]) => Promise<void>): PredictionStream {
  const tables: PredictionTable[] = [];
  return {
    write: (table) => void tables.push(table),
    commit: () => insert(tables),
    abort: async () => {
      tables.length = 0;
    },
  };
}


const WRITER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };
const CHECKPOINTER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };
/**
 * How often the checkpointer thread copies committed WAL pages into the database file. Each
 * checkpoint ends with fsyncs, and while ext4 commits its journal for them the writer's next WAL
 * write waits: the more was written since the last checkpoint, the longer. Every 250 ms instead of
 * every second: predict p99 under wrk -c16 (log on) 14.0-18.3 -> 12.0-12.6 ms, max 40-57 -> 25-27
 * ms, same throughput and batch times (alternating runs, README).
 */
const CHECKPOINT_INTERVAL_MS = 250;
/**
 * Committed rows that start a checkpoint at once, whatever the interval (~3,000 WAL pages). Back-
 * to-back 10,000-row batches write ~1,500 pages each: at one checkpoint per second the WAL reached
 * the writer's automatic checkpoint (20,000 pages), and the commit that crossed it copied them all
 * (~150 ms, for that batch and every request waiting on the same commit).
 */
const CHECKPOINT_ROWS = 20_000;

interface Checkpointer {
  /** Committed rows since the last call: the thread checkpoints now once `rows` have gathered. */
  committed(rows: number): void;
  stop(): Promise<void>;
}

/**
 * The checkpointer thread (src/db/sqlite-checkpoint.worker.ts): PASSIVE checkpoints beside the
 * writer, so no group commit pays for one: every `intervalMs`, or as soon as `rows` rows have
 * been committed since the last one.
 */
function startCheckpointer(path: string, { intervalMs, rows: threshold }: { intervalMs: number; rows: number }): Checkpointer {
  const start = siblingWorker("./sqlite-checkpoint.worker", import.meta.url);
  const worker = new Worker(start.url, { workerData: { ...start.workerData, path, intervalMs }, resourceLimits: CHECKPOINTER_HEAP_LIMITS });
  // A failed checkpointer costs latency, never data: the writer's automatic checkpoint remains.
  worker.on("error", () => undefined);
  worker.unref();
  let rows = 0;
  return {
    committed(n) {
      rows += n;
      if (rows < threshold) return;
      rows = 0;
      worker.postMessage({ checkpoint: true });
    },
    async stop() {
      const closed = new Promise<void>((resolve) => {
        worker.once("message", () => resolve());
        worker.once("exit", () => resolve());
      });
      worker.postMessage({ close: true });
      await closed;
      await worker.terminate();
    },
  };
}

/**
 * SQLite: the inserts and the fsync run in a dedicated worker thread (src/db/sqlite-writer.worker.ts)
 * so they never block serving; each call resolves when its transaction is durable. A crashed
 * worker fails the calls waiting on it (nothing is acknowledged unstored) and is replaced on the
 * next call.
 */
interface SqliteWriterSettings {
  synchronous: "NORMAL" | "FULL";
  walAutocheckpoint: number;
  driftSample: DriftSampleSettings;
  checkpoint: { intervalMs: number; rows: number };
}

function sqliteWriter(url: string, { checkpoint, ...settings }: SqliteWriterSettings): PredictionWriter {
  const path = sqlitePath(url);
  const start = siblingWorker("./sqlite-writer.worker", import.meta.url);
  let checkpointer: Checkpointer | null = null;
  type Message = { tables?: readonly PredictionTable[]; stream?: number; end?: boolean; chunks?: number; abort?: boolean; close?: true };
  // The thread holds one chunk of parameters at a time: a small young generation keeps its
  // resident memory small (V8 would otherwise grow it like the main thread's after bursts).
  const thread = new WriterThread<Message>({ start, workerData: { path, ...settings }, resourceLimits: WRITER_HEAP_LIMITS, label: "prediction log write" });
  const prepare = (message: Message) => {
    if (message.tables && path !== ":memory:") checkpointer ??= startCheckpointer(path, checkpoint);
    // A large table's typed arrays move to the writer thread (no copy); the rest is cloned (tableBuffers).
    return (message.tables ?? []).flatMap(tableBuffers);
  };
  /** Resolves once the thread answers; `rows` committed rows count towards the next checkpoint. */
  const send = (message: Message, rows = 0) =>
    thread.request(message, prepare(message)).then(() => {
      checkpointer?.committed(rows);
    });
  let nextStream = 1;
  return {
    insert: (tables) => send({ tables }, tables.reduce((n, t) => n + t.rows, 0)),
    stream() {
      const stream = nextStream++;
      let chunks = 0;
      let rows = 0;
      // Chunks are not answered one by one (id 0): the end message answers for the whole transaction.
      return {
        write(table) {
          chunks++;
          rows += table.rows;
          const message = { tables: [table], stream };
          thread.post(message, prepare(message));
        },
        commit: () => send({ stream, end: true, chunks }, rows),
        abort: () => send({ stream, end: true, chunks, abort: true }).catch(() => undefined),
      };
    },
    async close() {
      await checkpointer?.stop();
      checkpointer = null;
      await thread.close({ close: true });
    },
  };
}

/**
 * PostgreSQL: rows go in with COPY … FROM STDIN, the server's bulk path: no statement or array
 * literals to parse per row, and no client-side array serialisation (pg's took ~50 ms of a
 * 10,000-row `unnest` insert). Measured on the 2-core machine kind: 10,000 rows 136–207 ms with
 * the former `unnest` insert, 67–95 ms with COPY; 10 rows 534–704 µs vs 423–498 µs; predict under
 * wrk -c16 with the log on 7,124–7,849 req/s vs 7,999–8,181 (alternating runs). A large batch's
 * chunks are written into one COPY as they are predicted, so the server stores chunk k while this
 * process computes chunk k+1. A COPY is one statement: all of its rows are stored, or none (an
 * abandoned stream sends CopyFail).
 */
/**
 * What a lost connection means for the rows: before COMMIT was sent nothing can be
 * stored (DatabaseUnavailableError, 503): the COPY runs inside BEGIN … COMMIT; once COMMIT was sent, the server may have committed just before the
 * connection died, or a timed-out commit may still land: the outcome is unknown.
 */
function outcomeOf(err: Error, commitSent: boolean): Error {
  const detail = err.message.split("\n")[0]!.slice(0, 200);
  return commitSent ? new CommitOutcomeUnknownError(detail) : new DatabaseUnavailableError(detail);
}

function postgresWriter(url: string, poolSize: number, driftSample: DriftSampleSettings): PredictionWriter {
  // Fail fast when the database is down (2 s to connect, 5 s per statement) instead of hanging requests.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 2000, query_timeout: 5000 });
  pool.on("error", () => undefined); // an idle client lost its connection: the pool replaces it

  /**
   * One transaction on a pooled connection: BEGIN, the rows by COPY (text written as it comes),
   * the chunk's rollups merged into MonitoringRollup (src/db/rollups.ts) and its rows offered to
   * the drift samples (src/db/drift-sample.ts), COMMIT by `end`; ROLLBACK by `fail` or any error,
   * so rows, rollups and samples are stored together or not at all.
   */
  const open = () => {
    const rollups = new RollupAccumulator();
    const samples = new SampleAccumulator(driftSample);
    let commitSent = false;
    const started = pool.connect().then(async (client) => {
      let released = false;
      let copy: ReturnType<typeof copyFrom> | undefined;
      // A checked-out client has no pool listener: without this one, the connection's death (the
      // server stopped, a reset) is an unhandled 'error' that takes the whole process down.
      const onClientError = (err: Error) => {
        if (copy && !copy.destroyed) copy.destroy(err);
        else release(err);
      };
      client.on("error", onClientError);
      const release = (err?: Error) => {
        if (released) return;
        released = true;
        client.off("error", onClientError);
        if (err) client.on("error", () => undefined); // late errors of the connection being destroyed
        // With an error the pool destroys the connection instead of handing it out again.
        client.release(err);
      };
      /** A refused row leaves the connection usable; anything else (a lost connection, a timeout) discards it. */
      const refused = (err: unknown) => err instanceof pg.DatabaseError && !isDatabaseUnavailable(err);
      try {
        await client.query("BEGIN");
      } catch (err) {
        release(refused(err) ? undefined : (err as Error));
        throw refused(err) ? err : outcomeOf(err as Error, false);
      }
      const stream = client.query(copyFrom(COPY_SQL));
      copy = stream;
      const copied = new Promise<void>((resolve, reject) => {
        stream.on("finish", () => resolve());
        // `on`, not `once`: a write after a failure emits again.
        stream.on("error", (err) => reject(err));
      });
      copied.catch(() => undefined); // reported by end()/fail()
      /** After the COPY: the chunk's rollups and samples, then COMMIT; rows, rollups and samples are stored together or not at all. */
      const done = copied
        .then(async () => {
          const query = (sql: string, params: unknown[]) => client.query(sql, params);
          await upsertRollupsPostgres(rollups.entries(), query);
          await upsertSamplesPostgres(samples, query);
          commitSent = true;
          await client.query("COMMIT");
          release();
        })
        .catch(async (err: Error) => {
          if (refused(err)) {
            await client.query("ROLLBACK").catch(() => undefined);
            release();
            throw err;
          }
          release(err);
          throw outcomeOf(err, commitSent);
        });
      return { copy: stream, done };
    });
    started.catch(() => undefined); // reported by end()
    return {
      // Chained on `started`: in order, after the connection is there.
      write: (table: PredictionTable) =>
        void started.then(
          ({ copy }) => {
            if (copy.destroyed) return;
            rollups.addTable(table);
            samples.addTable(table);
            copy.write(copyText(table));
          },
          () => undefined,
        ),
      end: () =>
        started.then(({ copy, done }) => {
          copy.end();
          return done;
        }),
      fail: () =>
        started.then(
          ({ copy, done }) => {
            copy.destroy(new Error("the batch was abandoned before all of its rows were computed"));
            return done.catch(() => undefined);
          },
          () => undefined,
        ),
    };
  };
  return {
    insert(tables) {
      if (tables.every((t) => t.rows === 0)) return Promise.resolve();
      const copy = open();
      for (const table of tables) if (table.rows > 0) copy.write(table);
      return copy.end();
    },
    stream() {
      const copy = open();
      return {
        write: (table) => copy.write(table),
        commit: () => copy.end(),
        abort: () => copy.fail(),
      };
    },
    async close() {
      await pool.end();
    },
  };
}

export interface PredictionWriterOptions {
  /** PostgreSQL: connections of the writer's own pool. */
  poolSize?: number;
  /** SQLite synchronous mode for the log: NORMAL (survives a process crash) or FULL (also power loss). */
  sqliteSynchronous?: "NORMAL" | "FULL";
  /** SQLite: WAL pages before an automatic checkpoint. */
  sqliteWalAutocheckpoint?: number;
  /** SQLite: the checkpointer thread's interval and row count (tests; defaults CHECKPOINT_INTERVAL_MS, CHECKPOINT_ROWS). */
  sqliteCheckpoint?: { intervalMs: number; rows: number };
  /** The drift samples' size and window (DRIFT_SAMPLE_SIZE, DRIFT_SAMPLE_WINDOW_MS; default 5,000 per hour). */
  driftSample?: DriftSampleSettings;
}

export function openPredictionWriter(url: string, options: PredictionWriterOptions = {}): PredictionWriter {
  return databaseProvider(url) === "sqlite"
    ? sqliteWriter(url, {
        synchronous: options.sqliteSynchronous ?? "NORMAL",
        walAutocheckpoint: options.sqliteWalAutocheckpoint ?? 20_000,
        checkpoint: options.sqliteCheckpoint ?? { intervalMs: CHECKPOINT_INTERVAL_MS, rows: CHECKPOINT_ROWS },
        driftSample: options.driftSample ?? DEFAULT_DRIFT_SAMPLE,
      })
    : postgresWriter(url, options.poolSize ?? 4, options.driftSample ?? DEFAULT_DRIFT_SAMPLE);
}

/** Stores nothing: PREDICTION_LOG_ENABLED=false, for measuring what durable logging costs. */
export function nullPredictionWriter(): PredictionWriter {
  return {
    async insert() {},
    stream: () => gatheringStream(async () => undefined),
    async close() {},
  };
}
