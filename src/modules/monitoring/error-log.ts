/**
 * Counts and stores failed requests by contract error code (for servingMetrics' error rate and
 * the domus_errors_total counter); failures without a valid key are only counted. Rows are buffered and written in batches: losing a few error
 * records in a crash is acceptable, slowing down error responses is not.
 */
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import type { DomusMetrics } from "./metrics.ts";
import { Batcher } from "../common/batcher.ts";

export interface RequestErrorRecord {
  requestId: string;
  operation: string | null;
  code: string;
  apiKeyId: string | null;
  createdAt: Date;
}

/** Refusals that are counted in domus_errors_total but not stored. */
const COUNTED_ONLY = new Set(["UNAUTHENTICATED", "RATE_LIMITED"]);

export interface ErrorLogOptions {
  db: Db;
  metrics: DomusMetrics;
  logger: Logger;
  /** ERROR_LOG_FLUSH_MS: how long a record may wait before it is written. */
  flushMs: number;
  /** ERROR_LOG_MAX_ROWS: records written at once (and the count that starts a write before flushMs). */
  maxRows: number;
}

export class ErrorLog {
  private readonly batcher: Batcher<RequestErrorRecord>;
  private readonly db: Db;
  private readonly metrics: DomusMetrics;
  private readonly logger: Logger;

  constructor({ db, metrics, logger, ...options }: ErrorLogOptions) {
    this.db = db;
    this.metrics = metrics;
    this.logger = logger;
    this.batcher = new Batcher<RequestErrorRecord>({
      maxSize: options.maxRows,
      maxWaitMs: options.flushMs,
      write: (rows) =>
        this.db.requestError
          .createMany({ data: rows })
          .then(() => undefined)
          .catch((err) => this.logger.warn({ err, rows: rows.length }, "could not store request errors")),
    });
  }

  record(entry: Omit<RequestErrorRecord, "createdAt">): void {
    this.metrics.errors.inc({ code: entry.code });
    // A flood of guessed keys, over-limit requests or anonymous failures (no valid key: only
    // `health` is public, so none of them is a serving error) is counted, never written row by row.
    if (COUNTED_ONLY.has(entry.code) || entry.apiKeyId === null) return;
    this.batcher.add({ ...entry, createdAt: new Date() });
  }

  /** Writes what is buffered (shutdown, tests). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }
}
