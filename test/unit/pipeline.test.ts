import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { median } from "../../models/preprocessing.ts";
import { CsvFormatError, FEATURES, parseHousingCsv, readHousingCsv } from "../../pipeline/dataset.ts";
import { kFold, pick, trainTestSplit } from "../../pipeline/split.ts";
import { DEFAULT_PIPELINE_OPTIONS, runPipeline, selectByImportance } from "../../pipeline/experiments.ts";
import { DEFAULT_GBDT_SPACE, parseSearchSpace, sampleCandidates } from "../../pipeline/search-space.ts";
import { type TaskData, loadFittedModel, runCv, runSelect } from "../../pipeline/tasks.ts";

const data = readHousingCsv("data/HousingData.csv");

describe("dataset", () => {
  it("reads the 506 tracts with NA as missing", () => {
    expect(data.rows).toHaveLength(506);
    expect(data.features).toEqual(FEATURES);
    const missing = (name: string) => data.rows.filter((r) => Number.isNaN(r[FEATURES.indexOf(name as never)]!)).length;
    // Counts documented in data/README.md.
    expect(["CRIM", "ZN", "INDUS", "CHAS", "AGE", "LSTAT"].map(missing)).toEqual([20, 20, 19, 20, 20, 20]);
    expect(missing("RM")).toBe(0);
    expect(data.target[0]).toBe(24);
  });

  const header = "CRIM,ZN,INDUS,CHAS,NOX,RM,AGE,DIS,RAD,TAX,PTRATIO,B,LSTAT,MEDV";
  const row = "0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98,24";
  const failure = (text: string) => {
    try {
      parseHousingCsv(text, "x.csv");
    } catch (err) {
      return err as CsvFormatError;
    }
    throw new Error("expected a CsvFormatError");
  };

  it("names the line and column of a malformed value", () => {
    const err = failure(`${header}\n${row}\n${row.replace("6.575", "six")}\n`);
    expect(err).toBeInstanceOf(CsvFormatError);
    expect(err.line).toBe(3);
    expect(err.column).toBe("RM");
    expect(err.message).toBe('x.csv:3 column RM: expected a decimal number or NA, found "six"');
  });

  it("reads quoted fields and a quoted header (csv-parse), and takes decimal numbers only", () => {
    const quotedHeader = header.split(",").map((h) => `"${h}"`).join(",");
    const parsed = parseHousingCsv(`\uFEFF${quotedHeader}\r\n${row.replace("296", '"296"')}\r\n\r\n${row}\r\n`, "x.csv");
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rows[0]![FEATURES.indexOf("TAX")]).toBe(296);
    expect(parsed.lines).toEqual([2, 4]);
    for (const bad of ["0x10", "0b1", "Infinity", "1_0", "1e"]) {
      expect(failure(`${header}\n${row.replace("296", bad)}`).message).toBe(`x.csv:2 column TAX: expected a decimal number or NA, found "${bad}"`);
    }
    expect(failure(`${header}\n${row.replace("296", '"1,000"')}`).message).toBe('x.csv:2 column TAX: expected a decimal number or NA, found "1,000"');
    expect(failure(`${header}\n${row.replace("296", '"296')}`).message).toMatch(/^x\.csv:2: not a readable CSV: /);
  });

  it("names rows with the wrong number of fields, missing columns, out-of-bounds values and missing targets", () => {
    expect(failure(`${header}\n${row},7`).message).toBe("x.csv:2: expected 14 fields, found 15");
    expect(failure(header.replace(",NOX", "")).message).toMatch(/x\.csv:1: header lacks column\(s\) NOX, MEDV|x\.csv:1: header lacks column\(s\) NOX/);
    expect(failure(`${header}\n${row.replace("0.538", "1.5")}`).message).toBe("x.csv:2 column NOX: 1.5 is out of bounds: NOX must be > 0 and <= 1");
    expect(failure(`${header}\n${row.replace(/,24$/, ",NA")}`).message).toMatch(/x\.csv:2 column MEDV: the target is missing/);
    expect(failure("").message).toMatch(/empty/);
    expect(failure(`${header}\n`).message).toMatch(/no data rows/);
  });
});

describe("train/test split", () => {
  it("is deterministic for a seed, 80/20, disjoint and complete", () => {
    const a = trainTestSplit(506, 0.2, 42);
    const b = trainTestSplit(506, 0.2, 42);
    expect(a).toEqual(b);
    expect(a.test).toHaveLength(102); // ceil(0.2 × 506), as scikit-learn
    expect(a.train).toHaveLength(404);
    expect(new Set([...a.train, ...a.test]).size).toBe(506);
    expect(trainTestSplit(506, 0.2, 7).test).not.toEqual(a.test);
    // Pinned literals (from the implementation as of this test), so an accidental change of the
    // PRNG or the shuffle is caught: every stored split and reported metric depends on them.
    expect(a.test.slice(0, 12)).toEqual([2, 9, 11, 20, 25, 30, 31, 36, 43, 45, 48, 54]);
    expect(a.test.slice(-6)).toEqual([472, 485, 487, 494, 498, 500]);
    expect(a.test.reduce((sum, i) => sum + i, 0)).toBe(25350);
  });

  it("k-fold partitions every row into exactly one validation fold", () => {
    const folds = kFold(404, 5, 42);
    expect(folds.map((f) => f.test.length)).toEqual([81, 81, 81, 81, 80]);
    expect(folds[0]!.test.slice(0, 8)).toEqual([4, 6, 9, 16, 17, 21, 25, 27]); // pinned, as the split above
    expect(new Set(folds.flatMap((f) => f.test)).size).toBe(404);
    for (const f of folds) expect(f.train.length + f.test.length).toBe(404);
  });
});

describe("a dataset version without an optional feature column (stored before the feature existed)", () => {
  it("reads the absent column as NA and trains on the columns it has; a required column is still refused", async () => {
    const text = readFileSync("data/HousingData.csv", "utf8").trim().split("\n");
    const header = text[0]!.split(",");
    const zn = header.indexOf("ZN");
    const withoutZn = text.map((line) => line.split(",").filter((_, j) => j !== zn).join(",")).join("\n");
    const old = parseHousingCsv(withoutZn, "old.csv");
    expect(old.rows.every((r) => Number.isNaN(r[FEATURES.indexOf("ZN")]!))).toBe(true);
    const options = { ...DEFAULT_PIPELINE_OPTIONS, workers: 0, only: { algorithm: "ridge" as const, params: { alpha: 10 } } };
    const run = (await runPipeline(old, options)).runs[0]!;
    expect(run.features).toEqual(FEATURES.filter((f) => f !== "ZN"));
    const model = loadFittedModel(run.fit);
    expect(model.features).toEqual(run.features);
    expect(run.metrics.test_rmse).toBeLessThan(6);
    const rm = header.indexOf("RM");
    expect(() => parseHousingCsv(text.map((line) => line.split(",").filter((_, j) => j !== rm).join(",")).join("\n"), "x.csv")).toThrow(/header lacks column\(s\) RM/);
  });
});

describe("pipeline (ridge only, inline)", async () => {
  const options = { ...DEFAULT_PIPELINE_OPTIONS, workers: 0, only: { algorithm: "ridge" as const, params: { alpha: 10 } } };
  const result = await runPipeline(data, options);
  const run = result.runs[0]!;
  const model = loadFittedModel(run.fit);
  const split = trainTestSplit(506, 0.2, 42);
  const train = pick(data.rows, split.train);

  it("fits the imputer and the scaler on the training split only", async () => {
    const column = (rows: number[][], j: number) => rows.map((r) => r[j]!);
    model.imputer.statistics.forEach((stat, j) => {
      if (FEATURES[j] === "CHAS") return;
      expect(stat).toBe(median(column(train, j)));
    });
    // Leakage check: wreck every test row; the fitted preprocessing must not move.
    const testSet = new Set(split.test);
    const poisoned = { ...data, rows: data.rows.map((r, i) => (testSet.has(i) ? r.map(() => 1e6) : r)) };
    const again = loadFittedModel((await runPipeline(poisoned, options)).runs[0]!.fit);
    expect(again.imputer.statistics).toEqual(model.imputer.statistics);
    expect(again.scaler.mean).toEqual(model.scaler.mean);
    expect(again.scaler.scale).toEqual(model.scaler.scale);
  });

  it("is deterministic, reaches a sensible quality and reports CV and test metrics", async () => {
    expect((await runPipeline(data, options)).runs[0]!.fit.modelJson).toBe(run.fit.modelJson);
    expect(run.metrics.test_r2).toBeGreaterThan(0.7);
    expect(run.metrics.test_rmse).toBeLessThan(6);
    expect(run.metrics.cv_rmse_mean).toBeGreaterThan(run.metrics.train_rmse!);
    expect(run.artifacts.map((a) => a.name)).toEqual(["predicted_vs_actual.svg", "residuals.svg", "feature_importance.svg", "shap_summary.svg"]);
  });

  it("stores reference statistics of the raw training split", () => {
    const reference = result.reference(run);
    expect(reference.size).toBe(404);
    expect(reference.rows).toHaveLength(404);
    const rm = reference.columns.RM!;
    expect(rm.min).toBe(Math.min(...train.map((r) => r[5]!)));
    expect(rm.max).toBe(Math.max(...train.map((r) => r[5]!)));
    expect(reference.columns.CRIM!.missing).toBe(train.filter((r) => Number.isNaN(r[0]!)).length);
  });
});

describe("feature selection by importance percentile", () => {
  it("keeps the features strictly above the percentile", () => {
    // importances 1..5: the 20th percentile (type 7) is 1.8 → keeps 2, 3, 4, 5.
    expect(selectByImportance([0, 1, 2, 3, 4], [5, 1, 4, 2, 3], 20)).toEqual([0, 2, 3, 4]);
    expect(selectByImportance([7, 8], [1, 1], 20)).toEqual([7, 8]); // nothing above a flat cutoff: keep all
  });
});

describe("feature selection nested in the CV", () => {
  const split = trainTestSplit(506, 0.2, 42);
  const trainRows = pick(data.rows, split.train);
  const trainY = pick(data.target, split.train);
  const folds = kFold(trainRows.length, 2, 42);
  const taskData: TaskData = { trainRows, trainY, testRows: [], testY: [], folds, freshFolds: kFold(trainRows.length, 2, 43) };
  const all = FEATURES.map((_, i) => i);
  const task = { kind: "select" as const, folds: "standard" as const, columns: all, percentile: 20, seed: 42 };

  it("selects on each fold's training part only", { timeout: 300_000 }, () => {
    const nested = runSelect(taskData, task).columns;
    expect(nested).toHaveLength(2);
    // Fold 0's selection is the whole-split selection of fold 0's training rows...
    const fold0 = { ...taskData, trainRows: pick(trainRows, folds[0]!.train), trainY: pick(trainY, folds[0]!.train) };
    expect(runSelect(fold0, { ...task, folds: null }).columns).toEqual([nested[0]]);
    // ...and wrecking fold 0's held-out rows cannot move it.
    const held = new Set(folds[0]!.test);
    const poisoned = { ...taskData, trainY: trainY.map((y, i) => (held.has(i) ? -1000 * y : y)), trainRows: trainRows.map((r, i) => (held.has(i) ? r.map((v, j) => (j === 5 ? v * 1000 : v)) : r)) };
    expect(runSelect(poisoned, task).columns[0]).toEqual(nested[0]);
    for (const columns of nested) expect(columns.length).toBeLessThan(all.length);
  });

  it("cross-validates each fold on its own columns", () => {
    const ridge = { kind: "cv" as const, algorithm: "ridge" as const, params: { alpha: 1 }, columns: all, seed: 42 };
    const perFold = runCv(taskData, { ...ridge, foldColumns: [[5, 12], all] }).foldRmse;
    expect(perFold[1]).toBe(runCv(taskData, ridge).foldRmse[1]);
    expect(perFold[0]).toBe(runCv(taskData, { ...ridge, columns: [5, 12] }).foldRmse[0]);
    expect(() => runCv(taskData, { ...ridge, foldColumns: [all] })).toThrow(/1 lists for 2 folds/);
  });
});

describe("search spaces", () => {
  it("sample reproducibly within their ranges", () => {
    const a = sampleCandidates(DEFAULT_GBDT_SPACE, 20, 1);
    expect(sampleCandidates(DEFAULT_GBDT_SPACE, 20, 1)).toEqual(a);
    expect(sampleCandidates(DEFAULT_GBDT_SPACE, 20, 2)).not.toEqual(a);
    for (const c of a) {
      for (const [name, spec] of Object.entries(DEFAULT_GBDT_SPACE)) {
        const v = c[name] as number;
        expect(v).toBeGreaterThanOrEqual(spec.min);
        expect(v).toBeLessThanOrEqual(spec.max);
        if (spec.type === "int") expect(Number.isInteger(v)).toBe(true);
      }
    }
  });

  it("reject malformed configuration naming the parameter", () => {
    expect(() => parseSearchSpace({ maxDepth: { type: "int", min: 5, max: 3 } })).toThrow(/maxDepth: min and max/);
    expect(() => parseSearchSpace({ depth: { type: "int", min: 1, max: 3 } })).toThrow(/unknown parameter "depth"/);
    expect(() => parseSearchSpace({ learningRate: { type: "float", min: 0, max: 1, log: true } })).toThrow(/log-scaled range needs min > 0/);
    expect(parseSearchSpace({ maxDepth: { type: "int", min: 2, max: 4 } })).toEqual({ maxDepth: { type: "int", min: 2, max: 4 } });
  });
});
