/**
 * Dataset versions as content: a parsed housing CSV normalised to one canonical text (the 13
 * features and MEDV in contract order, every number in JavaScript's shortest round-trip form,
 * missing values as NA, "\n" line ends), hashed with SHA-256 and compressed for storage.
 *
 * Row order is part of the data: the seeded train/test split and the CV folds pick rows by
 * position, so the same rows in another order train a different model and get another hash.
 * Anything else that does not change the numbers (column order, extra columns, quoting, CRLF,
 * "1.50" vs "1.5", "NA" vs an empty cell) normalises away and keeps the hash.
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { FEATURES, type HousingData, TARGET, parseHousingCsv } from "./dataset.ts";

export const DATASET_COLUMNS: readonly string[] = [...FEATURES, TARGET];

export interface ColumnStats {
  column: string;
  count: number;
  missing: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  max: number | null;
}

export interface NormalisedDataset {
  /** The canonical CSV text (header + one line per row). */
  text: string;
  /** SHA-256 of `text`, hex. */
  contentHash: string;
  rows: number;
  columns: string[];
  missingCells: number;
  stats: ColumnStats[];
}

function cell(value: number): string {
  return Number.isNaN(value) ? "NA" : String(value);
}

/** Population mean/std/min/max of the present values of each column. */
export function columnStats(data: HousingData): ColumnStats[] {
  const columns = DATASET_COLUMNS.map((column, j) => {
    const values = j < FEATURES.length ? data.rows.map((r) => r[j] as number) : data.target;
    const present = values.filter((v) => !Number.isNaN(v));
    if (present.length === 0) return { column, count: 0, missing: values.length, mean: null, std: null, min: null, max: null };
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of present) {
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = sum / present.length;
    let squares = 0;
    for (const v of present) squares += (v - mean) * (v - mean);
    return { column, count: present.length, missing: values.length - present.length, mean, std: Math.sqrt(squares / present.length), min, max };
  });
  return columns;
}

/** The canonical form of parsed training data (features and MEDV; MEDV present on every row). */
export function normaliseDataset(data: HousingData): NormalisedDataset {
  const lines = [DATASET_COLUMNS.join(",")];
  let missingCells = 0;
  for (let i = 0; i < data.rows.length; i++) {
    const row = data.rows[i] as number[];
    for (const v of row) if (Number.isNaN(v)) missingCells++;
    lines.push(`${row.map(cell).join(",")},${cell(data.target[i] as number)}`);
  }
  const text = `${lines.join("\n")}\n`;
  return {
    text,
    contentHash: createHash("sha256").update(text).digest("hex"),
    rows: data.rows.length,
    columns: [...DATASET_COLUMNS],
    missingCells,
    stats: columnStats(data),
  };
}

/** Parses and validates a training CSV (every feature column and MEDV, hard bounds) and normalises it. */
export function normaliseCsv(text: string, source: string): NormalisedDataset {
  return normaliseDataset(parseHousingCsv(text, source, { mode: "training" }));
}

export function compressDataset(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(gzipSync(Buffer.from(text, "utf8"), { level: 9 }));
}

/** The canonical text of a stored version. */
export function decompressDataset(content: Uint8Array): string {
  return gunzipSync(content).toString("utf8");
}

/** The rows of a stored version, ready for training. */
export function datasetFromContent(content: Uint8Array, source: string): HousingData {
  return parseHousingCsv(decompressDataset(content), source, { mode: "training" });
}
