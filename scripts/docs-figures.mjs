#!/usr/bin/env node
// Figures quoted in the docs come from the files the benches write: every figure below is
// formatted from its results file and must appear verbatim in its doc, next to the file's name and
// the date and host of the run ("measured <date> on <host>"). `node scripts/docs-figures.mjs` prints
// what differs and exits 1; test/unit/docs-figures.test.ts runs the same check. After a bench run
// rewrites a results file, paste the figures it prints (`--print`) into the doc.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..");

const signed = (x, digits) => `${x < 0 ? "-" : "+"}${Math.abs(x).toFixed(digits)}`;
const minus = (text) => text.replace(/^-/, "−");
const runName = (chosen) => chosen.split("/").pop();

/** Each source: its results file, and the figures (doc, exact text) derived from it. */
const SOURCES = [
  {
    file: "test/fixtures/yardstick/results.json",
    docs: ["docs/performance.md"],
    figures: (r) => {
      const n = r.seeds.length;
      return [
        ...r.domus.splits.map((d, i) => {
          const p = r.seedPipeline.splits[i];
          return ["docs/performance.md", `| ${d.seed} | \`${runName(d.chosen)}\` | ${d.cvRmse.toFixed(3)} | ${d.testRmse.toFixed(3)} | \`${p.chosen}\` | ${p.cv_rmse.toFixed(3)} | ${p.test_rmse.toFixed(3)} | ${signed(d.testRmse - p.test_rmse, 3)} |`];
        }),
        ["docs/performance.md", `**${r.domus.testRmseMean.toFixed(3)} ± ${r.domus.testRmseSd.toFixed(3)}**`],
        ["docs/performance.md", `**${r.seedPipeline.testRmseMean.toFixed(3)} ± ${r.seedPipeline.testRmseSd.toFixed(3)}**`],
        ["docs/performance.md", `${r.paired.meanDifference.toFixed(3)} ± ${r.paired.sdDifference.toFixed(3)}`],
        ["docs/performance.md", `${r.ratios.testRmse.toFixed(2)}× the seed pipeline's mean test RMSE, better on ${r.paired.domusBetterOn} of ${n} splits`],
        ["docs/performance.md", `paired t = ${minus(r.paired.t.toFixed(2))}, two-sided p = ${r.paired.pTwoSided.toFixed(2)}`],
        ["docs/performance.md", `Domus ${Math.round(r.domus.wallSeconds)} s wall / ${Math.round(r.domus.cpuSeconds)} s CPU`],
        ["docs/performance.md", `the seed pipeline ${Math.round(r.seedPipeline.wallSeconds)} s / ${Math.round(r.seedPipeline.cpuSeconds)} s`],
        ["docs/performance.md", `**wall ${r.ratios.wall.toFixed(2)}×, CPU ${r.ratios.cpu.toFixed(2)}×**`],
        ["docs/training.md", `${r.ratios.testRmse.toFixed(2)}× its test RMSE at ${r.ratios.wall.toFixed(2)}× its wall time`],
        ["docs/training.md", `${Math.round(r.domus.wallSeconds / n)} s on average over bench:yardstick's ${["zero", "one", "two", "three", "four", "five", "six"][n] ?? n} splits`],
      ];
    },
  },
  {
    file: "test/fixtures/hist/results.json",
    docs: ["docs/performance.md"],
    figures: (r) => {
      const big = r.results.find((x) => x.rows >= 100_000);
      return [
        ...r.results.map((x) => ["docs/performance.md", `| ${x.set} | ${x.rows} | ${x.domusHist.rmse.toFixed(4)} | ${x.xgboostHist.rmse.toFixed(4)} | ${x.histRmseRatio}× | ${x.histCpuRatio}× | ${x.exactCpuRatio}× |`]),
        ["docs/performance.md", `RMSE ${big.histRmseRatio}× XGBoost's, and \`hist\` costs ${big.domusHistVsExactCpu}× Domus's \`exact\``],
        ["docs/performance.md", `| XGBoost 1.7.4 \`hist\`, 1 thread | ${big.alternatingRounds.xgboostMedian.toFixed(3)} | 1 |`],
        ["docs/performance.md", `| Domus \`hist\`, fresh process | ${big.alternatingRounds.domusColdMedian.toFixed(3)} | **${big.alternatingRounds.coldRatio}×** |`],
        ["docs/performance.md", `| Domus \`hist\`, warm | ${big.alternatingRounds.domusWarmMedian.toFixed(3)} | **${big.alternatingRounds.warmRatio}×** |`],
      ];
    },
  },
  {
    file: "test/fixtures/missing/results.json",
    docs: ["docs/training.md"],
    figures: (r) => {
      const n = r.seeds.length;
      const row = (label, p) =>
        `| ${label} | ${p.impute.mean.toFixed(3)} ± ${p.impute.sd.toFixed(3)} | ${p.learn.mean.toFixed(3)} ± ${p.learn.sd.toFixed(3)} | ${minus(signed(p.difference.mean, 3))} ± ${p.difference.sd.toFixed(3)} (t = ${minus(p.difference.t.toFixed(2))}, p = ${p.difference.pTwoSided.toFixed(2)}; learn better on ${p.difference.learnBetterOn} of ${n}) |`;
      return [
        ["docs/training.md", row("test RMSE", r.testRmse)],
        ["docs/training.md", row("test RMSE, rows with a missing value", r.testRmseMissingRows)],
        ["docs/training.md", row("5-fold CV RMSE on the training split", r.cvRmse)],
      ];
    },
  },
];

/** "measured <date> on <host>" as the docs write it: the day (UTC) and the host string. */
export function provenance(results) {
  return `measured ${results.measured.date.slice(0, 10)} on ${results.measured.host}`;
}

/**
 * The problems found (empty when every figure is quoted as its file says). `read(path)` gives a
 * file's text relative to the repository (a test passes a changed doc through it).
 */
export function checkFigures(read = (path) => readFileSync(join(ROOT, path), "utf8")) {
  const problems = [];
  for (const source of SOURCES) {
    const results = JSON.parse(read(source.file));
    if (!results.measured?.date || !results.measured?.host) {
      problems.push(`${source.file}: no measured.date / measured.host`);
      continue;
    }
    for (const doc of source.docs) {
      const text = read(doc);
      const quote = `\`${source.file}\`, ${provenance(results)}`;
      if (!text.includes(quote)) problems.push(`${doc}: does not say where its figures come from: ${quote}`);
    }
    for (const [doc, figure] of source.figures(results)) {
      if (!read(doc).includes(figure)) problems.push(`${doc}: expected, from ${source.file}: ${figure}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--print")) {
    for (const source of SOURCES) {
      const results = JSON.parse(readFileSync(join(ROOT, source.file), "utf8"));
      console.log(`## ${source.file} (\`${source.file}\`, ${results.measured ? provenance(results) : "no date/host"})`);
      for (const [doc, figure] of source.figures(results)) console.log(`${doc}: ${figure}`);
    }
  } else {
    const problems = checkFigures();
    for (const p of problems) console.error(p);
    if (problems.length > 0) process.exit(1);
    console.log("docs figures: every quoted figure matches its results file");
  }
}
