/**
 * Live performance from the prediction log, shadow scores and recorded outcomes: per version over
 * a window, the paired rows of a champion and its shadow challenger, and the `domus_live_rmse`
 * gauge (computed when /metrics is scraped, over the default window).
 */
import { Gauge } from "prom-client";
import type { Db } from "../../db/client.ts";
import { BadUserInputError } from "../../errors.ts";
import type { DomusMetrics } from "../monitoring/metrics.ts";
import type { VersionPerformance } from "./challenger.type.ts";
import { type ScoredRow, summarizeByVersion, summarizeVersion } from "./performance.ts";

/** `performance` without `since`: the last 24 hours (outcomes arrive late; an hour would hold few). */
export const DEFAULT_PERFORMANCE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Pairs {
  /** Shadow rows of the challenger whose champion prediction came from `championVersion`. */
  pairedRows: number;
  meanAbsDifference: number | null;
  /** Errors (prediction − actual) of both versions on paired rows with an outcome, same order. */
  championErrors: number[];
  challengerErrors: number[];
}

export interface Window {
  since: Date;
  until: Date;
}

export class PerformanceService {
  constructor(
    readonly db: Db,
    readonly defaultName: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  window(since?: Date | null, until?: Date | null, defaultMs = DEFAULT_PERFORMANCE_WINDOW_MS): Window {
    const end = until ?? this.clock();
    const start = since ?? new Date(end.getTime() - defaultMs);
    if (start >= end) throw new BadUserInputError("since must be before until", [{ field: "since", message: "must be before until" }]);
    return { since: start, until: end };
  }

  /** Served predictions and shadow scores of `name` created in the window, each with its outcome. */
  private async load(name: string, window: Window) {
    const createdAt = { gte: window.since, lt: window.until };
    const [served, shadow] = await Promise.all([
      this.db.prediction.findMany({ where: { modelName: name, createdAt }, select: { modelVersion: true, value: true, latencyMs: true, outcome: { select: { actual: true } } } }),
      this.db.shadowPrediction.findMany({
        where: { modelName: name, createdAt },
        select: { modelVersion: true, value: true, latencyMs: true, prediction: { select: { modelVersion: true, value: true, outcome: { select: { actual: true } } } } },
      }),
    ]);
    return { served, shadow };
  }

  private static scored(loaded: Awaited<ReturnType<PerformanceService["load"]>>): ScoredRow[] {
    const rows: ScoredRow[] = loaded.served.map((p) => ({ modelVersion: p.modelVersion, value: p.value, latencyMs: p.latencyMs, actual: p.outcome?.actual ?? null }));
    for (const s of loaded.shadow) rows.push({ modelVersion: s.modelVersion, value: s.value, latencyMs: s.latencyMs, actual: s.prediction.outcome?.actual ?? null });
    return rows;
  }

  /** Every version that scored rows in the window (served or shadow), ascending. */
  async performance(since?: Date | null, until?: Date | null, name: string = this.defaultName): Promise<VersionPerformance[]> {
    const window = this.window(since, until);
    return summarizeByVersion(PerformanceService.scored(await this.load(name, window))).map((p) => Object.assign(p, { modelName: name, window }));
  }

  /** Both versions' performance and their paired rows over the window. */
  async compare(name: string, window: Window, championVersion: number, challengerVersion: number): Promise<{ champion: VersionPerformance; candidate: VersionPerformance; pairs: Pairs }> {
    const loaded = await this.load(name, window);
    const rows = PerformanceService.scored(loaded);
    const pairs: Pairs = { pairedRows: 0, meanAbsDifference: null, championErrors: [], challengerErrors: [] };
    let absDifference = 0;
    for (const s of loaded.shadow) {
      if (s.modelVersion !== challengerVersion || s.prediction.modelVersion !== championVersion) continue;
      pairs.pairedRows++;
      absDifference += Math.abs(s.prediction.value - s.value);
      const actual = s.prediction.outcome?.actual;
      if (actual !== undefined) {
        pairs.championErrors.push(s.prediction.value - actual);
        pairs.challengerErrors.push(s.value - actual);
      }
    }
    if (pairs.pairedRows > 0) pairs.meanAbsDifference = absDifference / pairs.pairedRows;
    return {
      champion: Object.assign(summarizeVersion(championVersion, rows.filter((r) => r.modelVersion === championVersion)), { modelName: name, window }),
      candidate: Object.assign(summarizeVersion(challengerVersion, rows.filter((r) => r.modelVersion === challengerVersion)), { modelName: name, window }),
      pairs,
    };
  }

  /**
   * RMSE per version over the default window's rows with outcomes (served and shadow), read from
   * the outcomes side so a scrape costs in proportion to outcomes, not to traffic.
   */
  async liveRmse(name: string = this.defaultName): Promise<Map<number, number>> {
    const window = this.window(null, null);
    const outcomes = await this.db.outcome.findMany({
      where: { prediction: { modelName: name, createdAt: { gte: window.since, lt: window.until } } },
      select: { actual: true, prediction: { select: { modelVersion: true, value: true, shadows: { select: { modelVersion: true, value: true } } } } },
    });
    const rows: ScoredRow[] = [];
    for (const o of outcomes) {
      rows.push({ modelVersion: o.prediction.modelVersion, value: o.prediction.value, latencyMs: 0, actual: o.actual });
      for (const s of o.prediction.shadows) rows.push({ modelVersion: s.modelVersion, value: s.value, latencyMs: 0, actual: o.actual });
    }
    return new Map(summarizeByVersion(rows).map((p) => [p.modelVersion, p.rmse as number]));
  }

  /** Registers `domus_live_coverage{model_version, level}` (src/modules/intervals), beside live RMSE. */
  registerCoverageGauge(metrics: DomusMetrics, liveCoverage: (name: string, version: number, window: Window) => Promise<{ level: number; coverage: number | null }[]>): void {
    const service = this;
    new Gauge({
      name: "domus_live_coverage",
      help: "Share of recorded outcomes inside the served prediction interval over the last 24 h, per model version and level",
      labelNames: ["model_version", "level"],
      registers: [metrics.registry],
      async collect() {
        const window = service.window(null, null);
        const versions = await service.db.prediction.findMany({
          where: { modelName: service.defaultName, createdAt: { gte: window.since, lt: window.until }, outcome: { isNot: null } },
          distinct: ["modelVersion"],
          select: { modelVersion: true },
        });
        this.reset();
        for (const { modelVersion } of versions) {
          for (const c of await liveCoverage(service.defaultName, modelVersion, window)) {
            if (c.coverage !== null) this.set({ model_version: String(modelVersion), level: String(c.level) }, c.coverage);
          }
        }
      },
    });
  }

  /** Registers `domus_live_rmse{model_version}`: RMSE over the default window's rows with outcomes, computed at scrape time. */
  registerGauge(metrics: DomusMetrics): void {
    const service = this;
    new Gauge({
      name: "domus_live_rmse",
      help: "RMSE against recorded outcomes over the last 24 h, per model version (served and shadow rows)",
      labelNames: ["model_version"],
      registers: [metrics.registry],
      async collect() {
        const rmse = await service.liveRmse();
        this.reset();
        for (const [version, value] of rmse) this.set({ model_version: String(version) }, value);
      },
    });
  }
}
