/**
 * Training jobs started over the API: one at a time per process, run off the request path (the
 * pipeline's CPU work happens in worker threads, leaving one core to serving), progress published
 * on `trainingProgress`, the champion swapped and `modelPromoted` published when the new version
 * passes the gate.
 */
import type { Db } from "../../db/client.ts";
import { BadUserInputError, ConflictError, type FieldProblem, NotFoundError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { type DomusPubSub, Topic } from "../../pubsub.ts";
import { RunStatus } from "../common/enums.ts";
import type { EventsOutbox } from "../events/outbox.ts";
import type { DatasetsService } from "../datasets/datasets.service.ts";
import type { RegistrationResult } from "./registration.ts";
import { type TrainingJobRequest, trainAndRegister } from "./train-and-register.ts";
import type { TrainingJob, TrainingProgress, TrainingRunInput } from "./training.type.ts";
import { PeriodicJob } from "../common/periodic-job.ts";

export interface JobOptions {
  /** false: a result that passes the gate stays a CANDIDATE. Default true. */
  promote?: boolean;
  /** Recorded with the job's input, e.g. "retraining policy: drift alert …". */
  origin?: string;
  onRegistered?: (registration: RegistrationResult) => Promise<void>;
}

type JobRow = { id: string; status: string; startedAt: Date; finishedAt: Date | null; error: string | null; experimentId: string | null };

/** A job found dead: its id, when it started and the error it was failed with. */
export interface InterruptedJob {
  id: string;
  startedAt: Date;
  error: string;
}

export function toTrainingJob(row: JobRow): TrainingJob {
  return { id: row.id, status: row.status as RunStatus, startedAt: row.startedAt, finishedAt: row.finishedAt, error: row.error, experimentId: row.experimentId };
}

export function validateTrainingInput(input: TrainingRunInput | null | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (field: keyof TrainingRunInput, ok: (v: number) => boolean, rule: string) => {
    const v = input?.[field];
    if (v !== null && v !== undefined && (typeof v !== "number" || !ok(v))) problems.push({ field: `input.${field}`, message: `${field} ${rule}, got ${v}` });
  };
  check("searchIterations", (v) => v >= 1 && v <= 1000, "must be from 1 to 1000");
  check("cvFolds", (v) => v >= 2 && v <= 20, "must be from 2 to 20");
  check("seed", (v) => v >= 0, "must be >= 0");
  const name = input?.experimentName;
  if (name !== null && name !== undefined && !/^[\w.\- /]{1,100}$/.test(name)) {
    problems.push({ field: "input.experimentName", message: "experimentName must be 1-100 letters, digits, spaces or . _ - /" });
  }
  return problems;
}

export interface TrainingServiceOptions {
  db: Db;
  events: EventsOutbox;
  pubsub: DomusPubSub;
  logger: Logger;
  /** The request a job starts from; the mutation's input overrides parts of it. */
  baseRequest: () => TrainingJobRequest;
  /** Recorded as the job's owner (heartbeats). Default "local". */
  replicaId?: string;
  /** Where jobs find their dataset version (lineage); without it they read the configured file. Default: none. */
  datasets?: DatasetsService | null;
  /** TRAINING_HEARTBEAT_STALE_MS: a RUNNING job whose heartbeat is older died with its replica. Default 60000. */
  staleMs?: number;
}

export class TrainingService {
  private running: Promise<void> | null = null;
  private sweeper: PeriodicJob | null = null;
  private interruptedHandler: ((job: InterruptedJob) => Promise<void>) | null = null;
  private readonly db: Db;
  private readonly events: EventsOutbox;
  private readonly pubsub: DomusPubSub;
  private readonly logger: Logger;
  private readonly baseRequest: () => TrainingJobRequest;
  private readonly replicaId: string;
  private readonly datasets: DatasetsService | null;
  private readonly staleMs: number;

  constructor({ db, events, pubsub, logger, baseRequest, replicaId = "local", datasets = null, staleMs = 60_000 }: TrainingServiceOptions) {
    this.db = db;
    this.events = events;
    this.pubsub = pubsub;
    this.logger = logger;
    this.baseRequest = baseRequest;
    this.replicaId = replicaId;
    this.datasets = datasets;
    this.staleMs = staleMs;
  }

  /** Called for each job failed as interrupted (the retraining policy gives its cooldown back). */
  onInterrupted(handler: (job: InterruptedJob) => Promise<void>): void {
    this.interruptedHandler = handler;
  }

  /** The dataset version a job trains on: the one asked for, else the training default (DATA_PATH, as `domus train`). */
  private async datasetFor(datasetId: string | null | undefined): Promise<TrainingJobRequest["dataset"]> {
    if (!this.datasets) {
      if (datasetId) throw new BadUserInputError("this server keeps no dataset versions", [{ field: "input.datasetId", message: "unknown dataset" }]);
      return undefined;
    }
    const id = datasetId ?? (await this.datasets.trainingDefault())?.id;
    if (!id) return undefined;
    const { dataset, data } = await this.datasets.load(id).catch((err: unknown) => {
      if (err instanceof NotFoundError) {
        throw new BadUserInputError(`no dataset version ${JSON.stringify(id)}; \`datasets\` lists them`, [{ field: "input.datasetId", message: "no such dataset version" }]);
      }
      throw err;
    });
    return { id: dataset.id, data };
  }

  /**
   * Jobs whose replica stopped heart-beating can never finish: mark them FAILED, their RUNNING runs
   * too, and tell the retraining policy. `includeOwn` (start-up): this replica's own jobs died with
   * its previous process whatever their heartbeat. Jobs another live replica is running keep their
   * status. Each job is failed by one conditional update, so of two sweeping replicas one acts.
   */
  async failInterruptedJobs(includeOwn = true): Promise<number> {
    const stale = new Date(Date.now() - this.staleMs);
    const staleWhere = [{ heartbeatAt: { lt: stale } }, { heartbeatAt: null, startedAt: { lt: stale } }];
    const candidates = await this.db.trainingJob.findMany({
      where: { status: { in: [RunStatus.QUEUED, RunStatus.RUNNING] }, OR: includeOwn ? [...staleWhere, { replicaId: this.replicaId }] : staleWhere },
    });
    let failed = 0;
    for (const row of candidates) {
      if (this.running && row.replicaId === this.replicaId && !includeOwn) continue;
      const last = row.heartbeatAt ?? row.startedAt;
      const error = `interrupted: no heartbeat from replica ${row.replicaId ?? "?"} since ${last.toISOString()} (TRAINING_HEARTBEAT_STALE_MS=${this.staleMs}); the replica running it stopped`;
      // The job and its runs fail together (one transaction), or not at all.
      const count = await this.db.$transaction(async (tx) => {
        const { count } = await tx.trainingJob.updateMany({
          where: { id: row.id, status: row.status, heartbeatAt: row.heartbeatAt },
          data: { status: RunStatus.FAILED, error, finishedAt: new Date() },
        });
        if (count > 0 && row.experimentId) {
          await tx.run.updateMany({ where: { experimentId: row.experimentId, status: RunStatus.RUNNING }, data: { status: RunStatus.FAILED, error, finishedAt: new Date() } });
        }
        return count;
      });
      if (count === 0) continue;
      failed++;
      this.logger.warn({ jobId: row.id, replicaId: row.replicaId, lastHeartbeat: last }, "training job failed as interrupted: its heartbeat went stale");
      this.publish({ jobId: row.id, stage: "failed", completed: 0, total: 1, message: error, status: RunStatus.FAILED });
      await this.interruptedHandler?.({ id: row.id, startedAt: row.startedAt, error }).catch((err: unknown) => this.logger.error({ err, jobId: row.id }, "after-interruption step failed"));
    }
    return failed;
  }

  /** Sweeps stale jobs every sixth of the bound while `shouldSweep()` (the leader). */
  startSweeper(shouldSweep: () => boolean): void {
    this.sweeper ??= new PeriodicJob({
      intervalMs: this.heartbeatMs,
      when: shouldSweep,
      run: () => this.failInterruptedJobs(false),
      onError: (err) => this.logger.error({ err }, "stale training-job sweep failed"),
    }).start();
  }

  stopSweeper(): Promise<void> {
    const sweeper = this.sweeper;
    this.sweeper = null;
    return sweeper?.stop() ?? Promise.resolve();
  }

  private get heartbeatMs(): number {
    return Math.max(100, Math.floor(this.staleMs / 6));
  }

  /** A job running anywhere in the cluster (fresh heartbeat); stale ones are failed first (taken over). */
  private async runningElsewhere(): Promise<boolean> {
    await this.failInterruptedJobs(false);
    const fresh = new Date(Date.now() - this.staleMs);
    return (await this.db.trainingJob.count({ where: { status: RunStatus.RUNNING, heartbeatAt: { gte: fresh } } })) > 0;
  }

  async job(id: string): Promise<TrainingJob | null> {
    const row = await this.db.trainingJob.findUnique({ where: { id } });
    return row ? toTrainingJob(row) : null;
  }

  /** Resolves when the running job (if any) has finished. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /**
   * Starts a job. `options.promote: false` keeps a result that passes the gate a CANDIDATE (the
   * retraining loop never promotes); `onRegistered` runs after registration, before the job's
   * final progress event.
   */
  async start(input: TrainingRunInput | null | undefined, options: JobOptions = {}): Promise<TrainingJob> {
    const problems = validateTrainingInput(input);
    if (problems.length > 0) throw new BadUserInputError(`Invalid input: ${problems.map((p) => p.message).join("; ")}`, problems);
    if (this.running || (await this.runningElsewhere())) throw new ConflictError("a training job is already running; wait for it (trainingProgress) before starting another");
    const dataset = await this.datasetFor(input?.datasetId);
    const request: TrainingJobRequest = {
      ...this.baseRequest(),
      ...(dataset ? { dataset } : {}),
      ...(input?.searchIterations ? { searchIterations: input.searchIterations } : {}),
      ...(input?.cvFolds ? { cvFolds: input.cvFolds } : {}),
      ...(input?.seed !== null && input?.seed !== undefined ? { seed: input.seed } : {}),
      ...(input?.experimentName ? { experimentName: input.experimentName } : {}),
      ...(options.promote === false ? { promote: false } : {}),
    };
    const recorded = { ...(input ?? {}), ...(options.origin ? { origin: options.origin } : {}), ...(options.promote === false ? { promote: false } : {}) };
    const row = await this.db.trainingJob.create({ data: { status: RunStatus.RUNNING, input: JSON.stringify(recorded), replicaId: this.replicaId, heartbeatAt: new Date() } });
    const job = toTrainingJob(row);
    // One heartbeat in flight at a time: beats that pile up behind a busy event loop (inline
    // training, TRAIN_WORKERS=0) or a slow database would hold pool connections and row locks.
    let beating: Promise<unknown> | null = null;
    const heartbeat = setInterval(() => {
      beating ??= this.db.trainingJob
        .updateMany({ where: { id: job.id, status: RunStatus.RUNNING }, data: { heartbeatAt: new Date() } })
        .catch(() => undefined)
        .finally(() => {
          beating = null;
        });
    }, this.heartbeatMs);
    heartbeat.unref();
    this.running = this.execute(job.id, request, options.onRegistered).finally(() => {
      clearInterval(heartbeat);
      this.running = null;
    });
    return job;
  }

  private publish(progress: TrainingProgress): void {
    this.pubsub.publish(Topic.TrainingProgress, progress);
  }

  private async execute(jobId: string, request: TrainingJobRequest, onRegistered?: JobOptions["onRegistered"]): Promise<void> {
    let experimentRecorded = false;
    try {
      const report = await trainAndRegister(this.db, request, this.logger, {
        onProgress: (e) => this.publish({ jobId, stage: e.stage, completed: e.completed, total: e.total, message: e.message ?? null, status: RunStatus.RUNNING }),
        // The job's first experiment, written once: one update per experiment (several start at
        // once) made concurrent writes of one row that, on PostgreSQL, queued on its lock and held
        // the pool while inline training blocked the event loop (the job then failed).
        onExperiment: (experimentId) => {
          if (experimentRecorded) return;
          experimentRecorded = true;
          this.db.trainingJob.updateMany({ where: { id: jobId, experimentId: null }, data: { experimentId } }).catch(() => undefined);
        },
      });
      // Conditional: a job failed as interrupted meanwhile (stale heartbeat) stays FAILED.
      await this.db.trainingJob.updateMany({ where: { id: jobId, status: RunStatus.RUNNING }, data: { status: RunStatus.FINISHED, finishedAt: new Date() } });
      const reg = report.registration;
      // The promotion's outbox event (written with it) swaps the champion and publishes modelPromoted.
      if (reg.status === "CHAMPION") await this.events.poll();
      if (onRegistered) {
        await onRegistered(reg).catch((err: unknown) => this.logger.error({ err, jobId, version: reg.version }, "after-registration step failed"));
      }
      this.publish({ jobId, stage: "done", completed: 1, total: 1, message: `version ${reg.version} ${reg.status}: ${reg.gate.reason}`, status: RunStatus.FINISHED });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.error({ err, jobId }, "training job failed");
      await this.db.trainingJob.update({ where: { id: jobId }, data: { status: RunStatus.FAILED, error: message, finishedAt: new Date() } }).catch(() => undefined);
      this.publish({ jobId, stage: "failed", completed: 0, total: 1, message, status: RunStatus.FAILED });
    }
  }
}
