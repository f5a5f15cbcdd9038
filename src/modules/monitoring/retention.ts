/**
 * Prediction retention: deletes predictions older than PREDICTION_RETENTION_DAYS in small
 * batches with a pause between them, so pruning never holds the database (or SQLite's single
 * writer lock) long enough to stall serving.
 */
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";

export interface RetentionOptions {
  retentionDays: number;
  intervalMs: number;
  /** Rows deleted per statement. */
  batchSize?: number;
  /** Pause between batches, ms. */
  pauseMs?: number;
}

export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
    private readonly clock: () => Date = () => new Date(),
    /** Scheduled pruning runs on the cluster leader only. */
    private readonly isLeader: () => boolean = () => true,
  ) {}

  /** Deletes everything older than the retention window; returns the number of rows deleted. */
  prune(): Promise<number> {
    this.running ??= this.doPrune().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async doPrune(): Promise<number> {
    if (this.options.retentionDays <= 0) return 0;
    const cutoff = new Date(this.clock().getTime() - this.options.retentionDays * 86_400_000);
    const batchSize = this.options.batchSize ?? 2000;
    let deleted = 0;
    while (!this.stopped) {
      const ids = await this.db.prediction.findMany({ where: { createdAt: { lt: cutoff } }, select: { id: true }, take: batchSize });
      if (ids.length === 0) break;
      const { count } = await this.db.prediction.deleteMany({ where: { id: { in: ids.map((r) => r.id) } } });
      deleted += count;
      if (ids.length < batchSize) break;
      await new Promise((r) => setTimeout(r, this.options.pauseMs ?? 20));
    }
    if (deleted > 0) this.logger.info({ deleted, cutoff }, "pruned old predictions");
    return deleted;
  }

  start(): void {
    if (this.options.retentionDays <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.isLeader()) return;
      this.prune().catch((err) => this.logger.warn({ err }, "prediction pruning failed"));
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
