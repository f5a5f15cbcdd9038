/**
 * Conformal interval arithmetic (models/conformal.ts) against the reference written by
 * test/fixtures/conformal/generate.py (XGBoost 1.7.4 + scikit-learn 1.2.1 on Domus's seeded splits):
 * the same residuals and fold predictions must give bit-identical split-conformal quantiles and
 * CV+ bounds. Plus the calibration object (models/calibration.ts): intervals contain the point
 * prediction, widen with the level, survive a JSON round trip unchanged, and the covering rank
 * agrees with the intervals.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CvPlusCalibration, calibratedArtifact, loadCalibratedModel } from "../../models/calibration.ts";
import { CoverageTally, conformalRank, cvPlusCoveringRank, cvPlusInterval, cvPlusScores, normalisedCvPlusInterval, splitConformalQuantile } from "../../models/conformal.ts";
import { Random } from "../../models/random.ts";
import { TabularModel } from "../../models/tabular-model.ts";
import { assembleCalibration } from "../../pipeline/calibration.ts";
import { readHousingCsv } from "../../pipeline/dataset.ts";
import { kFold, pick, trainTestSplit } from "../../pipeline/split.ts";
import { type TaskData, gatherCalibration, loadFittedModel, runCalibrate, runFit, shareCalibration } from "../../pipeline/tasks.ts";

interface ReferenceSplit {
  seed: number;
  splitScores: number[];
  splitPredictions: number[];
  residualsByFold: number[][];
  foldPredictions: number[][];
  fullPredictions: number[];
  actual: number[];
  intervals: Record<string, { splitQuantile: number; cvQuantile: number; cvPlusLower: number[]; cvPlusUpper: number[] }>;
}
interface Reference {
  levels: number[];
  xgboost: string;
  splits: ReferenceSplit[];
  pooled: Record<string, { level: number; coverage: number; meanWidth: number; rows: number }[]>;
}

const reference = JSON.parse(readFileSync(new URL("../fixtures/conformal/reference.json", import.meta.url), "utf8")) as Reference;

describe("conformal arithmetic against the Python reference", () => {
  it("has 5 seeded splits from XGBoost 1.7.4", () => {
    expect(reference.xgboost).toBe("1.7.4");
    expect(reference.splits.map((s) => s.seed)).toEqual([1, 2, 3, 4, 5]);
  });

  for (const split of reference.splits) {
    it(`split ${split.seed}: split-conformal and CV quantiles and every CV+ bound are identical`, () => {
      const scores = cvPlusScores(split.residualsByFold);
      const pooledResiduals = split.residualsByFold.flat().sort((a, b) => a - b);
      for (const level of reference.levels) {
        const expected = split.intervals[String(level)]!;
        expect(splitConformalQuantile(split.splitScores, level)).toBe(expected.splitQuantile);
        expect(splitConformalQuantile(pooledResiduals, level)).toBe(expected.cvQuantile);
        split.foldPredictions.forEach((mu, i) => {
          const { lower, upper } = cvPlusInterval(scores, mu, level);
          expect(lower).toBe(expected.cvPlusLower[i]);
          expect(upper).toBe(expected.cvPlusUpper[i]);
        });
      }
    });
  }

  it("the covering rank agrees with the intervals at every rank", () => {
    const split = reference.splits[0]!;
    const scores = cvPlusScores(split.residualsByFold);
    split.foldPredictions.forEach((mu, i) => {
      const y = split.actual[i]!;
      const rank = cvPlusCoveringRank(scores, mu, y);
      for (const level of [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]) {
        const { lower, upper } = cvPlusInterval(scores, mu, level);
        expect(conformalRank(scores.size, level) >= rank, `row ${i} level ${level}`).toBe(lower <= y && y <= upper);
      }
    });
  });
});

describe("CV+ bounds against a brute-force sort", () => {
  it("every rank, merged from either end, equals the sorted union (with ties)", () => {
    const random = new Random(7);
    for (let trial = 0; trial < 40; trial++) {
      const k = 2 + (trial % 5);
      // Integers in [0, 6): many ties within and across folds.
      const residuals = Array.from({ length: k }, () => Array.from({ length: 1 + Math.floor(random.next() * 12) }, () => Math.floor(random.next() * 6)));
      const mu = Array.from({ length: k }, () => Math.floor(random.next() * 4) - 2);
      const scores = cvPlusScores(residuals);
      const uppers = residuals.flatMap((r, f) => r.map((x) => mu[f]! + x)).sort((a, b) => a - b);
      const lowers = residuals.flatMap((r, f) => r.map((x) => mu[f]! - x)).sort((a, b) => b - a);
      for (const level of [0.5, 0.55, 0.7, 0.8, 0.9, 0.95, 0.99]) {
        const m = conformalRank(scores.size, level);
        const { lower, upper } = cvPlusInterval(scores, mu, level);
        expect(upper, `trial ${trial} level ${level}`).toBe(uppers[m - 1]);
        expect(lower, `trial ${trial} level ${level}`).toBe(lowers[m - 1]);
      }
    }
  });

  it("normalised CV+: every rank of { μₖ ± σₖ·Sᵢ }, merged from either end, equals the sorted union (with ties); σ ≡ 1 is CV+", () => {
    const random = new Random(11);
    for (let trial = 0; trial < 40; trial++) {
      const k = 2 + (trial % 5);
      const scoresByFold = Array.from({ length: k }, () => Array.from({ length: 1 + Math.floor(random.next() * 12) }, () => Math.floor(random.next() * 6) / 2));
      const mu = Array.from({ length: k }, () => Math.floor(random.next() * 4) - 2);
      // Dyadic scales (ties across folds) on even trials, arbitrary positive ones on odd trials.
      const sigma = Array.from({ length: k }, () => (trial % 2 === 0 ? [0.5, 1, 2][Math.floor(random.next() * 3)]! : 0.1 + 3 * random.next()));
      const scores = cvPlusScores(scoresByFold);
      const uppers = scoresByFold.flatMap((r, f) => r.map((x) => mu[f]! + sigma[f]! * x)).sort((a, b) => a - b);
      const lowers = scoresByFold.flatMap((r, f) => r.map((x) => mu[f]! - sigma[f]! * x)).sort((a, b) => b - a);
      for (let m = 1; m <= scores.size; m++) {
        const level = m / (scores.size + 1) - 1e-12;
        if (level < 0.01 || level >= 1) continue;
        expect(conformalRank(scores.size, level)).toBe(m);
        const { lower, upper } = normalisedCvPlusInterval(scores, mu, sigma, level);
        // + 0: the merge may give −0 where the sort gives +0.
        expect(upper + 0, `trial ${trial} rank ${m}`).toBe(uppers[m - 1]! + 0);
        expect(lower + 0, `trial ${trial} rank ${m}`).toBe(lowers[m - 1]! + 0);
        expect(normalisedCvPlusInterval(scores, mu, mu.map(() => 1), level)).toEqual(cvPlusInterval(scores, mu, level));
      }
    }
    const scores = cvPlusScores([[1], [2]]);
    expect(() => normalisedCvPlusInterval(scores, [0, 0], [1, 0], 0.5)).toThrow(/scale/);
    expect(() => normalisedCvPlusInterval(scores, [0, 0], [1], 0.5)).toThrow(/scales for 2 folds/);
  });
});

describe("conformal rank and tally", () => {
  it("is ⌈level·(n+1)⌉, capped at n", () => {
    expect(conformalRank(9, 0.9)).toBe(9);
    expect(conformalRank(19, 0.9)).toBe(18);
    expect(conformalRank(409, 0.9)).toBe(369); // 0.9 × 410 = 369.00000000000006 in float64
    expect(conformalRank(5, 0.99)).toBe(5);
    expect(() => conformalRank(0, 0.9)).toThrow(/at least one/);
    expect(() => conformalRank(10, 1)).toThrow(/level/);
  });

  it("counts by rank what it counts by interval, and rebuilds from counts", () => {
    const levels = [0.8, 0.9];
    const byRank = new CoverageTally(levels);
    const byInterval = new CoverageTally(levels);
    const n = 9; // ranks: 0.8 → 8, 0.9 → 9
    for (const [rank, lower, upper, y] of [
      [8, [0, 0], [1, 1], 0.5],
      [9, [0, 0], [1, 1], 2],
      [10, [0, 0], [1, 1], 3],
    ] as const) {
      byRank.addRank(rank, n);
      byInterval.addIntervals(y, [
        { lower: lower[0], upper: rank <= 8 ? upper[0] : 0.4 },
        { lower: lower[1], upper: rank <= 9 ? Math.max(upper[1], y) : 0.4 },
      ]);
    }
    expect(byRank.covered).toEqual([1, 2]);
    expect(byInterval.covered).toEqual([1, 2]);
    const again = CoverageTally.fromCounts(levels, { covered: byRank.covered, total: byRank.total });
    expect(again.result().map((c) => c.coverage)).toEqual([1 / 3, 2 / 3]);
    expect(new CoverageTally(levels).result()[0]).toEqual({ level: 0.8, coverage: null, meanWidth: null, rows: 0 });
  });
});

describe("CV+ calibration of a fitted model", () => {
  const data = readHousingCsv("data/HousingData.csv");
  const split = trainTestSplit(data.rows.length, 0.2, 3);
  const trainRows = pick(data.rows, split.train);
  const taskData: TaskData = {
    trainRows,
    trainY: pick(data.target, split.train),
    testRows: pick(data.rows, split.test),
    testY: pick(data.target, split.test),
    folds: kFold(trainRows.length, 5, 3),
    freshFolds: kFold(trainRows.length, 5, 4),
  };
  const columns = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const task = { algorithm: "gbdt" as const, params: { nEstimators: 40 }, columns, seed: 3 };
  const fit = runFit(taskData, { kind: "fit", ...task, shapSampleSize: 0 });
  const calibrate = runCalibrate(taskData, { kind: "calibrate", ...task });
  const assembled = assembleCalibration(fit.modelJson, columns, calibrate, taskData.testRows, taskData.testY);
  const { model, calibration } = loadCalibratedModel(JSON.parse(assembled.artifactJson));

  it("uses every training row once as a calibration residual and reports validation coverage", () => {
    expect(calibration).not.toBeNull();
    expect(assembled.summary.method).toBe("cv-plus");
    expect(assembled.summary.calibrationSize).toBe(trainRows.length);
    expect(assembled.summary.validationCoverage.map((c) => c.level)).toEqual([0.8, 0.9, 0.95]);
    for (const c of assembled.summary.validationCoverage) {
      expect(c.rows).toBe(split.test.length);
      expect(c.coverage).toBeGreaterThan(c.level - 0.15);
    }
  });

  it("spread over workers (folds dealt round-robin), the calibration is the one of a single task", () => {
    const whole = { kind: "calibrate" as const, ...task, folds: { count: 7, shuffleSeed: 3 } };
    const once = runCalibrate(taskData, whole);
    for (const workers of [1, 2, 3, 7, 12]) {
      const shares = shareCalibration(whole, workers);
      expect(shares.length).toBe(Math.min(workers, 7));
      expect(shares.flatMap((s) => s.only!).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      const gathered = gatherCalibration(shares, shares.map((share) => runCalibrate(taskData, share)));
      expect(gathered.foldModelJsons).toEqual(once.foldModelJsons);
      expect(gathered.residualsByFold).toEqual(once.residualsByFold);
    }
  });

  it("property: intervals contain the point prediction and widen with the level", () => {
    const random = new Random(11);
    const levels = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
    for (let t = 0; t < 200; t++) {
      // Random rows inside the training ranges, some far out.
      const row = Float64Array.from(model.features, (_, j) => {
        const values = trainRows.map((r) => r[j]!).filter((v) => !Number.isNaN(v));
        return values[Math.floor(random.next() * values.length)]! * (t % 10 === 0 ? 3 : 1);
      });
      const point = model.predictPrepared(row);
      let previous = { lower: point, upper: point };
      for (const level of levels) {
        const interval = calibration!.interval(row, point, level);
        expect(interval.lower).toBeLessThanOrEqual(previous.lower);
        expect(interval.upper).toBeGreaterThanOrEqual(previous.upper);
        previous = interval;
      }
    }
  });

  it("the covering rank around the served point agrees with the served intervals", () => {
    taskData.testRows.forEach((r, i) => {
      const row = Float64Array.from(r);
      model.prepare(row);
      const point = model.predictPrepared(row);
      const y = taskData.testY[i]!;
      const rank = calibration!.coveringRank(row, point, y);
      for (const level of [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]) {
        const { lower, upper } = calibration!.interval(row, point, level);
        expect(conformalRank(calibration!.size, level) >= rank).toBe(lower <= y && y <= upper);
      }
    });
  });

  it("gives identical intervals after a JSON round trip (a restart or another replica) and in batches", () => {
    const again = loadCalibratedModel(JSON.parse(JSON.stringify(calibratedArtifact(model, calibration!))));
    const rows = taskData.testRows.slice(0, 30).map((r) => {
      const raw = Float64Array.from(r);
      model.prepare(raw);
      return raw;
    });
    const flat = new Float64Array(rows.length * columns.length);
    rows.forEach((r, i) => {
      flat.set(r, i * columns.length);
    });
    const points = rows.map((row) => model.predictPrepared(row));
    const batch = again.calibration!.intervalsFlat(flat, rows.length, points, 0.9);
    rows.forEach((row, i) => {
      const one = calibration!.interval(row, points[i]!, 0.9);
      expect(again.calibration!.interval(row, points[i]!, 0.9)).toEqual(one);
      expect([batch.lower[i], batch.upper[i]]).toEqual([one.lower, one.upper]);
    });
  });

  it("loads a formatVersion 1 artifact without a calibration", () => {
    const v1 = loadCalibratedModel(JSON.parse(fit.modelJson));
    expect(v1.calibration).toBeNull();
    expect(v1.model.predict(taskData.testRows.slice(0, 3))).toEqual(loadFittedModel(fit).predict(taskData.testRows.slice(0, 3)));
    expect(() => CvPlusCalibration.load({ name: "CvPlusCalibration", formatVersion: 9 }, model.features)).toThrow(/unsupported formatVersion 9/);
    expect(TabularModel.load(JSON.parse(assembled.artifactJson)).features).toEqual(model.features);
  });
});
