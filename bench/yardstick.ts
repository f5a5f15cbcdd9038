/**
 * `npm run bench:yardstick`: Domus's full training pipeline against the seed project's own pipeline
 * (bench/seed_pipeline.py, xgboost 1.7.4 / scikit-learn 1.2.1) on the same seeded splits of the
 * bundled data: each pipeline's model chosen by CV RMSE on the training split, its test RMSE
 * (mean ± sd over the splits), the paired differences with a two-sided paired t-test, and wall /
 * CPU time side by side.
 *
 *   npm run bench:yardstick -- [--seeds 1,2,3,4,5] [--workers 2] [--python]
 *
 * With --python the seed pipeline is run first (then written to test/fixtures/yardstick/seed-pipeline.json);
 * without it, that file's results are read (they must be for the same seeds). Writes Domus's side and the
 * comparison to test/fixtures/yardstick/results.json (--report-only: recompute the comparison from that file's Domus side).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { mean } from "../models/stats.ts";
import { readHousingCsv } from "../pipeline/dataset.ts";
import { DEFAULT_PIPELINE_OPTIONS, runPipeline } from "../pipeline/experiments.ts";
import { pick, trainTestSplit } from "../pipeline/split.ts";
import { measuredOn } from "./measured.ts";
import { pairedT, sampleSd as std } from "./paired.ts";

const { values } = parseArgs({ options: { seeds: { type: "string" }, workers: { type: "string" }, python: { type: "boolean" }, "report-only": { type: "boolean" } } });
const seeds = (values.seeds ?? "1,2,3,4,5").split(",").map(Number);
const workers = Number(values.workers ?? Math.min(2, availableParallelism()));
const root = new URL("../", import.meta.url).pathname;
const fixture = `${root}test/fixtures/yardstick/seed-pipeline.json`;
const data = readHousingCsv(`${root}data/HousingData.csv`);

interface SeedSplit {
  seed: number;
  chosen: string;
  cv_rmse: number;
  test_rmse: number;
  wall_seconds: number;
  cpu_seconds: number;
}
interface SeedResults {
  splits: SeedSplit[];
  wall_seconds: number;
  cpu_seconds: number;
}

if (values.python) {
  const splits = JSON.stringify(Object.fromEntries(seeds.map((s) => [s, trainTestSplit(data.rows.length, 0.2, s)])));
  const out = execFileSync("/usr/bin/python3", [`${root}bench/seed_pipeline.py`], { input: splits, env: { ...process.env, OMP_NUM_THREADS: "1" }, maxBuffer: 1 << 26 });
  writeFileSync(fixture, out);
}
const python = JSON.parse(readFileSync(fixture, "utf8")) as SeedResults;
const bySeed = new Map(python.splits.map((s) => [s.seed, s]));
const missing = seeds.filter((s) => !bySeed.has(s));
if (missing.length > 0) throw new Error(`${fixture} has no results for seeds ${missing.join(", ")}: run with --python`);

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
type DomusSplit = { seed: number; chosen: string; cvRmse: number; testRmse: number; wallSeconds: number; cpuSeconds: number; params: unknown };
const domus: DomusSplit[] = values["report-only"] ? (JSON.parse(readFileSync(`${root}test/fixtures/yardstick/results.json`, "utf8")) as { domus: { splits: DomusSplit[] } }).domus.splits : [];
for (const seed of values["report-only"] ? [] : seeds) {
  const split = trainTestSplit(data.rows.length, 0.2, seed);
  const part = (idx: number[]) => ({ ...data, rows: pick(data.rows, idx), target: pick(data.target, idx) });
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  // process.cpuUsage covers every thread of the process, the workers included.
  const result = await runPipeline(data, { ...DEFAULT_PIPELINE_OPTIONS, seed, workers, givenSplit: { train: part(split.train), test: part(split.test) } });
  const row = {
    seed,
    chosen: `${result.best.experiment}/${result.best.name}`,
    cvRmse: result.best.cvRmseMean,
    testRmse: result.best.metrics.test_rmse as number,
    wallSeconds: (performance.now() - wall0) / 1000,
    cpuSeconds: cpuSeconds() - cpu0,
    params: result.best.params,
  };
  domus.push(row);
  console.error(`seed ${seed}: ${row.chosen} test RMSE ${row.testRmse.toFixed(4)} (seed pipeline ${bySeed.get(seed)!.test_rmse.toFixed(4)}), ${row.wallSeconds.toFixed(0)} s`);
}

const d = domus.map((r) => r.testRmse);
const p = seeds.map((s) => bySeed.get(s)!.test_rmse);
const diff = d.map((v, i) => v - p[i]!);
const { t, pTwoSided: pValue } = pairedT(diff);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const pyWall = sum(seeds.map((s) => bySeed.get(s)!.wall_seconds));
const pyCpu = sum(seeds.map((s) => bySeed.get(s)!.cpu_seconds));
const r4 = (x: number) => Number(x.toFixed(4));
const summary = {
  measured: measuredOn(),
  seeds,
  workers,
  domus: { testRmseMean: r4(mean(d)), testRmseSd: r4(std(d)), wallSeconds: r4(sum(domus.map((r) => r.wallSeconds))), cpuSeconds: r4(sum(domus.map((r) => r.cpuSeconds))), splits: domus },
  seedPipeline: { testRmseMean: r4(mean(p)), testRmseSd: r4(std(p)), wallSeconds: r4(pyWall), cpuSeconds: r4(pyCpu), splits: seeds.map((s) => bySeed.get(s)) },
  paired: { meanDifference: r4(mean(diff)), sdDifference: r4(std(diff)), t: r4(t), pTwoSided: r4(pValue), domusBetterOn: diff.filter((x) => x < 0).length },
  ratios: { testRmse: r4(mean(d) / mean(p)), wall: r4(sum(domus.map((r) => r.wallSeconds)) / pyWall), cpu: r4(sum(domus.map((r) => r.cpuSeconds)) / pyCpu) },
};
writeFileSync(`${root}test/fixtures/yardstick/results.json`, `${JSON.stringify(summary, null, 2)}\n`);
console.log(`test RMSE: Domus ${mean(d).toFixed(3)} ± ${std(d).toFixed(3)}, seed pipeline ${mean(p).toFixed(3)} ± ${std(p).toFixed(3)} (${summary.ratios.testRmse}×)`);
console.log(`paired (Domus − seed): ${mean(diff).toFixed(3)} ± ${std(diff).toFixed(3)}, t = ${t.toFixed(2)}, p = ${pValue.toFixed(3)}, Domus better on ${summary.paired.domusBetterOn}/${seeds.length}`);
console.log(`wall ${summary.ratios.wall}×, CPU ${summary.ratios.cpu}× the seed pipeline's (${workers} workers vs one thread)`);
