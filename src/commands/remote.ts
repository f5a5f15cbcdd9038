/**
 * `domus` commands that talk to a running server through the typed client:
 * predict, models, experiments, drift, watch (and keys with --remote).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FEATURES, readHousingCsv } from "../../pipeline/dataset.ts";
import {
  ApiKeysDocument,
  BatchPredictDocument,
  CreateApiKeyDocument,
  type DomusClient,
  DomusClientError,
  DriftAlertDocument,
  DriftReportsDocument,
  ExperimentDocument,
  ExperimentsDocument,
  type HousingFeaturesInput,
  ModelDocument,
  ModelPromotedDocument,
  ModelsDocument,
  PredictionMadeDocument,
  PromoteModelDocument,
  RevokeApiKeyDocument,
  type Role,
  RollbackModelDocument,
  RunDriftCheckDocument,
  TrainingProgressDocument,
  createDomusClient,
} from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { metric, num, progress, table } from "./format.ts";

export class UsageError extends Error {}

const COMMON_HELP = `Connection: --url URL (or DOMUS_URL, default http://127.0.0.1:4000), --api-key KEY (or DOMUS_API_KEY,
default: the key in data/admin.key when that file exists). --json prints machine-readable output.`;

export const REMOTE_HELP: Record<string, string> = {
  predict: `domus predict --file rows.csv [--out predictions.csv] [--batch-size 1000] [--model-version N] [--json]

Predicts every row of a CSV with the 13 feature columns (ZN, INDUS, CHAS and MEDV may be absent; NA
means missing), in batches, with a progress bar. Invalid rows are reported by file line and field.
Without --out the predictions are printed as CSV (or JSON with --json).

Example:
  domus predict --file data/HousingData.csv --out predictions.csv

${COMMON_HELP}`,
  models: `domus models list | show <version> | promote <version> | rollback   [--name NAME] [--json]

Examples:
  domus models list
  domus models promote 3 && domus models show 3 --json

${COMMON_HELP}`,
  experiments: `domus experiments list | show <id-or-name>   [--json]

Examples:
  domus experiments list
  domus experiments show gbdt-random-search

${COMMON_HELP}`,
  drift: `domus drift check [--since ISO-TIME] | reports [--limit N]   [--json]

Examples:
  domus drift check
  domus drift reports --limit 5 --json

${COMMON_HELP}`,
  watch: `domus watch predictions [--model-version N] | drift | training <job-id> | promotions   [--json]

Prints events as they happen (one JSON object per line with --json) until Ctrl-C.

Example:
  domus watch predictions --json | head -n 5

${COMMON_HELP}`,
};

function connect(config: ClientConfig, flags: Record<string, unknown>): DomusClient {
  return createDomusClient({ url: (flags.url as string | undefined) ?? config.url, apiKey: (flags["api-key"] as string | undefined) ?? config.apiKey ?? undefined });
}

type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

function parse(args: string[], options: OptionSpec): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { url: { type: "string" }, "api-key": { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" }, ...options } });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function out(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human()}\n`);
}

function intArg(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(value ?? "")}`);
  return n;
}

async function predictCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values } = parse(args, { file: { type: "string" }, out: { type: "string" }, "batch-size": { type: "string" }, "model-version": { type: "string" } });
  if (values.help) return help("predict");
  if (!values.file) throw new UsageError("--file is required");
  const batchSize = values["batch-size"] ? intArg(values["batch-size"] as string, "--batch-size") : 1000;
  const modelVersion = values["model-version"] ? intArg(values["model-version"] as string, "--model-version") : undefined;
  const data = readHousingCsv(values.file as string, { mode: "inputs" });
  const inputs: HousingFeaturesInput[] = data.rows.map((row) => {
    const input: Record<string, number | null> = {};
    FEATURES.forEach((f, j) => {
      input[f] = Number.isNaN(row[j] as number) ? null : (row[j] as number);
    });
    return input as unknown as HousingFeaturesInput;
  });
  const client = connect(config, values);
  const results: { line: number; value: number; modelVersion: number; imputed: string[]; outOfRange: string[] }[] = [];
  try {
    for (let start = 0; start < inputs.length; start += batchSize) {
      const chunk = inputs.slice(start, start + batchSize);
      try {
        const { batchPredict } = await client.mutate(BatchPredictDocument, { inputs: chunk, modelVersion });
        batchPredict.predictions.forEach((p, i) => {
          results.push({ line: data.lines?.[start + i] ?? start + i + 2, value: p.value, modelVersion: batchPredict.modelVersion, imputed: p.imputedFeatures, outOfRange: p.outOfRangeFeatures });
        });
      } catch (err) {
        if (err instanceof DomusClientError && err.code === "BAD_USER_INPUT" && err.fields.length > 0) {
          // inputs.<i>.<FIELD> → file line and column.
          const located = err.fields.map((f) => {
            const m = /^inputs\.(\d+)\.(\w+)$/.exec(f);
            return m ? `${values.file}:${data.lines?.[start + Number(m[1])] ?? "?"} column ${m[2]}` : f;
          });
          process.stderr.write(`invalid rows, nothing from this batch was stored:\n  ${located.join("\n  ")}\n${err.message}\n`);
          return 1;
        }
        throw err;
      }
      progress("predicting", Math.min(start + batchSize, inputs.length), inputs.length);
    }
  } finally {
    await client.close();
  }
  if (values.json) {
    out(true, results, () => "");
  } else {
    const csv = ["line,prediction,model_version,imputed,out_of_range", ...results.map((r) => `${r.line},${r.value},${r.modelVersion},${r.imputed.join(";")},${r.outOfRange.join(";")}`)].join("\n");
    if (values.out) {
      writeFileSync(values.out as string, `${csv}\n`);
      process.stderr.write(`${results.length} predictions written to ${values.out}\n`);
    } else process.stdout.write(`${csv}\n`);
  }
  return 0;
}

async function modelsCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, { name: { type: "string" } });
  if (values.help) return help("models");
  const [action, arg] = positionals;
  const client = connect(config, values);
  const json = values.json === true;
  const name = values.name as string | undefined;
  const row = (m: { version: number; status: string; aliases: string[]; algorithm: string; features: string[]; metrics: { key: string; value: number }[]; promotedAt?: string | null }) => [
    m.version,
    m.status,
    m.aliases.join(","),
    m.algorithm,
    m.features.length,
    num(metric(m.metrics, "cv_rmse_mean")),
    num(metric(m.metrics, "test_rmse")),
    num(metric(m.metrics, "test_r2")),
    m.promotedAt ?? "",
  ];
  const headers = ["version", "status", "aliases", "algorithm", "features", "cv_rmse", "test_rmse", "test_r2", "promoted"];
  try {
    switch (action) {
      case "list": {
        const { models } = await client.query(ModelsDocument, { name });
        out(json, models, () => table(headers, models.map(row)));
        return 0;
      }
      case "show": {
        const { model } = await client.query(ModelDocument, { version: intArg(arg, "version"), name });
        if (!model) {
          process.stderr.write(`no version ${arg}\n`);
          return 1;
        }
        const gate = model.gate
          ? [
              `quality gate: ${model.gate.passed ? "passed" : "REJECTED"}${model.gate.comparedWithVersion !== null && model.gate.comparedWithVersion !== undefined ? ` (compared with v${model.gate.comparedWithVersion})` : ""}: ${model.gate.reason}`,
              table(["gate metric", "value"], model.gate.metrics.map((m) => [m.key, num(m.value, 4)])),
            ]
          : ["quality gate: no verdict recorded"];
        out(json, model, () =>
          [
            table(headers, [row(model)]),
            "",
            `run: ${model.run?.name ?? "-"} (${model.run?.experiment.name ?? "-"})`,
            `params: ${(model.run?.params ?? []).map((p) => `${p.key}=${p.value}`).join(" ")}`,
            "",
            ...gate,
            "",
            table(["metric", "value"], model.metrics.map((m) => [m.key, num(m.value, 4)])),
          ].join("\n"),
        );
        return 0;
      }
      case "promote": {
        const { promoteModel } = await client.mutate(PromoteModelDocument, { version: intArg(arg, "version"), name });
        out(json, promoteModel, () => `version ${promoteModel.version} is now ${promoteModel.status}`);
        return 0;
      }
      case "rollback": {
        const { rollbackModel } = await client.mutate(RollbackModelDocument, { name });
        out(json, rollbackModel, () => `rolled back: version ${rollbackModel.version} is now ${rollbackModel.status}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown action ${JSON.stringify(action ?? "")}: list, show, promote or rollback`);
    }
  } finally {
    await client.close();
  }
}

async function experimentsCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) return help("experiments");
  const [action, arg] = positionals;
  const client = connect(config, values);
  const json = values.json === true;
  try {
    const { experiments } = await client.query(ExperimentsDocument, {});
    if (action === "list") {
      out(json, experiments, () =>
        table(
          ["name", "runs", "best cv_rmse", "best test_rmse", "created"],
          experiments.map((e) => {
            const cv = e.runs.map((r) => metric(r.metrics, "cv_rmse_mean")).filter((v): v is number => v !== undefined);
            const best = e.runs.reduce<(typeof e.runs)[number] | null>((a, r) => ((metric(r.metrics, "cv_rmse_mean") ?? Infinity) < (a ? (metric(a.metrics, "cv_rmse_mean") ?? Infinity) : Infinity) ? r : a), null);
            return [e.name, e.runs.length, num(cv.length ? Math.min(...cv) : undefined), num(best ? metric(best.metrics, "test_rmse") : undefined), e.createdAt];
          }),
        ),
      );
      return 0;
    }
    if (action === "show") {
      const found = experiments.find((e) => e.id === arg || e.name === arg);
      if (!found) {
        process.stderr.write(`no experiment ${JSON.stringify(arg ?? "")}\n`);
        return 1;
      }
      const { experiment } = await client.query(ExperimentDocument, { id: found.id });
      out(json, experiment, () =>
        [
          `${experiment?.name}: ${experiment?.description ?? ""}`,
          `best run by CV (lowest cv_rmse_mean): ${experiment?.bestRun?.name ?? "-"}`,
          "",
          table(
            ["run", "algorithm", "status", "cv_rmse", "test_rmse", "test_r2", "features", "model", "plots"],
            (experiment?.runs ?? []).map((r) => [r.name, r.algorithm, r.status, num(metric(r.metrics, "cv_rmse_mean")), num(metric(r.metrics, "test_rmse")), num(metric(r.metrics, "test_r2")), r.features.length, r.modelVersion ? `v${r.modelVersion.version}` : "", r.artifacts.length]),
          ),
        ].join("\n"),
      );
      return 0;
    }
    throw new UsageError(`unknown action ${JSON.stringify(action ?? "")}: list or show`);
  } finally {
    await client.close();
  }
}

async function driftCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, { since: { type: "string" }, limit: { type: "string" } });
  if (values.help) return help("drift");
  const client = connect(config, values);
  const json = values.json === true;
  type Report = { createdAt: string; modelVersion: number; sufficientData: boolean; message?: string | null; datasetDrift: boolean; driftShare: number; currentSize: number; features: { feature: string; method: string; score: number; threshold: number; detected: boolean }[] };
  const show = (r: Report) =>
    [
      `${r.createdAt}  model v${r.modelVersion}  ${r.sufficientData ? (r.datasetDrift ? "DATASET DRIFT" : "no dataset drift") : "not enough data"}  share ${num(r.driftShare, 2)}  rows ${r.currentSize}`,
      r.message ?? "",
      r.features.length ? table(["feature", "method", "score", "threshold", "drift"], r.features.map((f) => [f.feature, f.method, num(f.score, 4), f.threshold, f.detected ? "YES" : ""])) : "",
    ]
      .filter(Boolean)
      .join("\n");
  try {
    if (positionals[0] === "check") {
      const { runDriftCheck } = await client.mutate(RunDriftCheckDocument, { since: values.since as string | undefined });
      out(json, runDriftCheck, () => show(runDriftCheck));
      return runDriftCheck.datasetDrift ? 4 : 0;
    }
    if (positionals[0] === "reports") {
      const { driftReports } = await client.query(DriftReportsDocument, { limit: values.limit ? intArg(values.limit as string, "--limit") : 10 });
      out(json, driftReports, () => driftReports.map(show).join("\n\n") || "no drift reports yet");
      return 0;
    }
    throw new UsageError(`unknown action ${JSON.stringify(positionals[0] ?? "")}: check or reports`);
  } finally {
    await client.close();
  }
}

async function watchCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, { "model-version": { type: "string" } });
  if (values.help) return help("watch");
  const client = connect(config, values);
  const json = values.json === true;
  const print = (line: string, data: unknown) => process.stdout.write(`${json ? JSON.stringify(data) : line}\n`);
  return new Promise<number>((resolve) => {
    const fail = (err: unknown) => {
      process.stderr.write(`domus watch: ${err instanceof Error ? err.message : JSON.stringify(err)}\n`);
      void client.close().then(() => resolve(1));
    };
    const [what, arg] = positionals;
    let stop: (() => void) | null = null;
    if (what === "predictions") {
      const modelVersion = values["model-version"] ? intArg(values["model-version"] as string, "--model-version") : undefined;
      stop = client.subscribe(PredictionMadeDocument, { modelVersion }, { next: (d) => print(`${d.predictionMade.createdAt}  v${d.predictionMade.modelVersion}  ${num(d.predictionMade.value)}  ${num(d.predictionMade.latencyMs, 3)} ms`, d.predictionMade), error: fail });
    } else if (what === "drift") {
      stop = client.subscribe(DriftAlertDocument, {}, { next: (d) => print(`${d.driftAlert.createdAt}  ${d.driftAlert.message}`, d.driftAlert), error: fail });
    } else if (what === "training") {
      if (!arg) return resolve(usage("watch training needs a job id"));
      stop = client.subscribe(TrainingProgressDocument, { jobId: arg }, {
        next: (d) => {
          const p = d.trainingProgress;
          print(`${p.status}  ${p.stage}  ${p.completed}/${p.total}  ${p.message ?? ""}`, p);
          if (p.status === "FINISHED" || p.status === "FAILED") {
            stop?.();
            void client.close().then(() => resolve(p.status === "FINISHED" ? 0 : 1));
          }
        },
        error: fail,
      });
    } else if (what === "promotions") {
      stop = client.subscribe(ModelPromotedDocument, {}, { next: (d) => print(`${d.modelPromoted.promotedAt}  v${d.modelPromoted.version} ${d.modelPromoted.status} (${d.modelPromoted.algorithm})`, d.modelPromoted), error: fail });
    } else {
      return resolve(usage(`unknown stream ${JSON.stringify(what ?? "")}: predictions, drift, training <job-id> or promotions`));
    }
    process.once("SIGINT", () => {
      stop?.();
      void client.close().then(() => resolve(0));
    });
  });
}

function help(command: string): number {
  process.stdout.write(`${REMOTE_HELP[command]}\n`);
  return 0;
}

function usage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

async function keysRemote(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, { remote: { type: "boolean" } });
  const client = connect(config, values);
  const json = values.json === true;
  try {
    const [action, a, b] = positionals;
    if (action === "list") {
      const { apiKeys } = await client.query(ApiKeysDocument, {});
      out(json, apiKeys, () => table(["id", "role", "prefix", "name", "revoked", "last used"], apiKeys.map((k) => [k.id, k.role, k.prefix, k.name, k.revokedAt ?? "", k.lastUsedAt ?? ""])));
      return 0;
    }
    if (action === "create" && a && b) {
      const { createApiKey } = await client.mutate(CreateApiKeyDocument, { name: a, role: b as Role });
      out(json, createApiKey, () => createApiKey.secret);
      return 0;
    }
    if (action === "revoke" && a) {
      const { revokeApiKey } = await client.mutate(RevokeApiKeyDocument, { id: a });
      out(json, revokeApiKey, () => `revoked ${revokeApiKey.name}`);
      return 0;
    }
    throw new UsageError("usage: domus keys --remote create <name> <role> | list | revoke <id>");
  } finally {
    await client.close();
  }
}

export const REMOTE_COMMANDS: Record<string, (args: string[], config: ClientConfig) => Promise<number>> = {
  predict: predictCommand,
  models: modelsCommand,
  experiments: experimentsCommand,
  drift: driftCommand,
  watch: watchCommand,
};

export { keysRemote };
