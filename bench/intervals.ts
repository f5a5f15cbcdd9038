/**
 * Domus's CV+ intervals on the 5 seeded 80/20 splits of the conformal reference
 * (test/fixtures/conformal/generate.py): default GBDT, calibrated as the pipeline does
 * (DEFAULT_PIPELINE_OPTIONS.calibrationFolds folds; `--folds 5` for the standard folds), pooled coverage and
 * mean width at 80/90/95 % on the held-out rows, printed beside the reference's split-conformal
 * and CV+ figures.  `npx tsx bench/intervals.ts`
 */
import { readFileSync } from "node:fs";
import { CoverageTally, VALIDATION_LEVELS } from "../models/conformal.ts";
import { assembleCalibration } from "../pipeline/calibration.ts";
import { readHousingCsv } from "../pipeline/dataset.ts";
import { kFold, pick, trainTestSplit } from "../pipeline/split.ts";
import { type TaskData, runCalibrate, runFit } from "../pipeline/tasks.ts";
import { DEFAULT_PIPELINE_OPTIONS } from "../pipeline/experiments.ts";

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
  const { summary } = assembleCalibration(fit.modelJson, columns, runCalibrate(taskData, { kind: "calibrate", ...task, folds: { count: calibrationFolds, shuffleSeed: seed } }), taskData.testRows, taskData.testY);
  summary.validationCoverage.forEach((c, i) => {
    covered[i]! += (c.coverage ?? 0) * c.rows;
    width[i]! += (c.meanWidth ?? 0) * c.rows;
  });
  rows += split.test.length;
  console.log(`seed ${seed}: ${summary.validationCoverage.map((c) => `${c.level}: ${(100 * c.coverage!).toFixed(1)} % w ${c.meanWidth!.toFixed(2)}`).join("  ")}`);
}
const pooled = CoverageTally.fromCounts(levels, { covered: covered.map(Math.round), widthSum: width, total: rows }).result();
const line = (name: string, r: { level: number; coverage: number | null; meanWidth: number | null }[]) =>
  console.log(`${name.padEnd(28)} ${r.map((c) => `${c.level}: ${(100 * c.coverage!).toFixed(1)} % w ${c.meanWidth!.toFixed(2)}`).join("  ")}`);
line(`Domus GBDT, CV+ (K = ${calibrationFolds})`, pooled);
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
  const { loadCalibratedModel } = await import("../models/calibration.ts");
  const { model, calibration } = loadCalibratedModel(JSON.parse(artifactJson));
  const n = 10_000;
  const flat = new Float64Array(n * columns.length);
  for (let i = 0; i < n; i++) {
    const raw = Float64Array.from(data.rows[i % data.rows.length]!);
    model.impute(raw);
    flat.set(raw, i * columns.length);
  }
  const ratios: number[] = [];
  for (let round = 0; round < 5; round++) {
    let t = performance.now();
    const points = model.predictImputedFlat(flat, n);
    const plain = performance.now() - t;
    t = performance.now();
    const again = model.predictImputedFlat(flat, n);
    calibration!.intervalsFlat(flat, n, again, 0.9);
    ratios.push((performance.now() - t) / plain);
    if (points.length !== n) throw new Error("unexpected");
  }
  ratios.sort((a, b) => a - b);
  console.log(`10k-row batch, model time with 90 % intervals / without: median ${ratios[2]!.toFixed(2)}× (rounds ${ratios.map((r) => r.toFixed(2)).join(", ")})`);
}
