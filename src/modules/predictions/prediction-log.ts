/**
 * The durable prediction log, with group commit: predictions from concurrent requests wait
 * together and are written in one multi-row insert (one transaction), and each request is
 * acknowledged only after the insert holding its rows has committed. A flush starts when
 * `maxRows` predictions wait or the oldest has waited `maxWaitMs`; while one flush runs, new
 * rows gather for the next.
 */
import { isDatabaseUnavailable } from "../../db/availability.ts";
import { type PredictionTable, concatTables } from "../../db/prediction-columns.ts";
import type { PredictionStream, PredictionWriter } from "../../db/prediction-writer.ts";
import { DatabaseUnavailableError } from "../../errors.ts";

interface Waiter {
  table: PredictionTable;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface PredictionLogOptions {
  maxRows: number;
  maxWaitMs: number;
  /** Called after each committed group with its row count (metrics). */
  onCommit?: (rows: number) => void;
  /** Group writes allowed in flight at once (they commit in order). Default 2. */
  maxInFlight?: number;
}

export interface PredictionLogStats {
  flushes: number;
  rowsWritten: number;
  failures: number;
}

export class PredictionLog {
  private waiting: Waiter[] = [];
  private waitingRows = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  /** Writes under way; up to `maxInFlight` overlap so a group never waits for the previous one's reply. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Stream commits under way (they do not count against maxInFlight). */
  private readonly streams = new Set<Promise<void>>();
  private closed = false;
  /** Start times of the writes under way (group commits and stream commits), for stall detection. */
  private readonly writeStarts = new Set<number>();
  readonly stats: PredictionLogStats = { flushes: 0, rowsWritten: 0, failures: 0 };

  constructor(
    private readonly writer: PredictionWriter,
    private readonly options: PredictionLogOptions,
  ) {}

  /** Resolves once every row is committed; rejects (nothing acknowledged) when the write fails. */
  append(table: PredictionTable): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the prediction log is closed"));
    if (table.rows === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ table, resolve, reject });
      this.waitingRows += table.rows;
      if (this.waitingRows >= this.options.maxRows) this.kick();
      else if (this.inFlight.size < (this.options.maxInFlight ?? 2)) {
        // maxWaitMs 0: flush once this turn of the event loop is done, so requests arriving
        // together share a transaction without waiting; while a write is in flight, rows gather
        // for the next one anyway (natural group commit).
        this.timer ??= this.options.maxWaitMs > 0 ? setTimeout(() => this.kick(), this.options.maxWaitMs) : setImmediate(() => this.kick());
      }
    });
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    if (this.inFlight.size >= (this.options.maxInFlight ?? 2) || this.waiting.length === 0) return;
    const startedAt = this.noteWriteStart();
    const write: Promise<void> = this.writeWaiting().finally(() => {
      this.writeStarts.delete(startedAt);
      this.inFlight.delete(write);
      // Rows that arrived during the write go out at once: they have already waited.
      if (this.waiting.length > 0) this.kick();
    });
    this.inFlight.add(write);
  }

  private async writeWaiting(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.waitingRows = 0;
    // One table per model version (and per who answered: champion or canary challenger), in fresh
    // arrays: the writer may transfer them to its thread while the requests still read their own.
    const byVersion = new Map<string, PredictionTable[]>();
    let rows = 0;
    for (const w of batch) {
      const key = `${w.table.modelVersionId}:${w.table.challenger ? 1 : 0}`;
      const group = byVersion.get(key);
      if (group) group.push(w.table);
      else byVersion.set(key, [w.table]);
      rows += w.table.rows;
    }
    try {
      await this.writer.insert([...byVersion.values()].map(concatTables));
      this.committed(rows);
      for (const w of batch) w.resolve();
    } catch (err) {
      const reported = this.failed(err);
      for (const w of batch) w.reject(reported);
    }
  }

  /** A unique start time (ms, nudged to stay unique) for a write now under way. */
  private noteWriteStart(): number {
    let t = performance.now();
    while (this.writeStarts.has(t)) t += 1e-6;
    this.writeStarts.add(t);
    return t;
  }

  /** How long the oldest write under way has been waiting for its commit (0 when none): /readyz reports a stuck writer. */
  stalledMs(): number {
    let oldest = Infinity;
    for (const t of this.writeStarts) oldest = Math.min(oldest, t);
    return oldest === Infinity ? 0 : performance.now() - oldest;
  }

  /** Counts a committed write (a group commit or a stream). */
  private committed(rows: number): void {
    this.stats.flushes++;
    this.stats.rowsWritten += rows;
    this.options.onCommit?.(rows);
  }

  /** Counts a failed write; the error to report to the requests whose rows it held. */
  private failed(err: unknown): unknown {
    this.stats.failures++;
    return isDatabaseUnavailable(err) ? new DatabaseUnavailableError((err as Error).message) : err;
  }

  /**
   * A large batch's rows chunk by chunk, in one transaction of its own (no group commit): the
   * writer stores chunk k while the caller computes chunk k+1. `commit` resolves once all rows
   * are committed, as `append` does.
   */
  stream(): PredictionStream {
    if (this.closed) throw new Error("the prediction log is closed");
    const stream = this.writer.stream();
    let rows = 0;
    return {
      write: (table) => {
        rows += table.rows;
        stream.write(table);
      },
      commit: () => {
        const startedAt = this.noteWriteStart();
        const write = stream.commit().finally(() => this.writeStarts.delete(startedAt)).then(
          () => this.committed(rows),
          (err: unknown) => {
            throw this.failed(err);
          },
        );
        // flush() and close() wait for it too.
        const settled = write.catch(() => undefined);
        this.streams.add(settled);
        void settled.then(() => this.streams.delete(settled));
        return write;
      },
      abort: () => stream.abort(),
    };
  }

  /** Writes everything waiting now; resolves when the log is empty. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0 || this.waiting.length > 0 || this.streams.size > 0) {
      this.kick();
      await Promise.all([...this.inFlight, ...this.streams].map((w) => w.catch(() => undefined)));
    }
  }

  /** Flushes, refuses further appends and closes the writer. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.writer.close();
  }
}
