/**
 * `missing: "learn"` (models/tabular-model.ts, pipeline/algorithms.ts): a GBDT trained and served on
 * NaN instead of imputed rows. The scaler learns from observed values only and keeps NaN; the
 * served prediction of a row with a missing value is the GBDT's own prediction of the scaled row
 * with NaN (its learned default directions); where missingness carries signal it beats imputing;
 * the model file says so (format 3) and round-trips, and older files load and round-trip byte for
 * byte; imputing models are the bytes they were before the option existed.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CvPlusCalibration, calibratedArtifact, loadCalibratedModel } from "../../models/calibration.ts";
import type { GradientBoostedTrees } from "../../models/gbdt.ts";
import { Random } from "../../models/random.ts";
import { TabularModel } from "../../models/tabular-model.ts";
import { fitTabularModel, missingPolicyOf, selectColumns } from "../../pipeline/algorithms.ts";
import { assembleCalibration } from "../../pipeline/calibration.ts";
import { FEATURES, readHousingCsv } from "../../pipeline/dataset.ts";
import { availableColumns } from "../../pipeline/experiments.ts";
import { rmse } from "../../pipeline/metrics.ts";
import { kFold, pick, trainTestSplit } from "../../pipeline/split.ts";
import { type TaskData, runCalibrate, runCv, runFit } from "../../pipeline/tasks.ts";
import { predictCanonical } from "../../src/modules/challengers/challenger-router.ts";
import { toModelOrder } from "../../src/modules/predictions/model-order.ts";

const data = readHousingCsv(new URL("../../data/HousingData.csv", import.meta.url).pathname);
const split = trainTestSplit(data.rows.length, 0.2, 1);
const trainRows = pick(data.rows, split.train);
const trainY = pick(data.target, split.train);
const testRows = pick(data.rows, split.test);
const testY = pick(data.target, split.test);
const columns = availableColumns(trainRows);
const SMALL = { nEstimators: 40, maxDepth: 4, learningRate: 0.2 };
const ZN = FEATURES.indexOf("ZN");

/** The row as a "learn" model's estimator sees it: standardised, NaN kept. */
function scaled(model: TabularModel, raw: readonly number[]): Float64Array {
  return Float64Array.from(raw, (v, j) => (v - model.scaler.mean[j]!) / model.scaler.scale[j]!);
}

describe("the missing param", () => {
  it('defaults to "impute" and refuses unknown values and "learn" for an estimator that needs complete rows, naming the field', () => {
    expect(missingPolicyOf("gbdt", {})).toBe("impute");
    expect(missingPolicyOf("ridge", { missing: "impute" })).toBe("impute");
    expect(missingPolicyOf("gbdt", { missing: "learn" })).toBe("learn");
    expect(() => missingPolicyOf("gbdt", { missing: "foo" })).toThrow(/^missing must be "impute" or "learn", got "foo"$/);
    expect(() => missingPolicyOf("gbdt", { missing: true })).toThrow(/missing must be "impute" or "learn", got true/);
    for (const algorithm of ["ridge", "linear", "random_forest"] as const) {
      expect(() => missingPolicyOf(algorithm, { missing: "learn" })).toThrow(new RegExp(`^missing: "learn" needs an algorithm that learns where missing values go \\(gbdt\\), not ${algorithm}$`));
      expect(() => fitTabularModel(algorithm, { missing: "learn" }, trainRows, trainY, columns, 1)).toThrow(/^missing: "learn" needs/);
    }
  });
});

describe('a GBDT trained with missing: "learn"', () => {
  const model = fitTabularModel("gbdt", { ...SMALL, missing: "learn" }, trainRows, trainY, columns, 1);
  const imputing = fitTabularModel("gbdt", SMALL, trainRows, trainY, columns, 1);
  const x = selectColumns(trainRows, columns);

  it("scales the observed values only and is trained on NaN (its splits learned directions for them)", () => {
    expect(model.missing).toBe("learn");
    expect(imputing.missing).toBe("impute");
    columns.forEach((_, j) => {
      const observed = x.map((r) => r[j]!).filter((v) => !Number.isNaN(v));
      expect(model.scaler.mean[j]).toBeCloseTo(observed.reduce((a, b) => a + b, 0) / observed.length, 10);
    });
    // The training split has NA cells: imputed, the model's trees are another model's.
    expect(x.some((r) => r.some(Number.isNaN))).toBe(true);
    expect((model.estimator as GradientBoostedTrees).trees.toJSON()).not.toEqual((imputing.estimator as GradientBoostedTrees).trees.toJSON());
  });

  it("predicts a row with missing values as its GBDT predicts the scaled row with NaN, and prepare leaves NaN", () => {
    const rows = selectColumns(testRows, columns);
    const withNaN = rows.filter((r) => r.some(Number.isNaN));
    expect(withNaN.length).toBeGreaterThan(10);
    for (const r of withNaN) {
      const raw = Float64Array.from(r);
      const missing = model.prepare(raw);
      expect(missing).toEqual(r.flatMap((v, j) => (Number.isNaN(v) ? [j] : [])));
      expect(missing.every((j) => Number.isNaN(raw[j]))).toBe(true);
      const direct = model.estimator.predictOne(scaled(model, r));
      expect(model.predict([r])[0]).toBe(direct);
      expect(model.predictPrepared(raw)).toBe(direct);
    }
    // The flat (batch) path gives the same doubles.
    const flat = new Float64Array(withNaN.length * columns.length);
    withNaN.forEach((r, i) => {
      flat.set(r, i * columns.length);
    });
    expect(Array.from(model.predictPreparedFlat(flat, withNaN.length))).toEqual(model.predict(withNaN));
    // An imputing model fills the same rows with the training medians instead.
    const raw = Float64Array.from(withNaN[0]!);
    const filled = imputing.prepare(raw);
    expect(filled.length).toBeGreaterThan(0);
    for (const j of filled) expect(raw[j]).toBe(imputing.imputer.statistics[j]);
  });

  it("explains rows with NaN: SHAP values follow the learned directions and add up to the prediction", () => {
    const r = selectColumns(testRows, columns).find((row) => row.some(Number.isNaN))!;
    const raw = Float64Array.from(r);
    model.prepare(raw);
    const { baseValue, contributions, prediction } = model.explainPrepared(raw);
    expect(prediction).toBe(model.predict([r])[0]);
    expect(baseValue + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(prediction, 9);
  });

  it("writes format 3 with missing: learn, round-trips byte for byte, and refuses inconsistent files", () => {
    const text = JSON.stringify(model);
    const json = JSON.parse(text);
    expect(json).toMatchObject({ name: "TabularModel", formatVersion: 3, missing: "learn" });
    const loaded = TabularModel.load(json);
    expect(loaded.missing).toBe("learn");
    expect(JSON.stringify(loaded)).toBe(text);
    const rows = selectColumns(testRows, columns);
    expect(loaded.predict(rows)).toEqual(model.predict(rows));
    expect(() => TabularModel.load({ ...json, missing: "foo" })).toThrow(/TabularModel.missing: expected "impute" or "learn", got "foo"/);
    expect(() => TabularModel.load({ ...json, missing: undefined })).toThrow(/TabularModel.missing: expected "impute" or "learn", got null/);
    expect(() => TabularModel.load({ ...json, formatVersion: 1 })).toThrow(/TabularModel.missing: needs formatVersion 3/);
    const ridge = fitTabularModel("ridge", {}, trainRows, trainY, columns, 1).toJSON();
    expect(() => TabularModel.load({ ...ridge, formatVersion: 3, missing: "learn" })).toThrow(/"learn" needs an estimator that learns missing values, not "Ridge"/);
  });

  it("early-stops on validation rows with NaN, and the pipeline tasks fit, score and explain such models", () => {
    const taskData: TaskData = { trainRows, trainY, testRows, testY, folds: kFold(trainRows.length, 3, 1), freshFolds: kFold(trainRows.length, 3, 2) };
    const cv = runCv(taskData, { kind: "cv", algorithm: "gbdt", params: { ...SMALL, nEstimators: 200, missing: "learn" }, columns, seed: 1, earlyStoppingRounds: 5 });
    expect(cv.bestTrees).toBeLessThan(200);
    for (const r of cv.foldRmse) expect(Number.isFinite(r)).toBe(true);
    const fit = runFit(taskData, { kind: "fit", algorithm: "gbdt", params: { ...SMALL, missing: "learn" }, columns, seed: 1, shapSampleSize: 400 });
    expect(JSON.parse(fit.modelJson)).toMatchObject({ formatVersion: 3, missing: "learn" });
    expect(fit.testPred).toEqual(model.predict(selectColumns(testRows, columns)));
    // The SHAP sample shows the values as the model used them: NaN where the row had none.
    expect(fit.shapSample.values.some((r) => r.some(Number.isNaN))).toBe(true);
  });
});

describe("where missingness is informative", () => {
  // ZN goes missing in a random quarter of the tracts, and those sell for $10k more (in training and
  // test rows alike). Imputed, they get ZN's median 0, which three quarters of the tracts really
  // have: an imputing model cannot tell them apart; a learn model sends them their own way.
  const random = new Random(7);
  const hidden = data.rows.map(() => random.next() < 0.25);
  const rows = data.rows.map((r, i) => r.map((v, c) => (c === ZN && hidden[i] ? Number.NaN : v)));
  const target = data.target.map((y, i) => (hidden[i] ? y + 10 : y));
  const affected = split.test.filter((i) => hidden[i]);

  it("a learn model predicts the rows missing ZN far better than an imputing one", () => {
    expect(affected.length).toBeGreaterThan(15);
    const learn = fitTabularModel("gbdt", { ...SMALL, missing: "learn" }, pick(rows, split.train), pick(target, split.train), columns, 1);
    const impute = fitTabularModel("gbdt", SMALL, pick(rows, split.train), pick(target, split.train), columns, 1);
    const x = selectColumns(pick(rows, affected), columns);
    const actual = pick(target, affected);
    const learnRmse = rmse(actual, learn.predict(x));
    const imputeRmse = rmse(actual, impute.predict(x));
    expect(learnRmse).toBeLessThan(0.7 * imputeRmse);
  });

  it('with treeMethod "hist" as well: missing values get their own bin, and the model serves them by its learned directions', () => {
    const params = { ...SMALL, treeMethod: "hist", missing: "learn" };
    const learn = fitTabularModel("gbdt", params, pick(rows, split.train), pick(target, split.train), columns, 1);
    const impute = fitTabularModel("gbdt", { ...SMALL, treeMethod: "hist" }, pick(rows, split.train), pick(target, split.train), columns, 1);
    const gbdt = learn.estimator as GradientBoostedTrees;
    expect(gbdt.toJSON().options.treeMethod).toBe("hist");
    const x = selectColumns(pick(rows, affected), columns);
    for (const r of x) expect(learn.predict([r])[0]).toBe(gbdt.predictOne(scaled(learn, r)));
    const actual = pick(target, affected);
    expect(rmse(actual, learn.predict(x))).toBeLessThan(0.7 * rmse(actual, impute.predict(x)));
  });
});

describe("serving paths share TabularModel.prepare", () => {
  const model = fitTabularModel("gbdt", { ...SMALL, missing: "learn" }, trainRows, trainY, columns, 1);
  const imputing = fitTabularModel("gbdt", SMALL, trainRows, trainY, columns, 1);
  // Canonical rows (every feature, FEATURES order): test rows without their NA cells, one missing ZN.
  const complete = testRows.filter((r) => r.every((v) => !Number.isNaN(v))).slice(0, 6);
  const canonical = Float64Array.from(complete.flat());
  canonical[2 * FEATURES.length + ZN] = Number.NaN;
  const which = complete.map((_, i) => i);

  it("toModelOrder keeps NaN for a learn model and imputes for an imputing one, flagging the same features", () => {
    const learned = toModelOrder(model, canonical, which);
    const filled = toModelOrder(imputing, canonical, which);
    const zn = columns.indexOf(ZN);
    expect(Array.from(learned.imputed)).toEqual(Array.from(filled.imputed));
    expect(learned.imputed[2]).toBe(1 << zn);
    expect(Number.isNaN(learned.matrix[2 * columns.length + zn])).toBe(true);
    expect(filled.matrix[2 * columns.length + zn]).toBe(imputing.imputer.statistics[zn]);
  });

  it("shadow scoring (predictCanonical) gives the model's own predictions of the rows with NaN", () => {
    const rows = which.map((i) => columns.map((c) => canonical[i * FEATURES.length + c]!));
    expect(Array.from(predictCanonical(model, canonical, which))).toEqual(model.predict(rows));
    expect(predictCanonical(model, canonical, [2])[0]).toBe(model.estimator.predictOne(scaled(model, rows[2]!)));
  });
});

describe("CV+ intervals of a learn model", () => {
  const params = { ...SMALL, missing: "learn" };
  const taskData: TaskData = { trainRows, trainY, testRows, testY, folds: kFold(trainRows.length, 5, 1), freshFolds: kFold(trainRows.length, 5, 2) };
  const fit = runFit(taskData, { kind: "fit", algorithm: "gbdt", params, columns, seed: 1, shapSampleSize: 0 });
  const calibrate = runCalibrate(taskData, { kind: "calibrate", algorithm: "gbdt", params, columns, seed: 1 });
  const assembled = assembleCalibration(fit.modelJson, columns, calibrate, testRows, testY);
  const { model, calibration } = loadCalibratedModel(JSON.parse(assembled.artifactJson));

  it("calibrates on fold models that learn too, scores rows with NaN, and round-trips as format 3", () => {
    expect(JSON.parse(assembled.artifactJson)).toMatchObject({ formatVersion: 3, missing: "learn" });
    expect(calibration!.foldModels.every((m) => m.missing === "learn")).toBe(true);
    for (const c of assembled.summary.validationCoverage) expect(c.coverage).toBeGreaterThan(0.6);
    const rows = selectColumns(testRows, columns).filter((r) => r.some(Number.isNaN));
    const flat = new Float64Array(rows.length * columns.length);
    rows.forEach((r, i) => {
      flat.set(r, i * columns.length);
    });
    const points = rows.map((r) => model.predict([r])[0]!);
    const batch = calibration!.intervalsFlat(flat, rows.length, points, 0.9);
    rows.forEach((r, i) => {
      const row = Float64Array.from(r);
      // The fold models route the NaN themselves: their predictions are their own of the raw row.
      expect(Array.from(calibration!.foldPredictionsOf(row))).toEqual(calibration!.foldModels.map((m) => m.predict([r])[0]));
      const one = calibration!.interval(row, points[i]!, 0.9);
      expect(Number.isFinite(one.lower) && Number.isFinite(one.upper)).toBe(true);
      expect(one.lower).toBeLessThanOrEqual(points[i]!);
      expect(one.upper).toBeGreaterThanOrEqual(points[i]!);
      expect({ lower: batch.lower[i], upper: batch.upper[i] }).toEqual({ lower: one.lower, upper: one.upper });
    });
    expect(JSON.stringify(calibratedArtifact(model, calibration!))).toBe(assembled.artifactJson);
  });

  it("refuses a calibration whose fold models treat missing values otherwise than the served model", () => {
    const imputing = fitTabularModel("gbdt", SMALL, trainRows, trainY, columns, 1);
    const mixed = new CvPlusCalibration(model.features, [imputing, ...calibration!.foldModels.slice(1)], calibration!.residualsByFold);
    expect(() => calibratedArtifact(model, mixed)).toThrow(/fold model 0 has missing: "impute", the served model "learn"/);
    const artifact = { ...JSON.parse(assembled.artifactJson), calibration: mixed.toJSON() };
    expect(() => loadCalibratedModel(artifact)).toThrow(/fold model 0 has missing: "impute"/);
  });
});

describe("imputing models and older files are unchanged", () => {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/tabular/${name}`, import.meta.url), "utf8");

  it("files written before the option (format 1, and 2 with calibration) load as imputing models and round-trip byte for byte", () => {
    const one = fixture("tabular-model-format-1.json");
    const model = TabularModel.load(JSON.parse(one));
    expect(model.missing).toBe("impute");
    expect(JSON.stringify(model)).toBe(one);
    const two = fixture("tabular-model-format-2.json");
    const calibrated = loadCalibratedModel(JSON.parse(two));
    expect(calibrated.model.missing).toBe("impute");
    expect(JSON.stringify(calibratedArtifact(calibrated.model, calibrated.calibration!))).toBe(two);
  });

  // SHA-256 of the JSON of these fits as Domus wrote them before `missing` existed (commit 8596723,
  // housing split seed 42, model seed 42): an imputing model is still the same bytes. The hist fit's
  // hash is from after hist took XGBoost's quantile cuts (quantileCuts in models/hist-grower.ts),
  // which changed hist models on purpose; `missing` changes nothing in it.
  const before: [string, Record<string, number | string>, boolean, string][] = [
    ["gbdt", {}, false, "5dcd7ed0fbbab67bc9e38205da94fb170168bbd80a7ac242a51c5a2db5c5cd6d"],
    ["gbdt", { missing: "impute" }, false, "5dcd7ed0fbbab67bc9e38205da94fb170168bbd80a7ac242a51c5a2db5c5cd6d"],
    ["gbdt", { treeMethod: "hist", nEstimators: 30 }, false, "ae393293a957ea208cd826addbbefd0f24a8bc040fae47d140c2563d69895852"],
    ["gbdt", { nEstimators: 200, earlyStoppingRounds: 10 }, true, "c7fea21cc9495e5cdef87df1ac792ab167cb0e57b2162b9f9494638645ee7be2"],
    ["ridge", { alpha: 10 }, false, "a9cf7392ed5244cbf34e0d2823b2cfbed239cf9446e0db6534bb429de7872aa1"],
    ["linear", {}, false, "e848acf5330e14a04d92bd0961edb95a76d99c650d4fb36df1bf6b817680e227"],
  ];
  it.each(before)("%s %j is byte-identical to the model written before the option", (algorithm, params, validated, sha256) => {
    const s = trainTestSplit(data.rows.length, 0.2, 42);
    const rows = pick(data.rows, s.train);
    const validation = validated ? { rows: pick(data.rows, s.test), y: pick(data.target, s.test) } : undefined;
    const model = fitTabularModel(algorithm as "gbdt", params, rows, pick(data.target, s.train), availableColumns(rows), 42, validation);
    expect(createHash("sha256").update(JSON.stringify(model)).digest("hex")).toBe(sha256);
  });
});
