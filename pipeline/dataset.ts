/**
 * The Boston-housing dataset (features and bounds: ./features.ts) and a CSV
 * reader that reports malformed input by line and column. Missing values are "NA" (or empty)
 * in the file and NaN in memory.
 */
import { readFileSync } from "node:fs";
import { type CsvRecord, CsvSyntaxError, MISSING_CELLS, parseDecimal, readCsvRecords } from "./csv.ts";
import { FEATURES, FEATURE_SPECS, TARGET, type FeatureName, describeBounds, withinBounds } from "./features.ts";

export { FEATURES, FEATURE_SPECS, TARGET, describeBounds, withinBounds, type FeatureName, type FeatureSpec } from "./features.ts";

export interface HousingData {
  features: readonly FeatureName[];
  /** rows[i][j] is feature j of row i; NaN where the file says NA. */
  rows: number[][];
  target: number[];
  /** The 1-based file line of each row (for messages about a row). */
  lines?: number[];
}

export class CsvFormatError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: string | null,
    detail: string,
  ) {
    super(`${source}:${line}${column ? ` column ${column}` : ""}: ${detail}`);
    this.name = "CsvFormatError";
  }
}

/**
 * Parses the housing CSV: a header naming the features and MEDV (any order, extra columns
 * ignored), then one row per tract. Errors name the file, the 1-based line and the column.
 */
export interface CsvOptions {
  /**
   * "training" (default): MEDV and every required feature column present, hard bounds checked;
   * an absent optional feature column reads as NA.
   * "inputs" (rows to predict): MEDV and optional feature columns may be absent (NaN), bounds are
   * left to the server, which names the offending row and field.
   */
  mode?: "training" | "inputs";
}

export function parseHousingCsv(text: string, source = "<csv>", options: CsvOptions = {}): HousingData {
  const training = (options.mode ?? "training") === "training";
  let records: CsvRecord[];
  try {
    records = readCsvRecords(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CsvFormatError(source, err.line ?? 1, null, `not a readable CSV: ${err.message}`);
    throw err;
  }
  const first = records.shift();
  if (!first) throw new CsvFormatError(source, 1, null, "the file is empty; expected a header row");
  const header = first.record;
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new CsvFormatError(source, 1, name, "appears twice in the header");
    seen.add(name);
  }
  const wanted = [...FEATURES, TARGET];
  // Optional features may be absent from any file (read as NA): a dataset version stored before a
  // feature was added keeps its own header and still trains (on the columns it has).
  const optionalColumns = new Set<string>([...(training ? [] : [TARGET]), ...FEATURE_SPECS.filter((s) => s.optional).map((s) => s.name)]);
  const missing = wanted.filter((c) => !seen.has(c) && !optionalColumns.has(c));
  if (missing.length > 0) throw new CsvFormatError(source, 1, null, `header lacks column(s) ${missing.join(", ")}`);
  const index = wanted.map((c) => header.indexOf(c));
  const specs = new Map(FEATURE_SPECS.map((s) => [s.name as string, s]));

  const rows: number[][] = [];
  const target: number[] = [];
  const lineNumbers: number[] = [];
  for (const { record: cells, line: lineNo } of records) {
    if (cells.length !== header.length) {
      throw new CsvFormatError(source, lineNo, null, `expected ${header.length} fields, found ${cells.length}`);
    }
    const values = index.map((col, k) => {
      const name = wanted[k] as string;
      if (col < 0) return Number.NaN; // an optional column absent from an inputs file
      const cell = cells[col] as string;
      if (MISSING_CELLS.has(cell)) {
        if (name === TARGET && training) throw new CsvFormatError(source, lineNo, name, "the target is missing; every row needs a MEDV");
        return Number.NaN;
      }
      const value = parseDecimal(cell);
      if (!Number.isFinite(value)) throw new CsvFormatError(source, lineNo, name, `expected a decimal number or NA, found ${JSON.stringify(cell)}`);
      const spec = specs.get(name);
      if (!training) return value;
      if (spec && !withinBounds(spec, value)) throw new CsvFormatError(source, lineNo, name, `${value} is out of bounds: ${name} ${describeBounds(spec)}`);
      if (name === TARGET && !(value > 0)) throw new CsvFormatError(source, lineNo, name, `${value} is out of bounds: MEDV must be > 0`);
      return value;
    });
    target.push(values.pop() as number);
    rows.push(values);
    lineNumbers.push(lineNo);
  }
  if (rows.length === 0) throw new CsvFormatError(source, 2, null, "no data rows after the header");
  return { features: FEATURES, rows, target, lines: lineNumbers };
}

export function readHousingCsv(path: string, options: CsvOptions = {}): HousingData {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read the dataset ${path}: ${(err as Error).message}`);
  }
  return parseHousingCsv(text, path, options);
}
