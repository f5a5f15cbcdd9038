/**
 * `npm run bench:missing`: the default GBDT (DEFAULT_PARAMS.gbdt, exact) trained with
 * `missing: "impute"` and with `missing: "learn"` on bench:yardstick's seeded splits of the bundled
 * data (its own NA cells), scored on each test split: test RMSE per policy (mean ± sd over the
 * splits), the paired difference learn − impute with a two-sided paired t-test, the RMSE on the
 * test rows that have a missing value, and each policy's 5-fold CV RMSE on the training split (what
 * the pipeline's model selection would see). Deterministic (no timings): the figures in
 * docs/training.md come from the results file it writes, test/fixtures/missing/results.json.
 *
 *   npm run bench:missing -- [--seeds 1,2,3,4,5]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { mean } from "../models/stats.ts";
import type { MissingPolicy } from "../models/tabular-model.ts";
import { fitTabularModel, selectColumns } from "../pipeline/algorithms.ts";
import { readHousingCsv } from "../pipeline/dataset.ts";
import { availableColumns } from "../pipeline/experiments.ts";
import { rmse } from "../pipeline/metrics.ts";
import { kFold, pick, trainTestSplit } from "../pipeline/split.ts";
import { measuredOn } from "./measured.ts";
import { pairedT, sampleSd as sd } from "./paired.ts";

const { values } = parseArgs({ options: { seeds: { type: "string" } } });
const seeds = (values.seeds ?? "1,2,3,4,5").split(",").map(Number);
const root = new URL("../", import.meta.url).pathname;
const data = readHousingCsv(`${root}data/HousingData.csv`);
const POLICIES: readonly MissingPolicy[] = ["impute", "learn"];
const CV_FOLDS = 5;
const r4 = (x: number) => Number(x.toFixed(4));

interface PolicyScores {
  testRmse: number;
  /** RMSE on the test rows with at least one missing value. */
  testRmseMissingRows: number;
  cvRmse: number;
}
interface SplitResult {
  seed: number;
  testRows: number;
  testRowsWithMissing: number;
  impute: PolicyScores;
  learn: PolicyScores;
}

const splits: SplitResult[] = [];
for (const seed of seeds) {
  const split = trainTestSplit(data.rows.length, 0.2, seed);
  const trainRows = pick(data.rows, split.train);
  const trainY = pick(data.target, split.train);
  const testY = pick(data.target, split.test);
  const columns = availableColumns(trainRows);
  const xTest = selectColumns(pick(data.rows, split.test), columns);
  const withMissing = xTest.flatMap((r, i) => (r.some(Number.isNaN) ? [i] : []));
  const folds = kFold(trainRows.length, CV_FOLDS, seed);
  const scores = (missing: MissingPolicy): PolicyScores => {
    // The pipeline's final fit of a default run: model seed = split seed (no sampling at the defaults anyway).
    const model = fitTabularModel("gbdt", { missing }, trainRows, trainY, columns, seed);
    const predicted = model.predict(xTest);
    const cv = folds.map((fold) => {
      const foldModel = fitTabularModel("gbdt", { missing }, pick(trainRows, fold.train), pick(trainY, fold.train), columns, seed);
      return rmse(pick(trainY, fold.test), foldModel.predict(selectColumns(pick(trainRows, fold.test), columns)));
    });
    return { testRmse: r4(rmse(testY, predicted)), testRmseMissingRows: r4(rmse(pick(testY, withMissing), pick(predicted, withMissing))), cvRmse: r4(mean(cv)) };
  };
  const [impute, learn] = POLICIES.map(scores) as [PolicyScores, PolicyScores];
  splits.push({ seed, testRows: xTest.length, testRowsWithMissing: withMissing.length, impute, learn });
  console.error(`seed ${seed}: test RMSE impute ${impute.testRmse.toFixed(4)}, learn ${learn.testRmse.toFixed(4)}; CV RMSE impute ${impute.cvRmse.toFixed(4)}, learn ${learn.cvRmse.toFixed(4)}`);
}

const paired = (key: keyof PolicyScores) => {
  const impute = splits.map((s) => s.impute[key]);
  const learn = splits.map((s) => s.learn[key]);
  const diff = learn.map((v, i) => v - impute[i]!);
  const { t, pTwoSided } = pairedT(diff);
  return {
    impute: { mean: r4(mean(impute)), sd: r4(sd(impute)) },
    learn: { mean: r4(mean(learn)), sd: r4(sd(learn)) },
    difference: { mean: r4(mean(diff)), sd: r4(sd(diff)), t: r4(t), pTwoSided: r4(pTwoSided), learnBetterOn: diff.filter((x) => x < 0).length },
  };
};
const summary = {
  measured: measuredOn(),
  seeds,
  params: "DEFAULT_PARAMS.gbdt (exact, 100 trees, depth 6, η 0.3)",
  testRmse: paired("testRmse"),
  testRmseMissingRows: paired("testRmseMissingRows"),
  cvRmse: paired("cvRmse"),
  splits,
};
const dir = `${root}test/fixtures/missing`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/results.json`, `${JSON.stringify(summary, null, 2)}\n`);
for (const [name, p] of [["test RMSE", summary.testRmse], ["test RMSE, rows with a missing value", summary.testRmseMissingRows], ["CV RMSE", summary.cvRmse]] as const) {
  console.log(
    `${name}: impute ${p.impute.mean.toFixed(3)} ± ${p.impute.sd.toFixed(3)}, learn ${p.learn.mean.toFixed(3)} ± ${p.learn.sd.toFixed(3)}; learn − impute ${p.difference.mean.toFixed(3)} ± ${p.difference.sd.toFixed(3)} (t = ${p.difference.t.toFixed(2)}, p = ${p.difference.pTwoSided.toFixed(2)}, learn better on ${p.difference.learnBetterOn}/${seeds.length})`,
  );
}
