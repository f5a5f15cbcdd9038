/**
 * Shadow scores, written off the response path: rows gather in memory and go to the
 * ShadowPrediction table through a driver-level writer (shadow-writer.ts) in one transaction per
 * `flushMs` (or once `maxRows` wait). Nothing
 * here is awaited by a request. A write that fails is logged and its rows dropped (the champion's
 * predictions are already stored); so are rows beyond `maxBuffered` when the database falls behind,
 * counted in `domus_shadow_predictions_dropped_total`.
 */
import type { Logger } from "../../logger.ts";
import type { ShadowScore } from "../../db/rollups.ts";
import type { ShadowWriter } from "./shadow-writer.ts";
import { Batcher } from "../common/batcher.ts";

/** A shadow score as stored: the fields the rollups read (ShadowScore) and its identifiers. */
export interface ShadowRow extends ShadowScore {
  id: string;
  /** The champion's logged prediction of the same row. */
  predictionId: string;
  modelVersionId: string;
}

export interface ShadowLogOptions {
  flushMs: number;
  maxRows: number;
  maxBuffered: number;
  /** After each committed write, with its row count. */
  onCommit?: (rows: number) => void;
  onDrop?: (rows: number) => void;
}

export class ShadowLog {
  private readonly batcher: Batcher<ShadowRow>;
  readonly stats = { written: 0, dropped: 0, failures: 0 };

  constructor(
    private readonly writer: ShadowWriter,
    private readonly logger: Logger,
    private readonly options: ShadowLogOptions,
  ) {
    this.batcher = new Batcher<ShadowRow>({ maxSize: options.maxRows, maxPerWrite: options.maxRows, maxWaitMs: options.flushMs, write: (rows) => this.write(rows) });
  }

  append(rows: ShadowRow[]): void {
    const room = this.options.maxBuffered - this.batcher.length;
    const kept = room >= rows.length ? rows : rows.slice(0, Math.max(0, room));
    if (kept.length < rows.length) {
      this.stats.dropped += rows.length - kept.length;
      this.options.onDrop?.(rows.length - kept.length);
    }
    this.batcher.addAll(kept);
  }

  private async write(rows: ShadowRow[]): Promise<void> {
    try {
      await this.writer.insert(rows);
      this.stats.written += rows.length;
      this.options.onCommit?.(rows.length);
    } catch (err) {
      this.stats.failures++;
      this.stats.dropped += rows.length;
      this.options.onDrop?.(rows.length);
      this.logger.warn({ err, rows: rows.length }, "shadow predictions could not be stored; dropped");
    }
  }

  /** A shadow challenger is active: have the writer ready before its first scores. */
  warm(): void {
    this.writer.warm();
  }

  /** Writes everything buffered now (shutdown, tests). */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Flushes and closes the writer. */
  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }
}
