/**
 * Domus's CV+ intervals on the 5 seeded 80/20 splits of the conformal reference
 * (test/fixtures/conformal/generate.py): default GBDT, calibrated as the pipeline does
 * (DEFAULT_PIPELINE_OPTIONS.calibrationFolds folds; `--folds 5` for the standard folds), pooled coverage and
 * mean width at 80/90/95 % on the held-out rows, printed beside the reference's split-conformal
 * and CV+ figures.  `npx tsx bench/intervals.ts`
 *
 * `--adaptive` also measures normalised CV+ (bench/normalised-cv-plus.ts) on the same fold models
 * and splits, and prints each method's per-split figures (docs/intervals.md, "Adaptive widths").
 */
import { readFileSync } from "node:fs";
import { loadCalibratedModel } from "../models/calibration.ts";
import { type CoverageAtLevel, CoverageTally, VALIDATION_LEVELS, cvPlusInterval, splitConformalQuantile } from "../models/conformal.ts";
import { assembleCalibration } from "../pipeline/calibration.ts";
import { readHousingCsv } from "../pipeline/dataset.ts";
import { kFold, pick, trainTestSplit } from "../pipeline/split.ts";
import { type TaskData, runCalibrate, runFit } from "../pipeline/tasks.ts";
import { DEFAULT_PIPELINE_OPTIONS } from "../pipeline/experiments.ts";
import { SCALE_MODELS, normalisedCvPlusOnSplit, normalisedIntervals, widthAtCoverage } from "./normalised-cv-plus.ts";

const foldsArg = process.argv.indexOf("--folds");
const calibrationFolds = foldsArg > 0 ? Number(process.argv[foldsArg + 1]) : DEFAULT_PIPELINE_OPTIONS.calibrationFolds;

const data = readHousingCsv(new URL("../data/HousingData.csv", import.meta.url).pathname);
const reference = JSON.parse(readFileSync(new URL("../test/fixtures/conformal/reference.json", import.meta.url), "utf8")) as {
  pooled: Record<string, { level: number; coverage: number; meanWidth: number }[]>;
};
const columns = data.features.map((_, i) => i);
const levels = [...VALIDATION_LEVELS];
const covered = levels.map(() => 0);
const width = levels.map(() => 0);
let rows = 0;
// The same fold models under two alternatives (docs/intervals.md): the cross-conformal hull and the naive interval.
const crossTally = new CoverageTally(levels);
const naiveTally = new CoverageTally(levels);
// --adaptive: CV+ and normalised CV+ (one per scale model) at a grid of levels, pooled and per split.
const adaptive = process.argv.includes("--adaptive");
const grid = Array.from({ length: 29 }, (_, i) => (70 + i) / 100);
const methods = ["CV+ (served)", ...SCALE_MODELS.map((spec) => `normalised CV+, ${spec.name}`)];
const gridTallies = methods.map(() => new CoverageTally(grid));
const perSplitLines: string[] = [];
const atValidationLevels = (r: CoverageAtLevel[]) => r.filter((c) => levels.includes(c.level as (typeof levels)[number]));
for (const seed of [1, 2, 3, 4, 5]) {
  const split = trainTestSplit(data.rows.length, 0.2, seed);
  const trainRows = pick(data.rows, split.train);
  const taskData: TaskData = {
    trainRows,
    trainY: pick(data.target, split.train),
    testRows: pick(data.rows, split.test),
    testY: pick(data.target, split.test),
    folds: kFold(trainRows.length, 5, seed),
    freshFolds: kFold(trainRows.length, 5, seed + 1),
  };
  const task = { algorithm: "gbdt" as const, params: {}, columns, seed };
  const fit = runFit(taskData, { kind: "fit", ...task, shapSampleSize: 0 });
  const { summary, artifactJson } = assembleCalibration(fit.modelJson, columns, runCalibrate(taskData, { kind: "calibrate", ...task, folds: { count: calibrationFolds, shuffleSeed: seed } }), taskData.testRows, taskData.testY);
  {
    const { model, calibration } = loadCalibratedModel(JSON.parse(artifactJson));
    const scores = calibration!.scores;
    const pooledScores = Float64Array.from(calibration!.residualsByFold.flat()).sort();
    const imputedRows: Float64Array[] = [];
    const points: number[] = [];
    const foldPredictions: Float64Array[] = [];
    taskData.testRows.forEach((raw, i) => {
      const row = Float64Array.from(raw);
      model.prepare(row);
      const point = model.predictPrepared(row);
      const mu = calibration!.foldPredictionsOf(row);
      const actual = taskData.testY[i] as number;
      imputedRows.push(row);
      points.push(point);
      foldPredictions.push(mu);
      crossTally.addIntervals(actual, levels.map((level) => { const h = crossConformalHull(scores.residualsByFold, mu, level); return { lower: Math.min(h.lower, point), upper: Math.max(h.upper, point) }; }));
      naiveTally.addIntervals(actual, levels.map((level) => { const q = splitConformalQuantile(pooledScores, level); return { lower: point - q, upper: point + q }; }));
    });
    if (adaptive) {
      const folds = kFold(trainRows.length, calibrationFolds, seed); // runCalibrate's folds for { count, shuffleSeed: seed }
      const cvPlus = foldPredictions.map((mu, i) => grid.map((level) => { const b = cvPlusInterval(scores, mu, level); return { lower: Math.min(b.lower, points[i]!), upper: Math.max(b.upper, points[i]!) }; }));
      const normalised = normalisedIntervals(normalisedCvPlusOnSplit(taskData, folds, task, calibration!), imputedRows, points, foldPredictions, grid);
      [{ intervals: cvPlus, floored: 0, scaleValues: 0 }, ...normalised].forEach((m, j) => {
        const split = new CoverageTally(grid);
        m.intervals.forEach((intervals, i) => {
          split.addIntervals(taskData.testY[i]!, intervals);
          gridTallies[j]!.addIntervals(taskData.testY[i]!, intervals);
        });
        const floors = j > 0 ? `  (σ floored ${m.floored}/${m.scaleValues})` : "";
        perSplitLines.push(`seed ${seed}, ${methods[j]}: ${format(atValidationLevels(split.result()))}${floors}`);
      });
    }
  }
  summary.validationCoverage.forEach((c, i) => {
    covered[i]! += (c.coverage ?? 0) * c.rows;
    width[i]! += (c.meanWidth ?? 0) * c.rows;
  });
  rows += split.test.length;
  console.log(`seed ${seed}: ${summary.validationCoverage.map((c) => `${c.level}: ${(100 * c.coverage!).toFixed(1)} % w ${c.meanWidth!.toFixed(2)}`).join("  ")}`);
}
const pooled = CoverageTally.fromCounts(levels, { covered: covered.map(Math.round), widthSum: width, total: rows }).result();
const line = (name: string, r: { level: number; coverage: number | null; meanWidth: number | null }[]) => console.log(`${name.padEnd(28)} ${format(r)}`);
line(`Domus GBDT, CV+ (K = ${calibrationFolds})`, pooled);
line(`  cross-conformal hull`, crossTally.result());
line(`  naive: point ± quantile`, naiveTally.result());
if (adaptive) {
  for (const l of perSplitLines) console.log(l);
  const curves = gridTallies.map((t) => t.result());
  methods.forEach((name, j) => {
    line(`  ${name}`, atValidationLevels(curves[j]!));
  });
  // The same coverage: each method's pooled mean width where its coverage (over the level grid) reaches the target.
  for (const target of [0.8, 0.85, 0.9, 0.95]) {
    console.log(`width at pooled coverage ${(100 * target).toFixed(0)} %: ${methods.map((name, j) => `${name} ${widthAtCoverage(curves[j]!, target)?.toFixed(2) ?? "not reached"}`).join(";  ")}`);
  }
}
line("XGBoost 1.7.4, split (ref)", reference.pooled.split!);
line("XGBoost 1.7.4, CV+ (ref)", reference.pooled["cv-plus"]!);
line("XGBoost 1.7.4, naive CV (ref)", reference.pooled.cv!);

// Cost when asked: a 10k-row batch, points alone vs points + 90 % intervals, alternating rounds (ratios only).
{
  const split = trainTestSplit(data.rows.length, 0.2, 1);
  const trainRows = pick(data.rows, split.train);
  const taskData: TaskData = { trainRows, trainY: pick(data.target, split.train), testRows: [], testY: [], folds: kFold(trainRows.length, 5, 1), freshFolds: [] };
  const task = { algorithm: "gbdt" as const, params: {}, columns, seed: 1 };
  const fit = runFit({ ...taskData, testRows: trainRows.slice(0, 1), testY: [0] }, { kind: "fit", ...task, shapSampleSize: 0 });
  const { artifactJson } = assembleCalibration(fit.modelJson, columns, runCalibrate(taskData, { kind: "calibrate", ...task, folds: { count: calibrationFolds, shuffleSeed: 1 } }), trainRows.slice(0, 1), [0]);
  const { model, calibration } = loadCalibratedModel(JSON.parse(artifactJson));
  const n = 10_000;
  const flat = new Float64Array(n * columns.length);
  for (let i = 0; i < n; i++) {
    const raw = Float64Array.from(data.rows[i % data.rows.length]!);
    model.prepare(raw);
    flat.set(raw, i * columns.length);
  }
  const ratios: number[] = [];
  for (let round = 0; round < 5; round++) {
    let t = performance.now();
    const points = model.predictPreparedFlat(flat, n);
    const plain = performance.now() - t;
    t = performance.now();
    const again = model.predictPreparedFlat(flat, n);
    calibration!.intervalsFlat(flat, n, again, 0.9);
    ratios.push((performance.now() - t) / plain);
    if (points.length !== n) throw new Error("unexpected");
  }
  ratios.sort((a, b) => a - b);
  console.log(`10k-row batch, model time with 90 % intervals / without: median ${ratios[2]!.toFixed(2)}× (rounds ${ratios.map((r) => r.toFixed(2)).join(", ")})`);
}

/**
 * The hull of the cross-conformal set (Vovk 2015) at `level`: y belongs when fewer than level·(n+1)
 * of the n intervals [μ₋ₖ₍ᵢ₎ − Rᵢ, μ₋ₖ₍ᵢ₎ + Rᵢ] miss it; a sweep over the 2n interval ends.
 */
function crossConformalHull(residualsByFold: readonly ArrayLike<number>[], mu: ArrayLike<number>, level: number): { lower: number; upper: number } {
  const ends: [number, 0 | 1][] = [];
  let n = 0;
  residualsByFold.forEach((list, k) => {
    for (let j = 0; j < list.length; j++) {
      ends.push([(mu[k] as number) - (list[j] as number), 0], [(mu[k] as number) + (list[j] as number), 1]);
      n++;
    }
  });
  ends.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const limit = level * (n + 1) - 1e-9;
  let above = n; // intervals lying wholly above y
  let below = 0; // intervals lying wholly below y
  let lower = Number.NaN;
  let upper = Number.NaN;
  for (let i = 0; i < ends.length; ) {
    const y = ends[i]![0];
    while (i < ends.length && ends[i]![0] === y && ends[i]![1] === 0) { above--; i++; }
    if (above + below < limit) {
      if (Number.isNaN(lower)) lower = y;
      upper = y;
    }
    while (i < ends.length && ends[i]![0] === y) { below++; i++; }
  }
  return { lower, upper };
}

function format(r: readonly { level: number; coverage: number | null; meanWidth: number | null }[]): string {
  return r.map((c) => `${c.level}: ${(100 * c.coverage!).toFixed(1)} % w ${c.meanWidth!.toFixed(2)}`).join("  ");
}
