/**
 * `domus train`: flags, progress bars (stderr) and the closing comparison table (stdout), or a
 * JSON summary with --json (stdout then holds only that JSON; logs go to stderr).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ALGORITHMS, type Algorithm, type Params, isAlgorithm, missingPolicyOf } from "../../pipeline/algorithms.ts";
import { parseSearchSpace } from "../../pipeline/search-space.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { DatasetsService } from "../modules/datasets/datasets.service.ts";
import { type TrainingJobRequest, type TrainingReport, trainAndRegister, trainingRequestFromConfig } from "../modules/training/train-and-register.ts";
import { BUNDLED_DATA_PATH, CODE_VERSION } from "../paths.ts";
import { UsageError } from "./args.ts";
import { createProgressRenderer, table } from "./format.ts";

export { UsageError };

export const TRAIN_HELP = `domus train — train the experiments and register the best model

Usage: domus train [options]

Options:
  --quick                   default GBDT, ridge and random forest only (no search)
  --seed N                  seed of the split, folds and searches (default TRAIN_SEED, 42)
  --search-iterations N     candidates per random search (default TRAIN_SEARCH_ITERATIONS, 50)
  --cv-folds N              cross-validation folds on the training split (default 5)
  --search-space FILE       JSON search space for the GBDT searches, e.g.
                            {"maxDepth": {"type": "int", "min": 3, "max": 6}}
  --dataset REF             train on a registered dataset version: an id, a name (its latest
                            version) or name@version (default: DATA_PATH, registered as a version).
                            A candidate trained on another dataset version than the
                            champion is registered but not promoted (the reason says so)
  --train FILE --test FILE  use this split instead of splitting DATA_PATH
  --only ALGORITHM          fit one algorithm (${ALGORITHMS.join(", ")}) without search…
  --params JSON             …with these hyperparameters, e.g. '{"maxDepth": 4}';
                            "missing": "learn" (gbdt) keeps missing values for the trees
                            to route instead of imputing them (docs/training.md)
  --workers N               worker threads (default: all cores)
  --no-promote              register the best run as a CANDIDATE even when it passes the gate
  --json                    print only a JSON summary on stdout (logs and progress go to stderr)
  -h, --help                show this text

Examples:
  npm run train
  npm run train -- --search-iterations 10 --cv-folds 3
  domus train --only gbdt --params '{"nEstimators": 300, "maxDepth": 4, "learningRate": 0.05}' --train tr.csv --test te.csv --json
`;


export function parseTrainArgs(argv: string[], config: Config): { request: TrainingJobRequest; json: boolean; help: boolean; dataset?: string } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        quick: { type: "boolean" },
        seed: { type: "string" },
        "search-iterations": { type: "string" },
        "cv-folds": { type: "string" },
        "search-space": { type: "string" },
        train: { type: "string" },
        dataset: { type: "string" },
        test: { type: "string" },
        only: { type: "string" },
        params: { type: "string" },
        workers: { type: "string" },
        "no-promote": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const int = (flag: string, min: number): number | undefined => {
    const raw = v[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${flag} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const request = trainingRequestFromConfig(config, v.quick ? "quick" : "full", false);
  request.seed = int("seed", 0) ?? request.seed;
  request.searchIterations = int("search-iterations", 1) ?? request.searchIterations;
  request.cvFolds = int("cv-folds", 2) ?? request.cvFolds;
  request.workers = int("workers", 0) ?? request.workers;
  if (typeof v["search-space"] === "string") {
    try {
      request.gbdtSpace = parseSearchSpace(JSON.parse(readFileSync(v["search-space"], "utf8")));
    } catch (err) {
      throw new UsageError(`--search-space ${v["search-space"]}: ${(err as Error).message}`);
    }
  }
  if ((v.train === undefined) !== (v.test === undefined)) throw new UsageError("--train and --test go together");
  if (typeof v.train === "string" && typeof v.test === "string") request.givenSplit = { trainPath: v.train, testPath: v.test };
  if (v.params !== undefined && v.only === undefined) throw new UsageError("--params needs --only ALGORITHM");
  if (typeof v.only === "string") {
    if (!isAlgorithm(v.only)) throw new UsageError(`--only must be one of ${ALGORITHMS.join(", ")}, got ${JSON.stringify(v.only)}`);
    let params: Params = {};
    if (typeof v.params === "string") {
      try {
        params = JSON.parse(v.params) as Params;
      } catch (err) {
        throw new UsageError(`--params is not valid JSON: ${(err as Error).message}`);
      }
      if (params === null || typeof params !== "object" || Array.isArray(params)) throw new UsageError("--params must be a JSON object");
      try {
        missingPolicyOf(v.only, params);
      } catch (err) {
        throw new UsageError(`--params: ${(err as Error).message}`);
      }
    }
    request.only = { algorithm: v.only as Algorithm, params };
  }
  if (v["no-promote"] === true) request.promote = false;
  if (typeof v.dataset === "string" && request.givenSplit) throw new UsageError("--dataset and --train/--test exclude each other");
  return { request, json: v.json === true, help: v.help === true, ...(typeof v.dataset === "string" ? { dataset: v.dataset } : {}) };
}

function fmt(n: number | undefined, digits = 3): string {
  return n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(digits);
}

export function comparisonTable(report: TrainingReport): string {
  const rows = [...report.result.runs].sort((a, b) => a.cvRmseMean - b.cvRmseMean);
  const header = ["run", "algorithm", "CV RMSE ± std", "fresh CV RMSE", "test RMSE", "test MAE", "test R²", "features", "time"];
  const body = rows.map((r) => [
    `${r === report.result.best ? "* " : "  "}${r.experiment}/${r.name}`,
    r.algorithm,
    `${fmt(r.cvRmseMean)} ± ${fmt(r.cvRmseStd)}`,
    `${fmt(r.metrics.cv_rmse_fresh_mean)} ± ${fmt(r.metrics.cv_rmse_fresh_std)}`,
    fmt(r.metrics.test_rmse),
    fmt(r.metrics.test_mae),
    fmt(r.metrics.test_r2),
    String(r.features.length),
    `${(r.durationMs / 1000).toFixed(1)} s`,
  ]);
  const reg = report.registration;
  return [
    table(header, body, { rightAligned: [2, 3, 4, 5, 6, 7, 8] }),
    "",
    `* best by CV: lowest CV RMSE on the training split (the test split was not used to choose).`,
    `  A search's CV RMSE is its best of N candidates on the same folds (optimistic); "fresh CV" re-runs`,
    `  the chosen configuration on a fresh shuffle of the folds with a fresh seed. "time" is the run's own compute.`,
    `Registered version ${reg.version}: ${reg.status} — ${reg.gate.reason}.`,
    `Total ${(report.result.durationMs / 1000).toFixed(1)} s.`,
  ].join("\n");
}

export function jsonSummary(report: TrainingReport): unknown {
  return {
    registration: { version: report.registration.version, status: report.registration.status, gate: report.registration.gate },
    best: report.result.best.experiment + "/" + report.result.best.name,
    split: report.result.split,
    durationMs: report.result.durationMs,
    stageDurationsMs: report.result.stageDurationsMs,
    runs: report.result.runs.map((r) => ({
      experiment: r.experiment,
      name: r.name,
      algorithm: r.algorithm,
      params: r.params,
      features: r.features,
      metrics: r.metrics,
      candidates: r.candidates.length,
      durationMs: r.durationMs,
    })),
  };
}

export async function trainCommand(argv: string[], config: Config, db: Db, logger: Logger): Promise<number> {
  const { request, json, help, dataset: ref } = parseTrainArgs(argv, config);
  if (help) {
    process.stdout.write(TRAIN_HELP);
    return 0;
  }
  // Lineage: every run records the dataset version it trained on (DATA_PATH is registered as one).
  if (!request.givenSplit) {
    const datasets = new DatasetsService(db);
    let id: string;
    if (ref) {
      try {
        id = (await datasets.resolve(ref)).id;
      } catch (err) {
        throw new UsageError(`--dataset: ${(err as Error).message}`);
      }
    } else {
      const registered = await datasets.ensureFile(config.dataPath, config.dataPath === BUNDLED_DATA_PATH);
      id = registered.dataset.id;
    }
    request.dataset = { id, data: (await datasets.load(id)).data };
  }
  request.codeVersion = CODE_VERSION;
  const renderer = createProgressRenderer(process.stderr, { labelWidth: 52 });
  const report = await trainAndRegister(db, request, logger, { onProgress: (e) => renderer.update(e) });
  renderer.done();
  process.stdout.write(json ? `${JSON.stringify(jsonSummary(report), null, 2)}\n` : `\n${comparisonTable(report)}\n`);
  // Exit 0 when the version landed where asked: CHAMPION, or a CANDIDATE that passed with --no-promote.
  const asked = report.registration.status === "CHAMPION" || (request.promote === false && report.registration.gate.passed);
  return asked ? 0 : 3;
}
