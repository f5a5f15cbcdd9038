/**
 * `domus models challenger set|clear|show|report` and `domus outcomes --file`: challengers and
 * ground truth through the typed client (`models challenger` is dispatched by remote.ts,
 * `outcomes` is a command of its own in src/cli.ts).
 */
import { readFileSync } from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import {
  ChallengerDocument,
  ChallengerReportDocument,
  type ChallengerReportSummaryFragment,
  ClearChallengerDocument,
  DomusClientError,
  RecordOutcomesDocument,
  SetChallengerDocument,
} from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { UsageError, intArg, parseFlags as parse } from "./args.ts";
import { CONNECTION_HELP, connect } from "./connect.ts";
import { createProgressRenderer, num, out, table } from "./format.ts";

function help(command: string): number {
  process.stdout.write(`${CHALLENGER_HELP[command]}\n\n${CONNECTION_HELP}\n`);
  return 0;
}

export const CHALLENGER_HELP: Record<string, string> = {
  challenger: `domus models challenger set <version> --mode SHADOW|CANARY [--traffic PERCENT] | clear | show | report [--since ISO-TIME]
                         [--name NAME] [--json]

SHADOW scores every request with the challenger too (responses unchanged); CANARY answers
PERCENT (0 < p <= 50) of requests with it, sticky per routing key. The report compares both on the
same rows: paired rows, mean |difference|, and with enough outcomes a paired test and a verdict.

Examples:
  domus models challenger set 3 --mode SHADOW
  domus models challenger report
  domus models challenger set 3 --mode CANARY --traffic 10
  domus models challenger clear`,
  outcomes: `domus outcomes --file outcomes.csv [--batch-size 1000] [--replace] [--json]

Records the actual MEDV of logged predictions from a CSV with the columns prediction_id,actual
(a header line, any column order). Each prediction takes one outcome, recorded by the key that
made the prediction (or an ADMIN key); --replace corrects outcomes already recorded. A batch with
a bad row is refused whole, reported by file line, and the command stops there (earlier batches
stay stored).

Example:
  domus outcomes --file sold-prices.csv
  domus outcomes --file corrected-prices.csv --replace`,
};

function showReport(r: ChallengerReportSummaryFragment): string {
  const perf = (label: string, p: ChallengerReportSummaryFragment["champion"]) => [label, `v${p.modelVersion}`, p.predictions, p.outcomes, num(p.rmse), num(p.mae), num(p.meanPrediction), num(p.latency.p95Ms, 3)];
  return [
    `challenger v${r.challenger.modelVersion.version} ${r.challenger.mode}${r.challenger.mode === "CANARY" ? ` ${r.challenger.trafficPercent}%` : ""} since ${r.challenger.since}`,
    "",
    table(["", "version", "rows", "outcomes", "rmse", "mae", "mean", "p95 ms"], [perf("champion", r.champion), perf("challenger", r.candidate)]),
    "",
    `paired rows ${r.pairedRows}, with outcomes ${r.pairedOutcomes}, mean |difference| ${num(r.meanAbsDifference)}`,
    `p-value ${typeof r.pValue === "number" && r.pValue < 1e-4 ? r.pValue.toExponential(1) : num(r.pValue, 4)}: ${r.verdict}`,
  ].join("\n");
}

export async function challengerCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parse(args, { mode: { type: "string" }, traffic: { type: "string" }, name: { type: "string" }, since: { type: "string" } });
  if (values.help) return help("challenger");
  const [action, arg] = positionals;
  const json = values.json === true;
  const name = values.name as string | undefined;
  const client = connect(config, values);
  try {
    switch (action) {
      case "set": {
        const mode = String(values.mode ?? "").toUpperCase();
        if (mode !== "SHADOW" && mode !== "CANARY") throw new UsageError("--mode must be SHADOW or CANARY");
        const trafficPercent = values.traffic === undefined ? 0 : Number(values.traffic);
        if (!Number.isFinite(trafficPercent)) throw new UsageError(`--traffic must be a number, got ${JSON.stringify(values.traffic)}`);
        const { setChallenger } = await client.mutate(SetChallengerDocument, { version: intArg(arg, "version"), mode, trafficPercent, name });
        out(json, setChallenger, () => `version ${setChallenger.modelVersion.version} is the ${setChallenger.mode} challenger${setChallenger.mode === "CANARY" ? ` for ${setChallenger.trafficPercent}% of requests` : ""}`);
        return 0;
      }
      case "clear": {
        const { clearChallenger } = await client.mutate(ClearChallengerDocument, { name });
        out(json, { cleared: clearChallenger }, () => (clearChallenger ? "challenger cleared" : "there was no challenger"));
        return 0;
      }
      case "show": {
        const { challenger } = await client.query(ChallengerDocument, { name });
        out(json, challenger, () => (challenger ? `v${challenger.modelVersion.version} (${challenger.modelVersion.algorithm}) ${challenger.mode} ${challenger.trafficPercent}% since ${challenger.since}` : "no challenger"));
        return 0;
      }
      case "report": {
        const { challengerReport } = await client.query(ChallengerReportDocument, { since: values.since as string | undefined });
        out(json, challengerReport, () => (challengerReport ? showReport(challengerReport) : "no challenger"));
        return 0;
      }
      default:
        throw new UsageError(`unknown action ${JSON.stringify(action ?? "")}: set, clear, show or report`);
    }
  } finally {
    await client.close();
  }
}

/** Rows of prediction_id,actual with their file lines; a row that is not a number is reported by line and column. */
export function readOutcomesCsv(path: string): { predictionId: string; actual: number; line: number }[] {
  const records = parseCsv(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true, trim: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  if (records.length === 0) throw new UsageError(`${path} holds no rows (expected a header prediction_id,actual and one row per outcome)`);
  const header = Object.keys(records[0]!.record);
  for (const column of ["prediction_id", "actual"]) if (!header.includes(column)) throw new UsageError(`${path}: the header lacks the column ${column} (found ${header.join(",")})`);
  return records.map(({ record, info }) => {
    const actual = Number(record.actual);
    if (record.actual === "" || !Number.isFinite(actual)) throw new UsageError(`${path}:${info.lines} column actual: ${JSON.stringify(record.actual)} is not a number`);
    if (!record.prediction_id) throw new UsageError(`${path}:${info.lines} column prediction_id: empty`);
    return { predictionId: record.prediction_id, actual, line: info.lines };
  });
}

/**
 * A refused batch, one line per bad cell with its file line and the server's reason, then the
 * reasons counted, most frequent first (ids left out), so 300 rows already recorded read as one cause.
 */
export function outcomeProblems(file: string, chunk: { predictionId: string; line: number }[], err: DomusClientError, stored: number): string {
  const problems = err.problems.length > 0 ? err.problems : err.fields.map((field) => ({ field, message: err.message }));
  const kinds = new Map<string, number>();
  const lines = problems.map(({ field, message }) => {
    const m = /^outcomes\.(\d+)\.(\w+)$/.exec(field);
    const row = m ? chunk[Number(m[1])] : undefined;
    if (!m || !row) return `${field}: ${message}`;
    const kind = message.replaceAll(row.predictionId, "…").replace(/outcomes\.\d+/g, "another row");
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    return `${file}:${row.line} column ${m[2] === "predictionId" ? "prediction_id" : m[2]}: ${message}`;
  });
  const rows = new Set(problems.map((p) => /^outcomes\.(\d+)\./.exec(p.field)?.[1] ?? p.field)).size;
  const summary = [...kinds].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n} × ${kind}`).join("; ");
  return `${rows} invalid row(s); nothing from this batch was stored (${stored} outcome(s) from earlier batches were):\n  ${lines.join("\n  ")}\n${summary ? `reasons: ${summary}\n` : ""}`;
}

export async function outcomesCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values } = parse(args, { file: { type: "string" }, "batch-size": { type: "string" }, replace: { type: "boolean" } });
  if (values.help) return help("outcomes");
  if (!values.file) throw new UsageError("--file is required");
  const file = values.file as string;
  const batchSize = values["batch-size"] ? intArg(values["batch-size"] as string, "--batch-size") : 1000;
  const rows = readOutcomesCsv(file);
  const client = connect(config, values);
  const bar = createProgressRenderer(process.stderr);
  let stored = 0;
  try {
    for (let start = 0; start < rows.length; start += batchSize) {
      const chunk = rows.slice(start, start + batchSize);
      try {
        const { recordOutcomes } = await client.mutate(RecordOutcomesDocument, { outcomes: chunk.map(({ predictionId, actual }) => ({ predictionId, actual })), replace: values.replace === true });
        stored += recordOutcomes;
      } catch (err) {
        if (err instanceof DomusClientError && (err.code === "BAD_USER_INPUT" || err.code === "FORBIDDEN") && err.fields.length > 0) {
          process.stderr.write(outcomeProblems(file, chunk, err, stored));
          return 1;
        }
        throw err;
      }
      bar.update({ stage: "recording outcomes", completed: Math.min(start + batchSize, rows.length), total: rows.length });
    }
  } finally {
    bar.done();
    await client.close();
  }
  out(values.json === true, { stored }, () => `${stored} outcomes recorded`);
  return 0;
}
