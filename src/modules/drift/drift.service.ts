/**
 * Drift monitoring. The reference is the serving model version's own training split, stored with
 * the version at registration — never live traffic. The current window is the most recent logged
 * predictions of that version, or those since a given time, tested whole or on a uniform sample of
 * at most DRIFT_SAMPLE_SIZE of them (drift-window.ts; imputed values excluded: a feature the client
 * did not send is not evidence about its distribution). Each check is stored as a DriftReport; a DriftAlert is
 * published when the model enters dataset drift and again whenever the set of drifted features
 * changes, not on every check while nothing changes.
 */
import type { Db } from "../../db/client.ts";
import { parseJsonText, toJsonText } from "../../db/json.ts";
import type { Logger } from "../../logger.ts";
import { Topic } from "../../pubsub.ts";
import { type EventsOutbox, recordEvent } from "../events/outbox.ts";
import type { ReferenceStats } from "../../../pipeline/reference.ts";
import { ModelNotReadyError, NotFoundError } from "../../errors.ts";
import type { ModelStore } from "../models/model-store.ts";
import type { DomusMetrics } from "../monitoring/metrics.ts";
import type { DriftAlert, DriftReport, FeatureDrift } from "./drift.type.ts";
import type { DriftMethod } from "./methods.ts";
import { type DriftTestResult, featureDrift } from "./statistics.ts";
import { PeriodicJob } from "../common/periodic-job.ts";
import { DriftWindowReader } from "./drift-window.ts";

export interface DriftOptions {
  /** Run a check automatically after this many logged predictions (0 = never)… */
  checkEvery: number;
  /** …but not more often than this (a check reads and tests a whole window). */
  minIntervalMs: number;
  /** Predictions in the current window (the most recent ones). */
  windowSize: number;
  /** Most rows a check tests: a longer window is tested on a uniform sample of this many (DRIFT_SAMPLE_SIZE). */
  sampleSize: number;
  /** Width of the writer's sample windows (DRIFT_SAMPLE_WINDOW_MS). */
  sampleWindowMs: number;
  /** Below this many rows a report says there is not enough data instead of guessing. */
  minRows: number;
  /** Dataset drift when the share of drifted features is at least this. */
  shareThreshold: number;
  /** Per-feature overrides of the method and threshold. */
  features: Record<string, { method?: DriftMethod; threshold?: number }>;
}

type ReportRow = {
  id: string;
  createdAt: Date;
  modelVersion: number;
  windowStart: Date;
  windowEnd: Date;
  referenceSize: number;
  currentSize: number;
  sampleSize: number;
  sufficientData: boolean;
  message: string | null;
  datasetDrift: boolean;
  driftShare: number;
  driftShareThreshold: number;
  features: string;
  predictionDrift: string | null;
};

export function toDriftReport(row: ReportRow): DriftReport {
  return {
    id: row.id,
    createdAt: row.createdAt,
    modelVersion: row.modelVersion,
    windowStart: row.windowStart,
    windowEnd: row.windowEnd,
    referenceSize: row.referenceSize,
    currentSize: row.currentSize,
    sampleSize: row.sampleSize,
    sufficientData: row.sufficientData,
    message: row.message,
    datasetDrift: row.datasetDrift,
    driftShare: row.driftShare,
    driftShareThreshold: row.driftShareThreshold,
    features: parseJsonText<FeatureDrift[]>(row.features, []),
    predictionDrift: parseJsonText<FeatureDrift | null>(row.predictionDrift, null),
  };
}

function toFeatureDrift(feature: string, r: DriftTestResult): FeatureDrift {
  return {
    feature,
    method: r.method,
    score: r.score,
    threshold: r.threshold,
    detected: r.detected,
    referenceSize: r.referenceSize,
    currentSize: r.currentSize,
    referenceMean: r.referenceMean,
    currentMean: r.currentMean,
  };
}

/** What a DriftService is built from: its dependencies and its DriftOptions. */
export interface DriftServiceOptions extends DriftOptions {
  db: Db;
  store: ModelStore;
  events: EventsOutbox;
  metrics: DomusMetrics;
  logger: Logger;
  /** Automatic checks run on the cluster leader only (manual ones anywhere). Default: always the leader. */
  isLeader?: () => boolean;
}

export class DriftService {
  private sinceLastCheck = 0;
  private lastAutomaticCheck = Number.NEGATIVE_INFINITY;
  private checking: Promise<unknown> | null = null;

  private readonly db: Db;
  private readonly store: ModelStore;
  private readonly events: EventsOutbox;
  private readonly metrics: DomusMetrics;
  private readonly logger: Logger;
  readonly options: DriftOptions;
  private readonly isLeader: () => boolean;

  constructor({ db, store, events, metrics, logger, isLeader = () => true, ...options }: DriftServiceOptions) {
    this.db = db;
    this.store = store;
    this.events = events;
    this.metrics = metrics;
    this.logger = logger;
    this.options = options;
    this.isLeader = isLeader;
    this.window = new DriftWindowReader(db, options);
  }

  private schedule: PeriodicJob | null = null;
  private readonly window: DriftWindowReader;

  /**
   * Cluster-wide trigger: every minIntervalMs the leader checks whether checkEvery predictions
   * were logged (by any replica) since the last report, and runs a check if so.
   */
  startSchedule(): void {
    if (this.options.checkEvery <= 0 || this.schedule) return;
    this.schedule = new PeriodicJob({
      intervalMs: Math.max(1000, this.options.minIntervalMs),
      when: () => this.isLeader() && !this.checking,
      run: () => {
        this.checking = this.checkIfDue().finally(() => {
          this.checking = null;
        });
        return this.checking;
      },
      onError: (err) => this.logger.warn({ err }, "scheduled drift check failed"),
    }).start();
  }

  stopSchedule(): Promise<void> {
    const schedule = this.schedule;
    this.schedule = null;
    return schedule?.stop() ?? Promise.resolve();
  }

  private async checkIfDue(): Promise<void> {
    const champion = this.store.champion;
    if (!champion) return;
    const last = await this.db.driftReport.findFirst({ where: { modelVersionId: champion.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
    const fresh = await this.db.prediction.count({ where: { modelVersion: champion.version, modelName: champion.name, ...(last ? { createdAt: { gt: last.createdAt } } : {}) } });
    if (fresh < this.options.checkEvery) return;
    this.lastAutomaticCheck = Date.now();
    this.sinceLastCheck = 0;
    await this.check();
  }

  /** Counts logged predictions; starts a background check every `checkEvery` (never more than one at a time). */
  notePredictions(count: number): void {
    if (this.options.checkEvery <= 0 || !this.isLeader()) return;
    this.sinceLastCheck += count;
    if (this.sinceLastCheck < this.options.checkEvery || this.checking) return;
    const now = Date.now();
    if (now - this.lastAutomaticCheck < this.options.minIntervalMs) return;
    this.lastAutomaticCheck = now;
    this.sinceLastCheck = 0;
    this.checking = this.check()
      .catch((err) => this.logger.warn({ err }, "automatic drift check failed"))
      .finally(() => {
        this.checking = null;
      });
  }

  /** Resolves when the running automatic check (if any) is done. */
  async idle(): Promise<void> {
    await this.checking;
  }

  async reports(limit: number): Promise<DriftReport[]> {
    const rows = await this.db.driftReport.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: Math.max(0, Math.min(limit, 500)) });
    return rows.map(toDriftReport);
  }

  async report(id: string): Promise<DriftReport | null> {
    const row = await this.db.driftReport.findUnique({ where: { id } });
    return row ? toDriftReport(row) : null;
  }

  /** Checks the champion's recent traffic (optionally only predictions since `since`) and stores the report. */
  async check(since?: Date | null): Promise<DriftReport> {
    const champion = this.store.champion;
    if (!champion) throw new ModelNotReadyError("no champion model: nothing to check drift against");
    const version = await this.db.modelVersion.findUnique({ where: { id: champion.id }, select: { referenceStats: true } });
    if (!version) throw new NotFoundError(`model version ${champion.version} vanished`);
    const reference = parseJsonText<ReferenceStats | null>(version.referenceStats, null);
    if (!reference?.rows) throw new NotFoundError(`model version ${champion.version} has no reference data`);

    const { rows, currentSize } = await this.window.read(champion.name, champion.version, since);
    const now = new Date();
    let windowStart = since ?? now;
    let windowEnd = now;
    if (rows.length > 0) {
      windowStart = windowEnd = (rows[0] as (typeof rows)[number]).createdAt;
      for (const r of rows) {
        if (r.createdAt < windowStart) windowStart = r.createdAt;
        if (r.createdAt > windowEnd) windowEnd = r.createdAt;
      }
    }
    const base = {
      modelVersionId: champion.id,
      modelVersion: champion.version,
      windowStart,
      windowEnd,
      referenceSize: reference.size,
      currentSize,
      sampleSize: rows.length,
      driftShareThreshold: this.options.shareThreshold,
    };
    if (rows.length < this.options.minRows) {
      const sampled = rows.length < currentSize ? ` (a sample of the window's ${currentSize})` : "";
      const saved = await this.db.driftReport.create({
        data: {
          ...base,
          sufficientData: false,
          message: `not enough data: ${rows.length} prediction(s) in the window${sampled}, at least ${this.options.minRows} needed (DRIFT_MIN_ROWS)`,
          datasetDrift: false,
          driftShare: 0,
          features: "[]",
        },
      });
      return toDriftReport(saved);
    }

    const current: Record<string, number[]> = {};
    for (const f of reference.features) current[f] = [];
    const predicted: number[] = [];
    for (const row of rows) {
      const features = parseJsonText<Record<string, number>>(row.features, {});
      const imputed = new Set(parseJsonText<string[]>(row.imputedFeatures, []));
      for (const f of reference.features) {
        const v = features[f];
        if (typeof v === "number" && !imputed.has(f)) current[f]?.push(v);
      }
      predicted.push(row.value);
    }
    const results: FeatureDrift[] = [];
    reference.features.forEach((feature, j) => {
      const ref = reference.rows.map((r) => r[j]).filter((v): v is number => typeof v === "number");
      const cur = current[feature] ?? [];
      if (ref.length === 0 || cur.length < this.options.minRows) return; // mostly imputed: no evidence either way
      results.push(toFeatureDrift(feature, featureDrift(ref, cur, this.options.features[feature] ?? {})));
    });
    const drifted = results.filter((r) => r.detected).map((r) => r.feature);
    const driftShare = results.length === 0 ? 0 : drifted.length / results.length;
    const datasetDrift = results.length > 0 && driftShare >= this.options.shareThreshold;
    const predictionDrift =
      reference.predictionValues && reference.predictionValues.length > 0 ? toFeatureDrift("prediction", featureDrift(reference.predictionValues, predicted)) : null;

    const previous = await this.db.driftReport.findFirst({
      where: { modelVersionId: champion.id, sufficientData: true },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { datasetDrift: true, features: true },
    });
    const saved = await this.db.driftReport.create({
      data: {
        ...base,
        sufficientData: true,
        message: datasetDrift ? `dataset drift: ${drifted.join(", ")}` : null,
        datasetDrift,
        driftShare,
        features: toJsonText(results),
        predictionDrift: predictionDrift ? toJsonText(predictionDrift) : null,
      },
    });
    const report = toDriftReport(saved);
    for (const r of results) this.metrics.featureDrift.set({ feature: r.feature, method: r.method }, r.score);
    this.metrics.datasetDrift.set(driftShare);

    const previouslyDrifted = previous?.datasetDrift
      ? parseJsonText<FeatureDrift[]>(previous.features, [])
          .filter((f) => f.detected)
          .map((f) => f.feature)
          .sort()
          .join(",")
      : null;
    if (datasetDrift && previouslyDrifted !== [...drifted].sort().join(",")) await this.alert(report, drifted);
    return report;
  }

  private async alert(report: DriftReport, driftedFeatures: string[]): Promise<void> {
    const message = `Dataset drift for model version ${report.modelVersion}: ${driftedFeatures.length} of ${report.features.length} features drifted (${driftedFeatures.join(", ")}), share ${report.driftShare.toFixed(2)} >= ${report.driftShareThreshold}`;
    // The alert and its outbox event in one transaction: the retraining policy (on the leader,
    // whichever replica checked) hears of it from the database, never lost with a Redis outage.
    await this.db.$transaction(async (tx) => {
      const row = await tx.driftAlert.create({ data: { reportId: report.id, message, driftedFeatures: toJsonText(driftedFeatures) } });
      const alert: DriftAlert = { id: row.id, report, message, driftedFeatures, createdAt: row.createdAt };
      await recordEvent(tx, Topic.DriftAlert, alert);
    });
    this.logger.warn({ modelVersion: report.modelVersion, driftedFeatures }, "dataset drift detected");
    await this.events.poll();
  }
}
