/**
 * Prediction intervals at serving time and their live coverage. Intervals are computed from the
 * version's CV+ calibration (in its artifact) and the row as the prediction used it, so a stored
 * prediction's interval is the one it was served with, on every replica and after restarts.
 */
import { CoverageTally, type CoverageAtLevel } from "../../../models/conformal.ts";
import type { Db } from "../../db/client.ts";
import { parseJsonText } from "../../db/json.ts";
import type { ModelStore, ServingModel } from "../models/model-store.ts";
import type { PredictionInterval } from "./interval.type.ts";

/** What an interval needs of a prediction. */
export interface PredictedRow {
  modelName: string;
  modelVersion: number;
  value: number;
  /** The features as used (after imputation), by name. */
  features: Record<string, number>;
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
    const row = Float64Array.from(serving.model.features, (f) => prediction.features[f] ?? Number.NaN);
    return serving.calibration.interval(row, prediction.value, level);
  }

  /**
   * Live coverage of `version`: over the predictions it served in the window that have a recorded
   * outcome, the share whose interval at each level contains the actual value, and the mean width.
   * Versions without calibration report rows with null coverage.
   */
  async liveCoverage(modelName: string, version: number, window: { since: Date; until: Date }, levels: readonly number[]): Promise<CoverageAtLevel[]> {
    const tally = new CoverageTally(levels);
    const serving = await this.serving(modelName, version).catch(() => null);
    const calibration = serving?.calibration;
    if (!serving || !calibration) return tally.result();
    const rows = await this.db.prediction.findMany({
      where: { modelName, modelVersion: version, createdAt: { gte: window.since, lt: window.until }, outcome: { isNot: null } },
      select: { features: true, value: true, outcome: { select: { actual: true } } },
    });
    for (const r of rows) {
      const features = parseJsonText<Record<string, number>>(r.features, {});
      const row = Float64Array.from(serving.model.features, (f) => features[f] ?? Number.NaN);
      tally.addIntervals(r.outcome!.actual, levels.map((level) => calibration.interval(row, r.value, level)));
    }
    return tally.result();
  }
}
