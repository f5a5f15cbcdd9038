/**
 * Prediction intervals at serving time and their live coverage. Intervals are computed from the
 * version's CV+ calibration (in its artifact) and the row as the prediction used it, so a stored
 * prediction's interval is the one it was served with, on every replica and after restarts.
 */
import { CoverageTally, type CoverageAtLevel, VALIDATION_LEVELS } from "../../../models/conformal.ts";
import { bucketOf } from "../../db/rollup-bucket.ts";
import { bucketRange } from "../monitoring/rollup-reader.ts";
import type { Db } from "../../db/client.ts";
import { parseJsonText } from "../../db/json.ts";
import type { ModelStore, ServingModel } from "../models/model-store.ts";
import type { PredictionInterval } from "./interval.type.ts";

/** Outcomes whose intervals are computed between two turns of the event loop (coverageRollups). */
const COVERAGE_SLICE_ROWS = 250;

/** What an interval needs of a prediction. */
export interface PredictedRow {
  modelName: string;
  modelVersion: number;
  value: number;
  /** The features as used (prepared: imputed, or null where a "learn" model received a feature as missing), by name. */
  features: Record<string, number | null>;
}

export class IntervalsService {
  constructor(
    private readonly db: Db,
    private readonly models: ModelStore,
  ) {}

  private async serving(modelName: string, version: number): Promise<ServingModel | null> {
    if (modelName !== this.models.modelName) return null;
    return this.models.get(version);
  }

  /** The interval of one stored or just-made prediction; null when its version has no calibration. */
  async interval(prediction: PredictedRow, level: number): Promise<PredictionInterval | null> {
    const serving = await this.serving(prediction.modelName, prediction.modelVersion);
    if (!serving?.calibration) return null;
    const row = Float64Array.from(serving.model.features, (f) => prediction.features[f] ?? Number.NaN); // null: missing, as served
    return serving.calibration.interval(row, prediction.value, level);
  }

  /**
   * Coverage running sums (CoverageRollup) of outcomes, one row per bucket of the prediction's
   * createdAt, served version and validation level: counted, covered by the served interval, width
   * sum. `added` counts each row's `actual`; `removed`, for a correction, its `previousActual` (the
   * interval is computed once for both). Rows of versions without calibration (or that cannot be
   * loaded) are left out, and the read then falls back to a scan (see liveCoverage). `features` is
   * the prediction's stored JSON.
   */
  async coverageRollups(rows: readonly ScoredOutcome[]): Promise<{ added: CoverageRollupRow[]; removed: CoverageRollupRow[] }> {
    const added = new Map<string, CoverageRollupRow>();
    const removed = new Map<string, CoverageRollupRow>();
    const tally = (into: Map<string, CoverageRollupRow>, r: ScoredOutcome, bucketStart: Date, level: number, lower: number, upper: number, actual: number) => {
      const key = `${bucketStart.getTime()}|${r.modelName}|${r.modelVersion}|${level}`;
      let row = into.get(key);
      if (!row) into.set(key, (row = { bucketStart, modelName: r.modelName, modelVersion: r.modelVersion, level, n: 0, covered: 0, widthSum: 0 }));
      row.n++;
      if (lower <= actual && actual <= upper) row.covered++;
      row.widthSum += upper - lower;
    };
    const groups = new Map<string, ScoredOutcome[]>();
    for (const r of rows) {
      const key = `${r.modelName}|${r.modelVersion}`;
      const group = groups.get(key);
      if (group) group.push(r);
      else groups.set(key, [r]);
    }
    for (const group of groups.values()) {
      const first = group[0] as ScoredOutcome;
      const serving = await this.serving(first.modelName, first.modelVersion).catch(() => null);
      if (!serving?.calibration) continue;
      const names = serving.model.features;
      // K fold models per row: ~1 s for 10,000 outcomes on a busy 2-core host, so in slices with
      // the event loop free in between (predict is never queued behind a large outcome batch).
      for (let start = 0; start < group.length; start += COVERAGE_SLICE_ROWS) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        const slice = group.slice(start, start + COVERAGE_SLICE_ROWS);
        const raw = new Float64Array(slice.length * names.length);
        slice.forEach((r, i) => {
          const features = parseJsonText<Record<string, number | null>>(r.features, {});
          names.forEach((f, j) => {
            raw[i * names.length + j] = features[f] ?? Number.NaN;
          });
        });
        const bounds = serving.calibration.intervalsFlatAtLevels(raw, slice.length, slice.map((r) => r.value), VALIDATION_LEVELS);
        slice.forEach((r, i) => {
          const bucketStart = new Date(bucketOf(r.createdAt.getTime()));
          VALIDATION_LEVELS.forEach((level, l) => {
            const { lower, upper } = bounds[l] as { lower: number[]; upper: number[] };
            tally(added, r, bucketStart, level, lower[i] as number, upper[i] as number, r.actual);
            if (r.previousActual !== undefined) tally(removed, r, bucketStart, level, lower[i] as number, upper[i] as number, r.previousActual);
          });
        });
      }
    }
    return { added: [...added.values()], removed: [...removed.values()] };
  }

  /**
   * Live coverage of `version`: over the predictions it served in the window (widened to whole
   * rollup buckets, as live RMSE) that have a recorded outcome, the share whose interval at each
   * level contains the actual value, and the mean width. At the validation levels (0.8, 0.9, 0.95)
   * from the running sums — O(buckets) — when they count every outcome of the window (outcomes
   * recorded before the sums existed are not in them); otherwise, and at other levels, by
   * recomputing each outcome's interval. Versions without calibration report rows with null coverage.
   */
  async liveCoverage(modelName: string, version: number, window: { since: Date; until: Date }, levels: readonly number[]): Promise<CoverageAtLevel[]> {
    const range = bucketRange(window.since, window.until);
    if (levels.every((level) => (VALIDATION_LEVELS as readonly number[]).includes(level))) {
      const [sums, outcomes] = await Promise.all([
        this.db.coverageRollup.findMany({ where: { modelName, modelVersion: version, bucketStart: range } }),
        this.db.outcomeRollup.aggregate({ where: { modelName, modelVersion: version, kind: "VERSION", role: { not: "SHADOW" }, bucketStart: range }, _sum: { n: true } }),
      ]);
      const total = outcomes._sum.n ?? 0;
      const counts = levels.map((level) => {
        const at = sums.filter((r) => r.level === level);
        return { n: at.reduce((s, r) => s + r.n, 0), covered: at.reduce((s, r) => s + r.covered, 0), widthSum: at.reduce((s, r) => s + r.widthSum, 0) };
      });
      if (counts.every((c) => c.n === total)) return CoverageTally.fromCounts(levels, { covered: counts.map((c) => c.covered), widthSum: counts.map((c) => c.widthSum), total }).result();
    }
    return this.scanCoverage(modelName, version, range, levels);
  }

  /** Live coverage by recomputing the interval of every outcome in the (bucket-aligned) range. */
  private async scanCoverage(modelName: string, version: number, range: { gte: Date; lt: Date }, levels: readonly number[]): Promise<CoverageAtLevel[]> {
    const tally = new CoverageTally(levels);
    const serving = await this.serving(modelName, version).catch(() => null);
    const calibration = serving?.calibration;
    if (!serving || !calibration) return tally.result();
    const rows = await this.db.prediction.findMany({
      where: { modelName, modelVersion: version, createdAt: range, outcome: { isNot: null } },
      select: { features: true, value: true, outcome: { select: { actual: true } } },
    });
    for (const r of rows) {
      const features = parseJsonText<Record<string, number | null>>(r.features, {});
      const row = Float64Array.from(serving.model.features, (f) => features[f] ?? Number.NaN);
      tally.addIntervals(r.outcome!.actual, levels.map((level) => calibration.interval(row, r.value, level)));
    }
    return tally.result();
  }
}

/** What a coverage rollup needs of an outcome and its prediction (served rows only, not shadows). */
export interface ScoredOutcome {
  modelName: string;
  modelVersion: number;
  value: number;
  /** The prediction's stored features (JSON, as served: imputed, or null where a "learn" model received a feature as missing). */
  features: string;
  createdAt: Date;
  actual: number;
  /** A correction: the actual value it replaces (its coverage is taken back). */
  previousActual?: number;
}

export interface CoverageRollupRow {
  bucketStart: Date;
  modelName: string;
  modelVersion: number;
  level: number;
  n: number;
  covered: number;
  widthSum: number;
}
