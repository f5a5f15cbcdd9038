import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GradientBoostedTrees } from "../../models/gbdt.ts";
import { BinnedColumns, RadixScratch, Summary, sortFloat32 } from "../../models/hist-grower.ts";
import { Random } from "../../models/random.ts";
import { SimpleImputer } from "../../models/preprocessing.ts";
import { FEATURE_SPECS, readHousingCsv } from "../../pipeline/dataset.ts";
import { pick, trainTestSplit } from "../../pipeline/split.ts";
import { SortedColumns } from "../../models/tree-grower.ts";

const data = readHousingCsv("data/HousingData.csv");
const split = trainTestSplit(data.rows.length, 0.2, 1);
const imputer = new SimpleImputer(FEATURE_SPECS.map((s) => s.impute)).fit(pick(data.rows, split.train));
const x = imputer.transform(pick(data.rows, split.train));
const y = pick(data.target, split.train);
const xt = imputer.transform(pick(data.rows, split.test));
const yt = pick(data.target, split.test);
const rmse = (p: Float64Array, t: number[]) => Math.sqrt(p.reduce((a, v, i) => a + (v - t[i]!) ** 2, 0) / t.length);

describe("hist tree method", () => {
  it("prunes the exact quantile summary from the sorted values as the materialised summary prunes (XGBoost's SetPrune)", () => {
    const rng = new Random(11);
    const fields = (x: Summary) => [x.size, ...(["value", "rmin", "rmax", "wmin"] as const).map((k) => Array.from(x[k].subarray(0, x.size)))];
    let pruned = 0;
    for (let trial = 0; trial < 60; trial++) {
      const m = 50 + Math.floor(rng.next() * 5000);
      // Few distinct values (many ties), many, or a mix.
      const levels = [7, 300, 100_000][trial % 3]!;
      const sorted = Float64Array.from({ length: m }, () => Math.floor(rng.next() * levels) / 10).sort();
      let distinct = 1;
      for (let k = 1; k < m; k++) if (sorted[k] !== sorted[k - 1]) distinct++;
      const exact = Summary.pruneSorted(sorted, m, distinct, distinct);
      expect(exact.size).toBe(distinct);
      for (const size of [3, 17, 65, 257, 2049]) {
        expect(fields(Summary.pruneSorted(sorted, m, distinct, size)), `m ${m}, ${distinct} distinct, size ${size}`).toEqual(fields(exact.prune(size)));
        if (distinct > size) pruned++;
      }
    }
    expect(pruned).toBeGreaterThan(100);
  });

  it("radix-sorts float32 columns as the typed-array sort does (NaN dropped, −0 before +0), and declines other values", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    const n = 5000;
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const u = next();
      column[r] = u < 0.05 ? Number.NaN : u < 0.1 ? 0 : u < 0.15 ? -0 : u < 0.3 ? Math.fround(Math.round((u - 0.5) * 20)) : Math.fround((next() - 0.5) * 10 ** Math.round(next() * 12 - 6));
    }
    const expected = column.slice().sort();
    const m = expected.findIndex((v) => Number.isNaN(v));
    const sorted = new Float64Array(n);
    expect(sortFloat32(column, 0, n, sorted, new RadixScratch(n))).toBe(m);
    for (let k = 0; k < m; k++) expect(Object.is(sorted[k], expected[k])).toBe(true);
    column[17] = 0.1;
    expect(sortFloat32(column, 0, n, sorted, new RadixScratch(n))).toBe(-1);
  });

  it("cuts each feature into at most maxBin quantile bins, x < cut going left", () => {
    const sorted = SortedColumns.fromRows(x, "test", true);
    const binned = BinnedColumns.fromColumns(sorted.columns, sorted.nRows, sorted.nFeatures, 16);
    const n = sorted.nRows;
    for (let f = 0; f < sorted.nFeatures; f++) {
      const cuts = binned.cuts[f]!;
      expect(cuts.length).toBeLessThanOrEqual(15);
      for (let r = 0; r < n; r++) {
        const v = sorted.columns[f * n + r]!;
        const b = binned.bins[f * n + r]!;
        if (b > 0) expect(v).toBeGreaterThanOrEqual(cuts[b - 1]!);
        if (b < cuts.length) expect(v).toBeLessThan(cuts[b]!);
      }
    }
    // CHAS has two values: two bins, one cut.
    expect(binned.cuts[FEATURE_SPECS.findIndex((s) => s.name === "CHAS")]!.length).toBe(1);
  });

  it("matches XGBoost 1.7.4 hist on the five bench splits: mean test RMSE within 2 % (fixture from bench/hist.ts)", { timeout: 120_000 }, () => {
    const fixture = JSON.parse(readFileSync("test/fixtures/hist/results.json", "utf8")) as { params: { n_estimators: number; max_depth: number; learning_rate: number }; results: { set: string; xgboostHist: { rmse: number } }[] };
    const ours: number[] = [];
    const theirs: number[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = trainTestSplit(data.rows.length, 0.2, seed);
      const imp = new SimpleImputer(FEATURE_SPECS.map((f) => f.impute)).fit(pick(data.rows, s.train));
      const p = fixture.params;
      const model = new GradientBoostedTrees({ nEstimators: p.n_estimators, maxDepth: p.max_depth, learningRate: p.learning_rate, treeMethod: "hist" }).fit(imp.transform(pick(data.rows, s.train)), pick(data.target, s.train));
      ours.push(rmse(model.predict(imp.transform(pick(data.rows, s.test))), pick(data.target, s.test)));
      theirs.push(fixture.results.find((r) => r.set === `housing-split-${seed}`)!.xgboostHist.rmse);
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(mean(ours) / mean(theirs) - 1)).toBeLessThan(0.02);
  });

  it("keeps SHAP exact under subsampling, column sampling, γ and α", () => {
    const hist = new GradientBoostedTrees({ subsample: 0.8, colsampleByTree: 0.8, gamma: 0.5, regAlpha: 0.5, maxDepth: 4, learningRate: 0.1, nEstimators: 100, treeMethod: "hist" }).fit(x, y);
    for (const row of xt.slice(0, 10)) {
      const phi = hist.shapValues(row);
      expect(phi.reduce((a, v) => a + v, hist.baseValue)).toBeCloseTo(hist.predictOne(row), 9);
    }
    expect(rmse(hist.predict(xt), yt)).toBeLessThan(5);
  });

  it("saves format 4 with its method and bins; format 2 models load as exact", () => {
    const hist = new GradientBoostedTrees({ treeMethod: "hist", maxBin: 64, nEstimators: 20 }).fit(x, y);
    const json = JSON.parse(JSON.stringify(hist));
    expect(json.formatVersion).toBe(4);
    expect(json.options).toMatchObject({ treeMethod: "hist", maxBin: 64 });
    const loaded = GradientBoostedTrees.load(json);
    expect(Array.from(loaded.predict(xt))).toEqual(Array.from(hist.predict(xt)));
    const exact = JSON.parse(JSON.stringify(new GradientBoostedTrees({ nEstimators: 20 }).fit(x, y)));
    const { treeMethod: _t, maxBin: _m, ...options } = exact.options;
    const old = GradientBoostedTrees.load({ ...exact, formatVersion: 2, options });
    expect(old.options.treeMethod).toBe("exact");
    expect(Array.from(old.predict(xt))).toEqual(Array.from(GradientBoostedTrees.load(exact).predict(xt)));
    expect(() => GradientBoostedTrees.load({ ...json, options: { ...json.options, treeMethod: "approx" } })).toThrow(/treeMethod/);
    expect(() => new GradientBoostedTrees({ maxBin: 300 })).toThrow(/maxBin/);
  });
});
