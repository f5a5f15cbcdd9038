/**
 * The opt-in retraining loop (off by default): a dataset-drift alert, or live RMSE worse than the
 * serving version's test RMSE by `maxRmseIncrease`, starts ONE training job on the policy's dataset
 * (default: the training file DATA_PATH, as `domus train`) — on the leader only, at most once per cooldown across the cluster (the cooldown is
 * claimed with one conditional UPDATE, so a burst of alerts on several replicas starts one job).
 * The result goes through the quality gate and is never promoted: it stays a CANDIDATE, and
 * becomes the SHADOW challenger when the challenger feature is wired in (`onCandidate`). Every
 * decision is stored as a RetrainingTrigger.
 */
import type { Db } from "../../db/client.ts";
import { BadUserInputError, ConflictError, type FieldProblem } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { DatasetsService } from "../datasets/datasets.service.ts";
import type { InterruptedJob, TrainingService } from "../training/training.service.ts";
import type { RetrainingPolicy, RetrainingPolicyInput, RetrainingTrigger } from "./retraining.type.ts";
import { PeriodicJob } from "../common/periodic-job.ts";

export const DEFAULT_POLICY: Omit<RetrainingPolicy, "lastTriggeredAt" | "trainsOn"> = {
  enabled: false,
  onDrift: true,
  onPerformance: false,
  maxRmseIncrease: 0.2,
  onCoverage: false,
  coverageTolerance: 0.05,
  includeOutcomes: false,
  cooldownMinutes: 60,
  dataset: null,
};

export interface RetrainingHooks {
  /** Live RMSE of the serving version over predictions with recorded outcomes (null: none yet). */
  liveRmse?: () => Promise<{ version: number; rmse: number; outcomes: number } | null>;
  /** Live coverage of the serving version's intervals at 0.8/0.9/0.95 (null: no calibration or no outcomes). */
  liveCoverage?: () => Promise<{ version: number; coverage: { level: number; coverage: number | null; rows: number }[] } | null>;
  /** A dataset version of the latest dataset plus labelled production rows (includeOutcomes). */
  datasetWithOutcomes?: (baseDatasetId: string) => Promise<string | null>;
  /** A result that passed the gate (kept a CANDIDATE): e.g. make it the SHADOW challenger. */
  onCandidate?: (version: number) => Promise<void>;
}

export interface RetrainingOptions {
  modelName: string;
  /** How often the leader compares live with test RMSE (onPerformance). */
  checkIntervalMs: number;
}

/** What a RetrainingService is built from: its dependencies, its RetrainingOptions and its hooks. */
export interface RetrainingServiceOptions extends RetrainingOptions {
  db: Db;
  training: TrainingService;
  datasets: DatasetsService;
  logger: Logger;
  /** Scheduled checks and triggered jobs run on the cluster leader only. */
  isLeader: () => boolean;
  /** What the policy reads and does beyond training (live metrics, the challenger). Default: none. */
  hooks?: RetrainingHooks;
}

type Reason = "DRIFT" | "PERFORMANCE" | "COVERAGE";

/** Outcomes the coverage trigger needs before it judges (fewer: a 90 % interval misses 3 of 30 by chance). */
export const MIN_COVERAGE_OUTCOMES = 30;

export function validatePolicyInput(input: RetrainingPolicyInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const m = input.maxRmseIncrease;
  if (m !== null && m !== undefined && !(Number.isFinite(m) && m > 0 && m <= 10)) problems.push({ field: "input.maxRmseIncrease", message: `maxRmseIncrease must be > 0 and <= 10, got ${m}` });
  const t = input.coverageTolerance;
  if (t !== null && t !== undefined && !(Number.isFinite(t) && t > 0 && t <= 0.5)) problems.push({ field: "input.coverageTolerance", message: `coverageTolerance must be > 0 and <= 0.5, got ${t}` });
  const c = input.cooldownMinutes;
  if (c !== null && c !== undefined && !(Number.isInteger(c) && c >= 0 && c <= 525_600)) problems.push({ field: "input.cooldownMinutes", message: `cooldownMinutes must be an integer from 0 to 525600, got ${c}` });
  return problems;
}

export class RetrainingService {
  private schedule: PeriodicJob | null = null;
  private pending: Promise<unknown> = Promise.resolve();

  private readonly db: Db;
  private readonly training: TrainingService;
  private readonly datasets: DatasetsService;
  private readonly logger: Logger;
  private readonly isLeader: () => boolean;
  private readonly options: RetrainingOptions;
  private readonly hooks: RetrainingHooks;

  constructor({ db, training, datasets, logger, isLeader, hooks = {}, ...options }: RetrainingServiceOptions) {
    this.db = db;
    this.training = training;
    this.datasets = datasets;
    this.logger = logger;
    this.isLeader = isLeader;
    this.options = options;
    this.hooks = hooks;
  }

  async get(): Promise<RetrainingPolicy> {
    const row = await this.db.retrainingPolicy.findUnique({ where: { modelName: this.options.modelName } });
    const policy = row
      ? (({ enabled, onDrift, onPerformance, maxRmseIncrease, onCoverage, coverageTolerance, includeOutcomes, cooldownMinutes, dataset, lastTriggeredAt }) => ({ enabled, onDrift, onPerformance, maxRmseIncrease, onCoverage, coverageTolerance, includeOutcomes, cooldownMinutes, dataset, lastTriggeredAt }))(row)
      : { ...DEFAULT_POLICY, lastTriggeredAt: null };
    const trainsOn = await this.datasetOf(policy.dataset).catch(() => null);
    return { ...policy, trainsOn: trainsOn ? `${trainsOn.name}@${trainsOn.version}` : null };
  }

  /** The dataset version a triggered job trains on: the policy's reference, else the training default (DATA_PATH). */
  private datasetOf(reference: string | null): Promise<{ id: string; name: string; version: number } | null> {
    return reference ? this.datasets.resolve(reference) : this.datasets.trainingDefault();
  }

  async set(input: RetrainingPolicyInput): Promise<RetrainingPolicy> {
    const problems = validatePolicyInput(input);
    // A dataset reference must name a registered version now ("" resets to the default).
    if (input.dataset) {
      await this.datasets.resolve(input.dataset).catch((err: unknown) => problems.push({ field: "input.dataset", message: (err as Error).message }));
    }
    if (problems.length > 0) throw new BadUserInputError(`Invalid input: ${problems.map((p) => p.message).join("; ")}`, problems);
    const changes: Partial<Omit<RetrainingPolicy, "lastTriggeredAt" | "trainsOn">> = {};
    for (const key of Object.keys(DEFAULT_POLICY) as (keyof typeof DEFAULT_POLICY)[]) {
      const value = input[key];
      if (value !== null && value !== undefined) (changes as Record<string, unknown>)[key] = value;
    }
    if (input.dataset === "") changes.dataset = null;
    await this.db.retrainingPolicy.upsert({
      where: { modelName: this.options.modelName },
      create: { modelName: this.options.modelName, ...DEFAULT_POLICY, ...changes },
      update: { ...changes, updatedAt: new Date() },
    });
    this.logger.info({ policy: changes }, "retraining policy changed");
    return this.get();
  }

  async triggers(limit: number): Promise<RetrainingTrigger[]> {
    const rows = await this.db.retrainingTrigger.findMany({ where: { modelName: this.options.modelName }, orderBy: { createdAt: "desc" }, take: Math.max(1, Math.min(limit, 200)) });
    return rows.map(({ id, reason, detail, outcome, trainingJobId, datasetVersionId, createdAt }) => ({ id, reason, detail, outcome, trainingJobId, datasetVersionId, createdAt }));
  }

  /** Called for every drift alert this replica sees; the leader acts when the policy says so. */
  onDriftAlert(alert: { driftedFeatures: string[]; message: string }): Promise<RetrainingTrigger | null> {
    return this.serialised(async () => {
      if (!this.isLeader()) return null;
      const policy = await this.get();
      if (!policy.enabled || !policy.onDrift) return null;
      return this.trigger("DRIFT", `dataset drift alert: ${alert.message} (drifted: ${alert.driftedFeatures.join(", ") || "none"})`, policy);
    });
  }

  /** Compares the serving version's live RMSE with its test RMSE (leader, onPerformance). */
  checkPerformance(): Promise<RetrainingTrigger | null> {
    return this.serialised(async () => {
      if (!this.isLeader() || !this.hooks.liveRmse) return null;
      const policy = await this.get();
      if (!policy.enabled) return null;
      const coverage = policy.onCoverage ? await this.coverageDrop(policy) : null;
      if (coverage) return this.trigger("COVERAGE", coverage, policy);
      if (!policy.onPerformance) return null;
      const live = await this.hooks.liveRmse();
      if (!live) return null;
      const row = await this.db.modelVersion.findUnique({ where: { name_version: { name: this.options.modelName, version: live.version } }, select: { metrics: true } });
      const testRmse = row ? (JSON.parse(row.metrics) as Record<string, number>).test_rmse : undefined;
      if (testRmse === undefined || !(live.rmse > testRmse * (1 + policy.maxRmseIncrease))) return null;
      const detail = `live RMSE ${live.rmse.toFixed(4)} over ${live.outcomes} outcomes of v${live.version} is worse than its test RMSE ${testRmse.toFixed(4)} by more than ${(policy.maxRmseIncrease * 100).toFixed(0)} %`;
      return this.trigger("PERFORMANCE", detail, policy);
    });
  }

  /** Why live coverage is too low (the first level below level − tolerance), or null. */
  private async coverageDrop(policy: RetrainingPolicy): Promise<string | null> {
    const live = await this.hooks.liveCoverage?.();
    if (!live) return null;
    const low = live.coverage.find((c) => c.coverage !== null && c.rows >= MIN_COVERAGE_OUTCOMES && c.coverage < c.level - policy.coverageTolerance);
    if (!low) return null;
    return `live coverage of v${live.version}'s ${(low.level * 100).toFixed(0)} % intervals is ${(low.coverage! * 100).toFixed(1)} % over ${low.rows} outcomes, below ${((low.level - policy.coverageTolerance) * 100).toFixed(1)} % (level − ${policy.coverageTolerance})`;
  }

  startSchedule(): void {
    if (this.schedule || !this.hooks.liveRmse) return;
    this.schedule = new PeriodicJob({
      intervalMs: this.options.checkIntervalMs,
      run: () => this.checkPerformance(),
      onError: (err) => this.logger.warn({ err }, "retraining performance check failed"),
    }).start();
  }

  stopSchedule(): Promise<void> {
    const schedule = this.schedule;
    this.schedule = null;
    return schedule?.stop() ?? Promise.resolve();
  }

  /** Resolves when every decision under way on this replica is stored. */
  async idle(): Promise<void> {
    await this.pending.catch(() => undefined);
  }

  /** One decision at a time on this replica (a burst of alerts is handled in order). */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.pending.then(work, work);
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async record(reason: Reason, detail: string, outcome: string, ids: { trainingJobId?: string; datasetVersionId?: string | null } = {}): Promise<RetrainingTrigger> {
    const row = await this.db.retrainingTrigger.create({
      data: { modelName: this.options.modelName, reason, detail, outcome, trainingJobId: ids.trainingJobId ?? null, datasetVersionId: ids.datasetVersionId ?? null },
    });
    this.logger.info({ reason, outcome, detail, trainingJobId: row.trainingJobId }, "retraining decision");
    return { id: row.id, reason, detail, outcome, trainingJobId: row.trainingJobId, datasetVersionId: row.datasetVersionId, createdAt: row.createdAt };
  }

  /**
   * A job this policy started died with its replica: give back the cooldown it claimed (unless a
   * later claim replaced it) and record an INTERRUPTED decision, so the next alert starts a job.
   */
  async jobInterrupted(job: InterruptedJob): Promise<void> {
    const started = await this.db.retrainingTrigger.findFirst({ where: { modelName: this.options.modelName, trainingJobId: job.id, outcome: "STARTED" } });
    if (!started) return;
    await this.db.retrainingPolicy.updateMany({ where: { modelName: this.options.modelName, lastTriggeredAt: { lte: job.startedAt } }, data: { lastTriggeredAt: null } });
    await this.record(started.reason as Reason, `${started.detail}; ${job.error}`, "INTERRUPTED", { trainingJobId: job.id, datasetVersionId: started.datasetVersionId });
  }

  private async trigger(reason: Reason, detail: string, policy: RetrainingPolicy): Promise<RetrainingTrigger> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - policy.cooldownMinutes * 60_000);
    // The cooldown is claimed in the database: of concurrent claims, exactly one updates the row.
    const claimed = await this.db.retrainingPolicy.updateMany({
      where: { modelName: this.options.modelName, enabled: true, OR: [{ lastTriggeredAt: null }, { lastTriggeredAt: { lte: cutoff } }] },
      data: { lastTriggeredAt: now },
    });
    if (claimed.count === 0) return this.record(reason, detail, "COOLDOWN");
    const release = () => this.db.retrainingPolicy.updateMany({ where: { modelName: this.options.modelName, lastTriggeredAt: now }, data: { lastTriggeredAt: policy.lastTriggeredAt } });
    let datasetVersionId: string | null = null;
    try {
      const base = await this.datasetOf(policy.dataset);
      datasetVersionId = base?.id ?? null;
      if (base && policy.includeOutcomes && this.hooks.datasetWithOutcomes) datasetVersionId = (await this.hooks.datasetWithOutcomes(base.id)) ?? base.id;
      const job = await this.training.start(
        { experimentName: `retraining-${now.toISOString().replace(/[:.]/g, "-")}`, ...(datasetVersionId ? { datasetId: datasetVersionId } : {}) },
        {
          promote: false,
          origin: `retraining policy (${reason}): ${detail}`,
          onRegistered: async (registration) => {
            if (registration.status === "CANDIDATE") await this.hooks.onCandidate?.(registration.version);
          },
        },
      );
      return await this.record(reason, detail, "STARTED", { trainingJobId: job.id, datasetVersionId });
    } catch (err) {
      // Nothing started: give the cooldown back so the next alert can try again.
      await release().catch(() => undefined);
      if (err instanceof ConflictError) return this.record(reason, detail, "BUSY", { datasetVersionId });
      this.logger.error({ err }, "retraining could not start a training job");
      return this.record(reason, `${detail}; could not start: ${(err as Error).message}`, "FAILED", { datasetVersionId });
    }
  }
}
