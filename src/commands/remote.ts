/**
 * `domus` commands that talk to a running server through the typed client:
 * models, experiments, drift (and keys with --remote). predict and watch have their own modules.
 */
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  DriftReportsDocument,
  ExperimentDocument,
  ExperimentsDocument,
  ModelDocument,
  ModelsDocument,
  PromoteModelDocument,
  RevokeApiKeyDocument,
  type Role,
  RollbackModelDocument,
  RunDriftCheckDocument,
} from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { UsageError, intArg, parseFlags as parse } from "./args.ts";
import { CONNECTION_HELP as COMMON_HELP, connect } from "./connect.ts";
import { metric, metricValue, num, out, table } from "./format.ts";

export const REMOTE_HELP: Record<string, string> = {
  models: `domus models list | show <version> | promote <version> | rollback   [--name NAME] [--json]
       domus models challenger set|clear|show|report …   (domus models challenger --help)

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
};

async function modelsCommand(args: string[], config: ClientConfig): Promise<number> {
  if (args[0] === "challenger") {
    const { challengerCommand } = await import("./challengers.ts");
    return challengerCommand(args.slice(1), config);
  }
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
              table(["gate metric", "value"], model.gate.metrics.map((m) => [m.key, metricValue(m.key, m.value)])),
            ]
          : ["quality gate: no verdict recorded"];
        out(json, model, () =>
          [
            table(headers, [row(model)]),
            "",
            `run: ${model.run?.name ?? "-"} (${model.run?.experiment.name ?? "-"})`,
            `params: ${(model.run?.params ?? []).map((p) => `${p.key}=${p.value}`).join(" ")}`,
            model.run?.dataset
              ? `trained on: dataset ${model.run.dataset.name}@${model.run.dataset.version} (${model.run.dataset.rows} rows, sha256 ${model.run.dataset.contentHash}, id ${model.run.dataset.id}), split seed ${model.run.splitSeed ?? "-"}, code ${model.run.codeVersion ?? "-"}`
              : "trained on: no dataset version recorded (trained before dataset versions, or on a given --train/--test split)",
            "",
            ...gate,
            "",
            ...(model.calibration
              ? [
                  `prediction intervals: ${model.calibration.method}, ${model.calibration.calibrationSize} out-of-fold residuals; on the test split:`,
                  table(
                    ["level", "coverage", "mean width"],
                    model.calibration.validationCoverage.map((c) => [c.level, c.coverage === null || c.coverage === undefined ? "-" : `${(100 * c.coverage).toFixed(1)} %`, num(c.meanWidth ?? null, 2)]),
                  ),
                ]
              : ["prediction intervals: none (registered before calibration existed)"]),
            "",
            table(["metric", "value"], model.metrics.map((m) => [m.key, metricValue(m.key, m.value)])),
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
  type Report = { createdAt: string; modelVersion: number; sufficientData: boolean; message?: string | null; datasetDrift: boolean; driftShare: number; currentSize: number; sampleSize: number; features: { feature: string; method: string; score: number; threshold: number; detected: boolean }[] };
  const show = (r: Report) =>
    [
      `${r.createdAt}  model v${r.modelVersion}  ${r.sufficientData ? (r.datasetDrift ? "DATASET DRIFT" : "no dataset drift") : "not enough data"}  share ${num(r.driftShare, 2)}  rows ${r.currentSize}${r.sampleSize < r.currentSize ? ` (sample ${r.sampleSize})` : ""}`,
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

function help(command: string): number {
  process.stdout.write(`${REMOTE_HELP[command]}\n`);
  return 0;
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
  models: modelsCommand,
  experiments: experimentsCommand,
  drift: driftCommand,
  outcomes: async (args, config) => (await import("./challengers.ts")).outcomesCommand(args, config),
};

export { keysRemote };
