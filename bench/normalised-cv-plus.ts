/**
 * Normalised CV+ (locally weighted conformal, Lei et al. 2018; Papadopoulos et al. 2008) on
 * the fold models of a CV+ calibration, for `bench/intervals.ts --adaptive` (docs/intervals.md):
 * measured beside the served CV+, not served.
 *
 * Per calibration fold k, with D₋ₖ = the rows outside fold k (the rows μ₋ₖ was fitted on):
 *  1. inner residuals: a 5-fold CV inside D₋ₖ with the same algorithm, hyperparameters, columns and
 *     seed as μ₋ₖ gives every row j of D₋ₖ an out-of-fold |yⱼ − μ₋ₖ,₋ⱼ(xⱼ)| (in-sample residuals of
 *     the default GBDT are near 0 and say nothing about the scale);
 *  2. the scale model σ̂₋ₖ is fitted on D₋ₖ to predict those |residuals| and floored:
 *     σ₋ₖ(x) = max(σ̂₋ₖ(x), 0.1 · mean of the inner |residuals|), so it never reaches 0;
 *  3. the scores of fold k's rows are Sᵢ = Rᵢ / σ₋ₖ(xᵢ), Rᵢ the calibration's out-of-fold residuals.
 * Everything that scores fold k's rows (μ₋ₖ, σ₋ₖ and its floor) is a function of D₋ₖ alone, and
 * is applied alike to fold k's rows and to a new row: what CV+'s argument (Barber et al. 2021)
 * needs of a score, so the guarantee of CV+ carries over. The inner
 * residuals must not be the calibration's own out-of-fold residuals of D₋ₖ: those come from fold
 * models that were fitted on fold k's rows.
 *
 * The interval for x is normalisedCvPlusInterval (models/conformal.ts) with μ₋ₖ(x) and σ₋ₖ(x),
 * widened to contain the served prediction like the served CV+.
 */
import type { CvPlusCalibration } from "../models/calibration.ts";
import { type CoverageAtLevel, cvPlusScores, normalisedCvPlusInterval } from "../models/conformal.ts";
import type { TabularModel } from "../models/tabular-model.ts";
import { type Algorithm, type Params, fitTabularModel, selectColumns } from "../pipeline/algorithms.ts";
import { type Split, kFold, pick } from "../pipeline/split.ts";
import type { TaskData } from "../pipeline/tasks.ts";

/** A residual-scale model: algorithm and hyperparameters (over the algorithm's defaults). */
export interface ScaleModelSpec {
  name: string;
  algorithm: Algorithm;
  params: Params;
}

/** Declared before the first measurement; the first is the primary one (docs/intervals.md). */
export const SCALE_MODELS: readonly ScaleModelSpec[] = [
  { name: "random forest σ (100 trees, min 10 per leaf)", algorithm: "random_forest", params: { nEstimators: 100, minSamplesLeaf: 10 } },
  { name: "GBDT σ (100 trees, depth 2, η 0.05)", algorithm: "gbdt", params: { nEstimators: 100, maxDepth: 2, learningRate: 0.05, minChildWeight: 10 } },
];

const INNER_FOLDS = 5;
const FLOOR_SHARE = 0.1;

/** The μ of the calibration: what every inner fit repeats. */
export interface PointModelSpec {
  algorithm: Algorithm;
  params: Params;
  columns: number[];
  seed: number;
}

/** Out-of-fold |residuals| of the rows `rows` (positions in the training split) from an inner CV inside them. */
function innerAbsResiduals(data: TaskData, rows: readonly number[], point: PointModelSpec, innerSeed: number): number[] {
  const out = new Array<number>(rows.length);
  for (const inner of kFold(rows.length, INNER_FOLDS, innerSeed)) {
    const fitRows = pick(rows, inner.train);
    const model = fitTabularModel(point.algorithm, point.params, pick(data.trainRows, fitRows), pick(data.trainY, fitRows), point.columns, point.seed);
    const heldRows = pick(rows, inner.test);
    const predicted = model.predict(selectColumns(pick(data.trainRows, heldRows), point.columns));
    inner.test.forEach((position, r) => {
      out[position] = Math.abs((data.trainY[heldRows[r] as number] as number) - (predicted[r] as number));
    });
  }
  return out;
}

/** The scale models σ₋ₖ of one spec with their floors, and the normalised scores of each fold's rows. */
interface FoldScales {
  models: TabularModel[];
  floors: number[];
  scoresByFold: number[][];
}

/**
 * One seeded split's normalised CV+ for every spec in SCALE_MODELS: `folds` are the calibration's
 * folds (the order of `calibration.residualsByFold`).
 */
export function normalisedCvPlusOnSplit(data: TaskData, folds: readonly Split[], point: PointModelSpec, calibration: CvPlusCalibration): FoldScales[] {
  const perSpec: FoldScales[] = SCALE_MODELS.map(() => ({ models: [], floors: [], scoresByFold: [] }));
  folds.forEach((fold, k) => {
    const target = innerAbsResiduals(data, fold.train, point, point.seed * 1000 + k);
    const floor = (FLOOR_SHARE * target.reduce((s, r) => s + r, 0)) / target.length;
    const residuals = calibration.residualsByFold[k] as readonly number[];
    if (residuals.length !== fold.test.length) throw new Error(`fold ${k}: ${residuals.length} residuals for ${fold.test.length} rows`);
    SCALE_MODELS.forEach((spec, s) => {
      const model = fitTabularModel(spec.algorithm, spec.params, pick(data.trainRows, fold.train), target, point.columns, point.seed);
      const sigma = model.predict(selectColumns(pick(data.trainRows, fold.test), point.columns));
      const out = perSpec[s] as FoldScales;
      out.models.push(model);
      out.floors.push(floor);
      out.scoresByFold.push(residuals.map((r, i) => r / Math.max(sigma[i] as number, floor)));
    });
  });
  return perSpec;
}

/**
 * Each spec's normalised CV+ intervals of imputed test rows (served feature order; the scale models
 * use the served model's columns), with their served predictions and the K fold models'
 * predictions: per spec, per row, one interval per level; and how many σ values the floor raised.
 */
export function normalisedIntervals(
  perSpec: readonly FoldScales[],
  rows: readonly Float64Array[],
  points: readonly number[],
  foldPredictions: readonly Float64Array[],
  levels: readonly number[],
): { intervals: { lower: number; upper: number }[][]; floored: number; scaleValues: number }[] {
  return perSpec.map((spec) => {
    const scores = cvPlusScores(spec.scoresByFold);
    const sigma = new Float64Array(spec.models.length);
    let floored = 0;
    const intervals = rows.map((row, i) => {
      spec.models.forEach((model, k) => {
        const raw = model.predictPrepared(row);
        if (raw < (spec.floors[k] as number)) floored++;
        sigma[k] = Math.max(raw, spec.floors[k] as number);
      });
      const p = points[i] as number;
      return levels.map((level) => {
        const { lower, upper } = normalisedCvPlusInterval(scores, foldPredictions[i] as Float64Array, sigma, level);
        return { lower: Math.min(lower, p), upper: Math.max(upper, p) };
      });
    });
    return { intervals, floored, scaleValues: rows.length * spec.models.length };
  });
}

/**
 * The mean width at which a method reaches `coverage`, read off its (coverage, width) at a grid of
 * levels (both rise with the level) by linear interpolation between the two grid levels around it;
 * null when the grid does not reach it.
 */
export function widthAtCoverage(curve: readonly CoverageAtLevel[], coverage: number): number | null {
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1] as CoverageAtLevel;
    const b = curve[i] as CoverageAtLevel;
    if ((a.coverage as number) <= coverage && coverage <= (b.coverage as number)) {
      const span = (b.coverage as number) - (a.coverage as number);
      const t = span > 0 ? (coverage - (a.coverage as number)) / span : 0;
      return (a.meanWidth as number) + t * ((b.meanWidth as number) - (a.meanWidth as number));
    }
  }
  return null;
}
