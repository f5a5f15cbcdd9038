/**
 * `npm run bench:hist`: Domus's `hist` GBDT against XGBoost 1.7.4 `hist` (nthread 1, bench/hist_parity.py) on
 * synthetic Friedman #1 data (100,000 training + 20,000 test rows, 10 features) and on the yardstick's five
 * seeded housing splits: test RMSE of each and the ratio, and the CPU time of fit() side by side (Domus exact
 * too). Writes test/fixtures/hist/results.json.   npm run bench:hist -- [--rows 100000] [--trees 100] [--rounds 7]
 *
 * The synthetic set's `hist` CPU is also taken over --rounds alternating rounds: each round one XGBoost fit in a
 * fresh Python process, one Domus fit in a fresh Node process (cold: V8 has optimised nothing yet) and one in
 * this process (warm, as in a long-lived training worker). A shared host's load moves all three alike within a
 * round; reported are each one's median over the rounds and the ratios of the medians.
 *
 *   tsx bench/hist.ts --fit-csv FILE   (internal: one hist fit of FILE's rows, prints its CPU seconds)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { median } from "simple-statistics";
import { GradientBoostedTrees, type TreeMethod } from "../models/gbdt.ts";
import { SimpleImputer } from "../models/preprocessing.ts";
import { Random } from "../models/random.ts";
import { FEATURE_SPECS, readHousingCsv } from "../pipeline/dataset.ts";
import { pick, trainTestSplit } from "../pipeline/split.ts";
import { measuredOn } from "./measured.ts";

const { values } = parseArgs({ options: { rows: { type: "string" }, trees: { type: "string" }, rounds: { type: "string" }, "fit-csv": { type: "string" } } });
const rounds = Number(values.rounds ?? 7);
if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`--rounds must be an integer >= 1, got ${values.rounds}`);
const rows = Number(values.rows ?? 100_000);
const params = { n_estimators: Number(values.trees ?? 100), max_depth: 6, learning_rate: 0.3 };
const root = new URL("../", import.meta.url).pathname;
const gbdt = (treeMethod: TreeMethod) => new GradientBoostedTrees({ nEstimators: params.n_estimators, maxDepth: params.max_depth, learningRate: params.learning_rate, treeMethod });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
if (values["fit-csv"]) {
  const lines = readFileSync(values["fit-csv"], "utf8").trim().split("\n").map((l) => l.split(",").map(Number));
  const x = lines.map((r) => r.slice(0, -1));
  const y = lines.map((r) => r[r.length - 1]!);
  const c0 = cpu();
  gbdt("hist").fit(x, y);
  console.log(cpu() - c0);
  process.exit(0);
}
const dir = mkdtempSync(`${tmpdir()}/domus-hist-`);

interface Set {
  name: string;
  x: number[][];
  y: number[];
  xt: number[][];
  yt: number[];
}
function friedman(n: number, rng: Random): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-300))) * Math.cos(2 * Math.PI * rng.next());
  for (let i = 0; i < n; i++) {
    const r = Array.from({ length: 10 }, () => rng.next());
    x.push(r);
    y.push(10 * Math.sin(Math.PI * r[0]! * r[1]!) + 20 * (r[2]! - 0.5) ** 2 + 10 * r[3]! + 5 * r[4]! + normal());
  }
  return { x, y };
}
const rng = new Random(2026);
const synthetic = friedman(rows, rng);
const syntheticTest = friedman(Math.round(rows / 5), rng);
const sets: Set[] = [{ name: `friedman1-${rows}`, x: synthetic.x, y: synthetic.y, xt: syntheticTest.x, yt: syntheticTest.y }];
const housing = readHousingCsv(`${root}data/HousingData.csv`);
for (const seed of [1, 2, 3, 4, 5]) {
  const split = trainTestSplit(housing.rows.length, 0.2, seed);
  const imputer = new SimpleImputer(FEATURE_SPECS.map((s) => s.impute)).fit(pick(housing.rows, split.train));
  sets.push({ name: `housing-split-${seed}`, x: imputer.transform(pick(housing.rows, split.train)), y: pick(housing.target, split.train), xt: imputer.transform(pick(housing.rows, split.test)), yt: pick(housing.target, split.test) });
}
const csv = (x: number[][], y: number[]) => x.map((r, i) => [...r, y[i]].join(",")).join("\n");
const job = {
  params,
  methods: ["hist", "exact"],
  sets: sets.map((s) => {
    writeFileSync(`${dir}/${s.name}-train.csv`, csv(s.x, s.y));
    writeFileSync(`${dir}/${s.name}-test.csv`, csv(s.xt, s.yt));
    return { name: s.name, train: `${dir}/${s.name}-train.csv`, test: `${dir}/${s.name}-test.csv` };
  }),
};
type PythonResults = { xgboost: string; results: { set: string; method: string; rmse: number; cpuSeconds: number }[] };
const runPython = (input: object): PythonResults =>
  JSON.parse(execFileSync("/usr/bin/python3", [`${root}bench/hist_parity.py`], { input: JSON.stringify(input), env: { ...process.env, OMP_NUM_THREADS: "1" }, maxBuffer: 1 << 26 }).toString()) as PythonResults;
const python = runPython(job);
const results = sets.map((s) => {
  const domus = (method: TreeMethod) => {
    const c0 = cpu();
    const model = gbdt(method).fit(s.x, s.y);
    const cpuSeconds = cpu() - c0;
    const pred = model.predict(s.xt);
    const rmse = Math.sqrt(pred.reduce((acc, p, i) => acc + (p - s.yt[i]!) ** 2, 0) / pred.length);
    return { rmse, cpuSeconds };
  };
  const xgb = (method: string) => python.results.find((r) => r.set === s.name && r.method === method)!;
  const hist = domus("hist");
  const exact = domus("exact");
  const rounds_ = s === sets[0] ? alternatingRounds(s, () => domus("hist").cpuSeconds, xgb("hist").cpuSeconds, hist.cpuSeconds) : undefined;
  const row = {
    set: s.name,
    rows: s.x.length,
    domusHist: hist,
    xgboostHist: { rmse: xgb("hist").rmse, cpuSeconds: xgb("hist").cpuSeconds },
    domusExact: exact,
    xgboostExact: { rmse: xgb("exact").rmse, cpuSeconds: xgb("exact").cpuSeconds },
    histRmseRatio: Number((hist.rmse / xgb("hist").rmse).toFixed(4)),
    histCpuRatio: Number((hist.cpuSeconds / xgb("hist").cpuSeconds).toFixed(3)),
    exactCpuRatio: Number((exact.cpuSeconds / xgb("exact").cpuSeconds).toFixed(3)),
    domusHistVsExactCpu: Number((hist.cpuSeconds / exact.cpuSeconds).toFixed(3)),
    ...(rounds_ ? { alternatingRounds: rounds_ } : {}),
  };
  if (rounds_) console.error(`${s.name}: ${rounds} alternating rounds, hist CPU medians: XGBoost ${rounds_.xgboostMedian} s, Domus fresh process ${rounds_.domusColdMedian} s (${rounds_.coldRatio}×), Domus warm ${rounds_.domusWarmMedian} s (${rounds_.warmRatio}×)`);
  console.error(`${s.name}: RMSE hist ${hist.rmse.toFixed(4)} vs xgboost hist ${xgb("hist").rmse.toFixed(4)} (${row.histRmseRatio}×); CPU hist ${row.histCpuRatio}× xgboost hist, exact ${row.exactCpuRatio}× xgboost exact; Domus hist ${row.domusHistVsExactCpu}× Domus exact`);
  return row;
});
/**
 * `hist` CPU of the set over `rounds` rounds: round 1 is the fits above (XGBoost's in the first Python run,
 * Domus's warm one the process's first, so it is cold too), each round also a fresh Node process's fit.
 */
function alternatingRounds(s: Set, fitDomus: () => number, xgboostFirst: number, domusFirst: number) {
  const xgboost = [xgboostFirst];
  const warm = [domusFirst];
  const cold: number[] = [];
  const only = { params, methods: ["hist"], sets: job.sets.filter((j) => j.name === s.name) };
  const train = only.sets[0]!.train;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) xgboost.push(runPython(only).results[0]!.cpuSeconds);
    cold.push(Number(execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, "--fit-csv", train, "--trees", String(params.n_estimators)]).toString()));
    if (r > 0) warm.push(fitDomus());
  }
  const round3 = (x: number) => Number(x.toFixed(3));
  return {
    rounds,
    xgboostCpuSeconds: xgboost.map(round3),
    domusColdCpuSeconds: cold.map(round3),
    domusWarmCpuSeconds: warm.map(round3),
    xgboostMedian: round3(median(xgboost)),
    domusColdMedian: round3(median(cold)),
    domusWarmMedian: round3(median(warm)),
    coldRatio: round3(median(cold) / median(xgboost)),
    warmRatio: round3(median(warm) / median(xgboost)),
  };
}

writeFileSync(`${root}test/fixtures/hist/results.json`, `${JSON.stringify({ measured: measuredOn(), xgboost: python.xgboost, params, results }, null, 2)}\n`);
