/**
 * Live performance from the monitoring rollups (served and shadow rows) and the outcome running
 * sums (OutcomeRollup, src/modules/outcomes/outcome-rollups.ts): per version over a window, the
 * paired rows of a champion and its shadow challenger, and the `domus_live_rmse` gauge (computed
 * when /metrics is scraped, over the default window). O(buckets), never O(rows); windows are
 * widened to whole 10-second buckets of the predictions' createdAt.
 */
import type { Db } from "../../db/client.ts";
import { BadUserInputError } from "../../errors.ts";
import type { VersionPerformance } from "./challenger.type.ts";
import { RollupSummary, bucketRange, readRollups, summarize } from "../monitoring/rollup-reader.ts";

/** A version's performance from its merged rollups and outcome sums. */
function versionPerformance(modelVersion: number, rows: RollupSummary | undefined, errors: { n: number; sumSq: number; absSum: number } | undefined): VersionPerformance {
  const r = rows ?? new RollupSummary();
  const n = errors?.n ?? 0;
  return {
    modelVersion,
    predictions: r.count,
    outcomes: n,
    rmse: n > 0 ? Math.sqrt((errors as { sumSq: number }).sumSq / n) : null,
    mae: n > 0 ? (errors as { absSum: number }).absSum / n : null,
    meanPrediction: r.count > 0 ? r.valueSum / r.count : null,
    latency: r.latency(),
  };
}

/** `performance` without `since`: the last 24 hours (outcomes arrive late; an hour would hold few). */
export const DEFAULT_PERFORMANCE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface Pairs {
  /** Shadow rows of the challenger whose champion prediction came from `championVersion`. */
  pairedRows: number;
  meanAbsDifference: number | null;
  /** Running sums of d = champion err² − challenger err² on paired rows with an outcome. */
  differences: { n: number; sum: number; sumSq: number };
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

  /** Rollups (rows) and outcome running sums of `name` in the window: O(buckets), never O(rows). */
  private async load(name: string, window: Window) {
    const [rows, outcomes] = await Promise.all([
      readRollups(this.db, window.since, window.until, { modelName: name }),
      this.db.outcomeRollup.findMany({ where: { modelName: name, bucketStart: bucketRange(window.since, window.until) } }),
    ]);
    return { rows, outcomes };
  }

  private static byVersion(loaded: Awaited<ReturnType<PerformanceService["load"]>>): Map<number, VersionPerformance> {
    const rows = summarize(loaded.rows, (r) => r.modelVersion);
    const errors = new Map<number, { n: number; sumSq: number; absSum: number }>();
    for (const o of loaded.outcomes) {
      if (o.kind !== "VERSION") continue;
      const e = errors.get(o.modelVersion) ?? { n: 0, sumSq: 0, absSum: 0 };
      e.n += o.n;
      e.sumSq += o.sumSq;
      e.absSum += o.absSum;
      errors.set(o.modelVersion, e);
    }
    const out = new Map<number, VersionPerformance>();
    for (const version of new Set([...rows.keys(), ...errors.keys()])) out.set(version, versionPerformance(version, rows.get(version), errors.get(version)));
    return out;
  }

  /** Every version that scored rows in the window (served or shadow), ascending. */
  async performance(since?: Date | null, until?: Date | null, name: string = this.defaultName): Promise<VersionPerformance[]> {
    const window = this.window(since, until);
    const byVersion = PerformanceService.byVersion(await this.load(name, window));
    return [...byVersion.keys()].sort((x, y) => x - y).map((v) => Object.assign(byVersion.get(v) as VersionPerformance, { modelName: name, window }));
  }

  /** Both versions' performance and their paired rows over the window. */
  async compare(name: string, window: Window, championVersion: number, challengerVersion: number): Promise<{ champion: VersionPerformance; candidate: VersionPerformance; pairs: Pairs }> {
    const loaded = await this.load(name, window);
    const byVersion = PerformanceService.byVersion(loaded);
    const shadow = summarize(loaded.rows, (r) => (r.role === "SHADOW" && r.modelVersion === challengerVersion && r.pairedVersion === championVersion ? 0 : null)).get(0);
    const differences = { n: 0, sum: 0, sumSq: 0 };
    for (const o of loaded.outcomes) {
      if (o.kind !== "PAIR" || o.modelVersion !== championVersion || o.pairedVersion !== challengerVersion) continue;
      differences.n += o.n;
      differences.sum += o.sum;
      differences.sumSq += o.sumSq;
    }
    const pairedRows = shadow?.count ?? 0;
    return {
      champion: Object.assign(byVersion.get(championVersion) ?? versionPerformance(championVersion, undefined, undefined), { modelName: name, window }),
      candidate: Object.assign(byVersion.get(challengerVersion) ?? versionPerformance(challengerVersion, undefined, undefined), { modelName: name, window }),
      pairs: { pairedRows, meanAbsDifference: pairedRows > 0 ? (shadow as RollupSummary).absDiffSum / pairedRows : null, differences },
    };
  }

  /** RMSE per version over the default window's rows with outcomes (served and shadow), from the outcome running sums. */
  async liveRmse(name: string = this.defaultName): Promise<Map<number, number>> {
    const window = this.window(null, null);
    const outcomes = await this.db.outcomeRollup.findMany({ where: { modelName: name, kind: "VERSION", bucketStart: bucketRange(window.since, window.until) } });
    const sums = new Map<number, { n: number; sumSq: number }>();
    for (const o of outcomes) {
      const e = sums.get(o.modelVersion) ?? { n: 0, sumSq: 0 };
      e.n += o.n;
      e.sumSq += o.sumSq;
      sums.set(o.modelVersion, e);
    }
    return new Map([...sums].filter(([, e]) => e.n > 0).map(([v, e]) => [v, Math.sqrt(e.sumSq / e.n)]));
  }

  /**
   * Live coverage of every version with recorded outcomes in the default window (domus_live_coverage):
   * the versions come from the outcome running sums (OutcomeRollup), not from a scan of the log.
   */
  async liveCoverageByVersion(liveCoverage: (name: string, version: number, window: Window) => Promise<{ level: number; coverage: number | null }[]>): Promise<{ version: number; level: number; coverage: number | null }[]> {
    const window = this.window(null, null);
    const rows = await this.db.outcomeRollup.findMany({
      where: { modelName: this.defaultName, kind: "VERSION", role: { not: "SHADOW" }, bucketStart: bucketRange(window.since, window.until) },
      distinct: ["modelVersion"],
      select: { modelVersion: true },
    });
    const out: { version: number; level: number; coverage: number | null }[] = [];
    for (const { modelVersion } of rows) for (const c of await liveCoverage(this.defaultName, modelVersion, window)) out.push({ version: modelVersion, ...c });
    return out;
  }
}
