/** `domus predict --file`: every valid row of a CSV predicted in batches; every invalid one reported by line, column, value and reason. */
import { writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { ClientConfig } from "../config.ts";
import { CommandError, UsageError, intArg, optionalInt, parseFlags } from "./args.ts";
import { CONNECTION_HELP, connect } from "./connect.ts";
import { createProgressRenderer } from "./format.ts";
import { type InvalidRowPolicy, type RowPrediction, predictBatch } from "./predict-batch.ts";
import { type CsvRow, type RowIssue, readPredictionCsv } from "./predict-csv.ts";

export const PREDICT_HELP = `domus predict --file rows.csv [--out predictions.csv] [--errors errors.csv] [--on-invalid skip|reject]
              [--keep-columns] [--ignore-unknown-columns] [--batch-size 1000] [--model-version N] [--json]

Predicts every row of a CSV whose header names the 13 feature columns (ZN, INDUS, CHAS and MEDV may
be absent; NA or an empty cell means missing, allowed only in ZN, INDUS and CHAS, which are then
imputed). Every cell is checked before anything is sent; the valid rows are predicted in batches
with a progress bar on stderr.

  --on-invalid skip     (default) predict the valid rows; write one line per bad cell (file line,
                        column, value, reason) to the errors file; exit 0
  --on-invalid reject   predict nothing if any row is invalid; write the errors file; exit 1
  --errors FILE         the errors file (default: <out>.errors.csv next to --out, else errors.csv)
  --keep-columns        copy the input columns into the output, before the prediction
  --ignore-unknown-columns
                        predict despite columns that are not features (a typo such as CHS for
                        CHAS is otherwise an error: the feature would silently be imputed)

Output (--out FILE, or stdout): line,prediction,model_version,imputed,out_of_range,prediction_id —
one line per predicted row, in file order; prediction_id is the stored prediction, the key
\`domus outcomes\` joins actual values on. --json prints {"predictions": [...], "errors": [...]}.

Examples:
  domus predict --file data/HousingData.csv --out predictions.csv
  domus predict --file new.csv --keep-columns --on-invalid reject > predictions.csv

${CONNECTION_HELP}`;

interface Predicted {
  row: CsvRow;
  prediction: RowPrediction;
}

function defaultErrorsPath(out: string | undefined): string {
  if (!out) return "errors.csv";
  return join(dirname(out), `${basename(out, extname(out))}.errors.csv`);
}

function errorsCsv(issues: RowIssue[]): string {
  return stringify(issues.map((i) => [i.line, i.column ?? "", i.value, i.reason]), { header: true, columns: ["line", "column", "value", "reason"] });
}

function predictionsCsv(predicted: Predicted[], inputHeader: string[] | null): string {
  const columns = ["line", ...(inputHeader ?? []), "prediction", "model_version", "imputed", "out_of_range", "prediction_id"];
  const records = predicted.map(({ row, prediction: p }) => [row.line, ...(inputHeader ? row.cells : []), p.value, p.modelVersion, p.imputedFeatures.join(";"), p.outOfRangeFeatures.join(";"), p.id]);
  return stringify(records, { header: true, columns });
}

export async function predictCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values } = parseFlags(args, {
    file: { type: "string" },
    out: { type: "string" },
    errors: { type: "string" },
    "on-invalid": { type: "string" },
    "keep-columns": { type: "boolean" },
    "ignore-unknown-columns": { type: "boolean" },
    "batch-size": { type: "string" },
    "model-version": { type: "string" },
  });
  if (values.help) {
    process.stdout.write(`${PREDICT_HELP}\n`);
    return 0;
  }
  if (typeof values.file !== "string") throw new UsageError("--file is required");
  const policy = values["on-invalid"] ?? "skip";
  if (policy !== "skip" && policy !== "reject") throw new UsageError(`--on-invalid must be skip or reject, got ${JSON.stringify(policy)}`);
  const onInvalid: InvalidRowPolicy = policy === "skip" ? "SKIP" : "REJECT";
  const batchSize = values["batch-size"] === undefined ? 1000 : intArg(values["batch-size"], "--batch-size");
  const modelVersion = optionalInt(values["model-version"], "--model-version");
  const out = values.out as string | undefined;
  const errorsPath = (values.errors as string | undefined) ?? defaultErrorsPath(out);

  const file = readPredictionCsv(values.file, { ignoreUnknownColumns: values["ignore-unknown-columns"] === true });
  if (file.ignoredColumns.length > 0) process.stderr.write(`ignoring column(s) ${file.ignoredColumns.join(", ")}\n`);
  const issues: RowIssue[] = file.rows.flatMap((r) => r.issues);
  const valid = file.rows.filter((r) => r.input !== null);
  if (onInvalid === "REJECT" && issues.length > 0) {
    writeFileSync(errorsPath, errorsCsv(issues));
    const invalidRows = file.rows.length - valid.length;
    throw new CommandError(`${invalidRows} of ${file.rows.length} rows are invalid (${values.file}:${issues[0]?.line} column ${issues[0]?.column ?? "-"}: ${issues[0]?.reason}; all ${issues.length} problems -> ${errorsPath}); nothing was predicted (--on-invalid reject)`);
  }

  const predicted: Predicted[] = [];
  const client = connect(config, values);
  const progress = createProgressRenderer(process.stderr);
  try {
    for (let start = 0; start < valid.length; start += batchSize) {
      const rows = valid.slice(start, start + batchSize);
      const results = await predictBatch(client, rows.map((r) => r.input as NonNullable<CsvRow["input"]>), modelVersion, onInvalid);
      results.forEach((result, k) => {
        const row = rows[k] as CsvRow;
        if ("prediction" in result) predicted.push({ row, prediction: result.prediction });
        else {
          // A rule the server has and the CLI does not.
          for (const { feature, reason } of result.rejection.problems) issues.push({ line: row.line, column: feature, value: row.cells[file.header.indexOf(feature)] ?? "", reason });
        }
      });
      progress.update({ stage: "predicting", completed: Math.min(start + batchSize, valid.length), total: valid.length });
    }
  } finally {
    progress.done();
    await client.close();
  }
  issues.sort((a, b) => a.line - b.line);
  const invalidRows = new Set(issues.map((i) => i.line)).size;

  if (values.json) {
    process.stdout.write(`${JSON.stringify({ predictions: predicted.map(({ row, prediction }) => ({ line: row.line, ...prediction })), errors: issues }, null, 2)}\n`);
  } else if (out) {
    writeFileSync(out, predictionsCsv(predicted, values["keep-columns"] ? file.header : null));
  } else {
    process.stdout.write(predictionsCsv(predicted, values["keep-columns"] ? file.header : null));
  }
  if (issues.length > 0) writeFileSync(errorsPath, errorsCsv(issues));
  process.stderr.write(`${predicted.length} predicted${out ? ` -> ${out}` : ""}, ${invalidRows} invalid${invalidRows ? ` -> ${errorsPath}` : ""}\n`);
  return 0;
}
