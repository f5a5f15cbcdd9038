/**
 * A CV+ calibration stored with a model: the K fold models of the training split's standard CV
 * folds and their out-of-fold residuals (models/conformal.ts has the arithmetic). It travels in the
 * served model's artifact: TabularModel JSON formatVersion 2 = the model's fields plus
 * `calibration` (3 for a model trained with `missing: "learn"`, with or without it). Artifacts of
 * formatVersion 1 carry none and load with `calibration: null`.
 *
 * The fold models score the row as the served model prepared it (TabularModel.prepare: imputed
 * with the served model's fill values, or, for "learn", with its missing values still NaN, which
 * the fold models, trained the same way, route as they learned). The prepared row is what a
 * prediction records, so live coverage recomputes exactly what serving answered.
 */
import { type CoverageAtLevel, CoverageTally, type CvPlusScores, VALIDATION_LEVELS, cvPlusCoveringRank, cvPlusInterval, cvPlusScores } from "./conformal.ts";
import { ModelFormatError, expectHeader, expectNumberArray, expectObject } from "./serialization.ts";
import { TabularModel, type TabularModelJSON } from "./tabular-model.ts";

export const CALIBRATION_METHOD = "cv-plus";

export interface CvPlusCalibrationJSON {
  name: "CvPlusCalibration";
  formatVersion: 1;
  method: typeof CALIBRATION_METHOD;
  foldModels: TabularModelJSON[];
  residualsByFold: number[][];
}

export interface PredictionInterval {
  level: number;
  lower: number;
  upper: number;
}

export class CvPlusCalibration {
  readonly method = CALIBRATION_METHOD;
  readonly scores: CvPlusScores;
  /** Positions of each fold model's features in the served model's feature order. */
  private readonly columnMaps: Int32Array[];
  private readonly foldPredictions: Float64Array;
  private readonly foldRows: Float64Array[];
  private readonly cursor: Int32Array;

  constructor(
    readonly servedFeatures: readonly string[],
    readonly foldModels: readonly TabularModel[],
    readonly residualsByFold: readonly (readonly number[])[],
  ) {
    if (foldModels.length < 2 || foldModels.length !== residualsByFold.length) {
      throw new ModelFormatError(`CvPlusCalibration: ${foldModels.length} fold models for ${residualsByFold.length} residual lists (need ≥ 2, one each)`);
    }
    const position = new Map(servedFeatures.map((f, j) => [f, j]));
    this.columnMaps = foldModels.map((m) =>
      Int32Array.from(m.features, (f) => {
        const j = position.get(f);
        if (j === undefined) throw new ModelFormatError(`CvPlusCalibration: fold model feature ${f} is not an input of the served model`);
        return j;
      }),
    );
    this.scores = cvPlusScores(residualsByFold);
    if (this.scores.size < 1) throw new ModelFormatError("CvPlusCalibration: no residuals");
    this.foldPredictions = new Float64Array(foldModels.length);
    this.foldRows = foldModels.map((m) => new Float64Array(m.features.length));
    this.cursor = new Int32Array(foldModels.length);
  }

  /** Residuals the quantiles come from (n). */
  get size(): number {
    return this.scores.size;
  }

  /** The K fold models' predictions of one prepared row in the served model's feature order. */
  private predictFolds(preparedRow: ArrayLike<number>): Float64Array {
    this.foldModels.forEach((model, k) => {
      const map = this.columnMaps[k] as Int32Array;
      const row = this.foldRows[k] as Float64Array;
      for (let j = 0; j < map.length; j++) row[j] = preparedRow[map[j] as number] as number;
      this.foldPredictions[k] = model.predictPrepared(row);
    });
    return this.foldPredictions;
  }

  /** The K fold models' predictions of one prepared row (a copy), for analyses beside the served interval. */
  foldPredictionsOf(preparedRow: ArrayLike<number>): Float64Array {
    return Float64Array.from(this.predictFolds(preparedRow));
  }

  /**
   * The CV+ interval at `level` (validated by the caller, see MIN_LEVEL/MAX_LEVEL) of one prepared
   * row whose served prediction is `point`, widened to contain `point`.
   */
  interval(preparedRow: ArrayLike<number>, point: number, level: number): PredictionInterval {
    const { lower, upper } = cvPlusInterval(this.scores, this.predictFolds(preparedRow), level, this.cursor);
    return { level, lower: Math.min(lower, point), upper: Math.max(upper, point) };
  }

  /** Intervals for nRows prepared rows, row-major in `raw`, with their served predictions `points`: one lower and one upper list. */
  intervalsFlat(raw: Float64Array, nRows: number, points: ArrayLike<number>, level: number): { lower: number[]; upper: number[] } {
    const [bounds] = this.intervalsFlatAtLevels(raw, nRows, points, [level]);
    return bounds as { lower: number[]; upper: number[] };
  }

  /** The same at several levels, the fold models scoring each row once: one { lower, upper } per level. */
  intervalsFlatAtLevels(raw: Float64Array, nRows: number, points: ArrayLike<number>, levels: readonly number[]): { lower: number[]; upper: number[] }[] {
    const width = this.servedFeatures.length;
    const folds = this.foldModels.map((model, k) => {
      const map = this.columnMaps[k] as Int32Array;
      const x = new Float64Array(nRows * map.length);
      for (let i = 0; i < nRows; i++) for (let j = 0; j < map.length; j++) x[i * map.length + j] = raw[i * width + (map[j] as number)] as number;
      return model.predictPreparedFlat(x, nRows);
    });
    const out = levels.map(() => ({ lower: new Array<number>(nRows), upper: new Array<number>(nRows) }));
    const mu = this.foldPredictions;
    for (let i = 0; i < nRows; i++) {
      for (let k = 0; k < folds.length; k++) mu[k] = (folds[k] as Float64Array)[i] as number;
      levels.forEach((level, l) => {
        const bounds = cvPlusInterval(this.scores, mu, level, this.cursor);
        const o = out[l] as { lower: number[]; upper: number[] };
        o.lower[i] = Math.min(bounds.lower, points[i] as number);
        o.upper[i] = Math.max(bounds.upper, points[i] as number);
      });
    }
    return out;
  }

  /** The smallest conformal rank whose interval (around the served `point`) contains `actual` (CoverageTally.addRank). */
  coveringRank(preparedRow: ArrayLike<number>, point: number, actual: number): number {
    return cvPlusCoveringRank(this.scores, this.predictFolds(preparedRow), actual, point);
  }

  /** Coverage and mean width at each level over rows with known outcomes (prepared rows in the served order, their served predictions). */
  coverage(rows: readonly ArrayLike<number>[], points: readonly number[], actual: readonly number[], levels: readonly number[] = VALIDATION_LEVELS): CoverageAtLevel[] {
    const tally = new CoverageTally(levels);
    rows.forEach((row, i) => {
      tally.addIntervals(actual[i] as number, levels.map((level) => this.interval(row, points[i] as number, level)));
    });
    return tally.result();
  }

  toJSON(): CvPlusCalibrationJSON {
    return {
      name: "CvPlusCalibration",
      formatVersion: 1,
      method: CALIBRATION_METHOD,
      foldModels: this.foldModels.map((m) => m.toJSON()),
      residualsByFold: this.residualsByFold.map((r) => r.slice()),
    };
  }

  static load(json: unknown, servedFeatures: readonly string[]): CvPlusCalibration {
    const obj = expectHeader(json, "CvPlusCalibration", 1);
    if (!Array.isArray(obj.foldModels) || !Array.isArray(obj.residualsByFold)) throw new ModelFormatError("CvPlusCalibration: foldModels and residualsByFold must be arrays");
    return new CvPlusCalibration(
      servedFeatures,
      obj.foldModels.map((m) => TabularModel.load(m)),
      obj.residualsByFold.map((r, k) => expectNumberArray(r, `CvPlusCalibration.residualsByFold[${k}]`)),
    );
  }
}

/** A served model and its calibration (null for artifacts written before calibration existed). */
export interface CalibratedModel {
  model: TabularModel;
  calibration: CvPlusCalibration | null;
}

/**
 * The fold models score the served model's prepared rows, so they must treat missing values as it
 * does: an imputing fold model handed a "learn" model's NaN would send it down directions it never learned.
 */
function checkFoldPolicies(model: TabularModel, calibration: CvPlusCalibration): void {
  const other = calibration.foldModels.findIndex((m) => m.missing !== model.missing);
  if (other >= 0) throw new ModelFormatError(`CvPlusCalibration: fold model ${other} has missing: "${calibration.foldModels[other]!.missing}", the served model "${model.missing}"`);
}

/** Loads an artifact of any format. */
export function loadCalibratedModel(json: unknown): CalibratedModel {
  const model = TabularModel.load(json);
  const raw = expectObject(json, "TabularModel").calibration;
  const calibration = raw === undefined || raw === null ? null : CvPlusCalibration.load(raw, model.features);
  if (calibration) checkFoldPolicies(model, calibration);
  return { model, calibration };
}

/** The artifact of a model with its calibration: TabularModel JSON formatVersion 2 (3 for a "learn" model, whose own format is 3). */
export function calibratedArtifact(model: TabularModel, calibration: CvPlusCalibration): TabularModelJSON & { calibration: CvPlusCalibrationJSON } {
  checkFoldPolicies(model, calibration);
  const json = model.toJSON();
  return { ...json, formatVersion: json.formatVersion === 3 ? 3 : 2, calibration: calibration.toJSON() };
}
