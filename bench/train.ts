/**
 * `npm run bench:train`: the full default training pipeline (3 experiments + baselines) on the
 * bundled data, in memory (no database), timed per stage. Prints one JSON object.
 *   --workers N (default: all cores)  --search-iterations N (default 50)  --cv-folds N (default 5)
 */
import { availableParallelism, cpus } from "node:os";
import { parseArgs } from "node:util";
import { readHousingCsv } from "../pipeline/dataset.ts";
import { DEFAULT_PIPELINE_OPTIONS, runPipeline } from "../pipeline/experiments.ts";

const { values } = parseArgs({
  options: { workers: { type: "string" }, "search-iterations": { type: "string" }, "cv-folds": { type: "string" }, seed: { type: "string" } },
});
const options = {
  ...DEFAULT_PIPELINE_OPTIONS,
  workers: Number(values.workers ?? availableParallelism()),
  searchIterations: Number(values["search-iterations"] ?? 50),
  cvFolds: Number(values["cv-folds"] ?? 5),
  seed: Number(values.seed ?? 42),
};
const data = readHousingCsv(new URL("../data/HousingData.csv", import.meta.url).pathname);
const started = performance.now();
const result = await runPipeline(data, options);
const wallMs = performance.now() - started;
const round = (n: number, d = 4) => Number(n.toFixed(d));
console.log(
  JSON.stringify(
    {
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
      options: { workers: options.workers, searchIterations: options.searchIterations, cvFolds: options.cvFolds, seed: options.seed },
      wallSeconds: round(wallMs / 1000, 2),
      // Compute time per stage, summed over tasks in all worker threads (can exceed wall time).
      computeSecondsByStage: Object.fromEntries(Object.entries(result.stageDurationsMs).map(([k, v]) => [k, round(v / 1000, 2)])),
      selected: `${result.best.experiment}/${result.best.name}`,
      models: result.runs
        .map((r) => ({
          run: `${r.experiment}/${r.name}`,
          algorithm: r.algorithm,
          features: r.features.length,
          cvRmse: round(r.cvRmseMean),
          cvRmseStd: round(r.cvRmseStd),
          cvRmseFresh: round(r.metrics.cv_rmse_fresh_mean as number),
          computeSeconds: round(r.durationMs / 1000, 2),
          testRmse: round(r.metrics.test_rmse as number),
          testMae: round(r.metrics.test_mae as number),
          testR2: round(r.metrics.test_r2 as number),
          params: r.params,
        }))
        .sort((a, b) => a.cvRmse - b.cvRmse),
    },
    null,
    2,
  ),
);
