/**
 * Reads the rows to predict from a CSV (csv-parse: quoted fields, CRLF, a BOM) and checks every
 * cell against the shared feature specs, so each bad row is reported with its file line, column,
 * value and reason while the good rows still go to the server.
 */
import { readFileSync } from "node:fs";
import { closest, distance } from "fastest-levenshtein";
import { MISSING_CELLS, parseDecimal, readCsvRecords } from "../../pipeline/csv.ts";
import { FEATURE_SPECS, TARGET, describeBounds, withinBounds } from "../../pipeline/dataset.ts";
import type { HousingFeaturesInput } from "../client/index.ts";
import { CommandError } from "./args.ts";

/** One problem with one row: the whole row when `column` is null (e.g. a wrong number of fields). */
export interface RowIssue {
  line: number;
  column: string | null;
  value: string;
  reason: string;
}

export interface CsvRow {
  /** 1-based file line where the row starts. */
  line: number;
  /** The cells as read (for --keep-columns). */
  cells: string[];
  /** The features to send, or null when the row has issues. */
  input: HousingFeaturesInput | null;
  issues: RowIssue[];
}

export interface PredictionFile {
  header: string[];
  rows: CsvRow[];
  /** Columns that are neither a feature nor MEDV, ignored with --ignore-unknown-columns. */
  ignoredColumns: string[];
}

const KNOWN_COLUMNS: string[] = [...FEATURE_SPECS.map((s) => s.name), TARGET];

/** `did you mean "CHAS"?` for a header typo (an edit distance of at most 2, or a case difference). */
export function closestColumn(name: string): string | null {
  const candidate = closest(name.toUpperCase(), KNOWN_COLUMNS);
  return distance(name.toUpperCase(), candidate) <= Math.min(2, Math.max(1, name.length - 1)) ? candidate : null;
}

function parseRecords(text: string, path: string) {
  try {
    return readCsvRecords(text);
  } catch (err) {
    const e = err as { message: string; line?: number | null };
    throw new CommandError(`${path}${e.line ? `:${e.line}` : ""}: not a readable CSV: ${e.message}`);
  }
}

export function parsePredictionCsv(text: string, path: string, options: { ignoreUnknownColumns?: boolean } = {}): PredictionFile {
  const records = parseRecords(text, path);
  const first = records.shift();
  if (!first) throw new CommandError(`${path}: the file is empty; expected a header row naming the feature columns (${KNOWN_COLUMNS.join(",")})`);
  const header = first.record;
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) throw new CommandError(`${path}:1: column ${JSON.stringify(duplicate)} appears twice in the header`);
  const unknown = header.filter((name) => !KNOWN_COLUMNS.includes(name));
  if (unknown.length > 0 && !options.ignoreUnknownColumns) {
    const described = unknown.map((name) => {
      const suggestion = closestColumn(name);
      return `${JSON.stringify(name)}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
    });
    throw new CommandError(`${path}:1: unknown column${unknown.length > 1 ? "s" : ""} ${described.join(", ")}; the columns are ${KNOWN_COLUMNS.join(", ")}. Rename it, or pass --ignore-unknown-columns to predict without it.`);
  }
  const missing = FEATURE_SPECS.filter((s) => !s.optional && !header.includes(s.name)).map((s) => s.name);
  if (missing.length > 0) throw new CommandError(`${path}:1: the header lacks the required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (only ${FEATURE_SPECS.filter((s) => s.optional).map((s) => s.name).join(", ")} and ${TARGET} may be absent)`);
  const columns = FEATURE_SPECS.map((spec) => ({ spec, index: header.indexOf(spec.name) }));

  const rows = records.map(({ record, line }): CsvRow => {
    if (record.length !== header.length) {
      return { line, cells: record, input: null, issues: [{ line, column: null, value: "", reason: `expected ${header.length} fields, found ${record.length}` }] };
    }
    const issues: RowIssue[] = [];
    const input: Record<string, number | null> = {};
    for (const { spec, index } of columns) {
      const cell = index < 0 ? "" : (record[index] as string);
      if (MISSING_CELLS.has(cell)) {
        if (spec.optional) input[spec.name] = null;
        else issues.push({ line, column: spec.name, value: cell, reason: `${spec.name} is required (only ${FEATURE_SPECS.filter((s) => s.optional).map((s) => s.name).join(", ")} may be missing)` });
        continue;
      }
      const value = parseDecimal(cell);
      if (!Number.isFinite(value)) issues.push({ line, column: spec.name, value: cell, reason: "not a decimal number" });
      else if (!withinBounds(spec, value)) issues.push({ line, column: spec.name, value: cell, reason: `out of bounds: ${spec.name} ${describeBounds(spec)}` });
      else input[spec.name] = value;
    }
    return { line, cells: record, input: issues.length ? null : (input as unknown as HousingFeaturesInput), issues };
  });
  return { header, rows, ignoredColumns: unknown };
}

export function readPredictionCsv(path: string, options: { ignoreUnknownColumns?: boolean } = {}): PredictionFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CommandError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`);
  }
  return parsePredictionCsv(text, path, options);
}
