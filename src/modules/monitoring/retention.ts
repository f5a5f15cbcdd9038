/**
 * Prediction retention: deletes predictions older than PREDICTION_RETENTION_DAYS in small
 * batches with a pause between them, so pruning never holds the database (or SQLite's single
 * writer lock) long enough to stall serving. Monitoring rollups (a few rows per 10 s) and drift
 * samples (at most DRIFT_SAMPLE_SIZE rows per sample window and model version) outlive the raw
 * rows: they are pruned on their own, longer schedule (ROLLUP_RETENTION_DAYS).
 */
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import { PeriodicJob } from "../common/periodic-job.ts";

export interface RetentionOptions {
  retentionDays: number;
  intervalMs: number;
  /** Rows deleted per statement. */
  batchSize?: number;
  /** Pause between batches, ms. */
  pauseMs?: number;
  /** Rollups older than this are pruned (0 or absent: kept forever). */
  rollupRetentionDays?: number;
  rollupIntervalMs?: number;
}

/** What a RetentionJob is built from: its dependencies and its RetentionOptions. */
export interface RetentionJobOptions extends RetentionOptions {
  db: Db;
  logger: Logger;
  /** Default: the wall clock. */
  clock?: () => Date;
  /** Scheduled pruning runs on the cluster leader only. Default: always the leader. */
  isLeader?: () => boolean;
}

export class RetentionJob {
  private readonly jobs: PeriodicJob[] = [];
  private running: Promise<number> | null = null;
  private stopped = false;
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly options: RetentionOptions;
  private readonly clock: () => Date;
  private readonly isLeader: () => boolean;

  constructor({ db, logger, clock = () => new Date(), isLeader = () => true, ...options }: RetentionJobOptions) {
    this.db = db;
    this.logger = logger;
    this.options = options;
    this.clock = clock;
    this.isLeader = isLeader;
  }

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

  /**
   * Deletes rollups (MonitoringRollup, OutcomeRollup, CoverageRollup, RequestRollup) of buckets, and drift samples
   * (DriftSample, DriftSampleWindow) of windows, older than the rollup retention; returns the rows deleted.
   */
  async pruneRollups(): Promise<number> {
    const days = this.options.rollupRetentionDays ?? 0;
    if (days <= 0) return 0;
    const cutoff = new Date(this.clock().getTime() - days * 86_400_000);
    const where = { bucketStart: { lt: cutoff } };
    const windows = { windowStart: { lt: cutoff } };
    const counts = await Promise.all([
      this.db.monitoringRollup.deleteMany({ where }),
      this.db.outcomeRollup.deleteMany({ where }),
      this.db.coverageRollup.deleteMany({ where }),
      this.db.requestRollup.deleteMany({ where }),
      this.db.driftSample.deleteMany({ where: windows }),
      this.db.driftSampleWindow.deleteMany({ where: windows }),
    ]);
    const deleted = counts.reduce((n, c) => n + c.count, 0);
    if (deleted > 0) this.logger.info({ deleted, cutoff: where.bucketStart.lt }, "pruned old monitoring rollups and drift samples");
    return deleted;
  }

  start(): void {
    if (this.jobs.length > 0) return;
    const when = () => this.isLeader();
    if ((this.options.rollupRetentionDays ?? 0) > 0) {
      this.jobs.push(new PeriodicJob({ intervalMs: this.options.rollupIntervalMs ?? 86_400_000, when, run: () => this.pruneRollups(), onError: (err) => this.logger.warn({ err }, "rollup pruning failed") }).start());
    }
    if (this.options.retentionDays > 0) {
      this.jobs.push(new PeriodicJob({ intervalMs: this.options.intervalMs, when, run: () => this.prune(), onError: (err) => this.logger.warn({ err }, "prediction pruning failed") }).start());
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.jobs.splice(0).map((job) => job.stop()));
    await this.running?.catch(() => undefined);
  }
}
