/**
 * The Prediction table as both prediction writers see it: the columnar batch they receive
 * (typed arrays, cheap to transfer to the SQLite writer thread) and the one list of columns with
 * how each row's value is read from that batch. Adding a column = one entry in
 * PREDICTION_COLUMNS (plus the field that carries it in PredictionTable/PredictionSegment).
 */
import { FEATURES } from "../../pipeline/features.ts";

/**
 * `imputed` and `outOfRange` carry one bit per feature in a 32-bit word per row: a checked bound,
 * so a 33rd feature fails at start-up instead of wrapping onto bit 0.
 */
export const MAX_FLAGGED_FEATURES = 32;
if (FEATURES.length > MAX_FLAGGED_FEATURES) {
  throw new Error(`the prediction log flags at most ${MAX_FLAGGED_FEATURES} features per row (32-bit masks); the feature spec lists ${FEATURES.length}`);
}

/** Rows of one request (a contiguous run of a table's rows). */
export interface PredictionSegment {
  /** First row of the segment; it runs to the next segment's start (or the table's end). */
  start: number;
  requestId: string;
  apiKeyId: string | null;
  /** Unix milliseconds. */
  createdAtMs: number;
  /** Per row: the request's inference time shared equally. */
  latencyMs: number;
}

/** Predictions of one model version, column by column. */
export interface PredictionTable {
  modelVersionId: string;
  modelName: string;
  modelVersion: number;
  /** The model's features, in its order (the columns of `features`). */
  featureNames: readonly string[];
  rows: number;
  ids: string[];
  values: Float64Array;
  /** rows × featureNames.length, the features as used (after imputation). */
  features: Float64Array;
  /** Bit j set: featureNames[j] was imputed in that row. */
  imputed: Uint32Array;
  /** Bit j set: featureNames[j] was outside the training range in that row. */
  outOfRange: Uint32Array;
  /** A canary challenger answered these rows (not the champion). */
  challenger: boolean;
  segments: PredictionSegment[];
}

/** Text forms computed once per table (names lists per bit mask, timestamps per segment). */
export class PredictionText {
  private readonly namesByMask = new Map<number, string>();
  private readonly prefixes: string[];

  constructor(readonly table: PredictionTable) {
    this.prefixes = table.featureNames.map((name, j) => `${j === 0 ? "{" : ","}${JSON.stringify(name)}:`);
  }

  /** The row's features as JSON text (numbers in their shortest exact form, as JSON.stringify writes them). */
  features(row: number): string {
    const width = this.prefixes.length;
    const base = row * width;
    let text = "";
    for (let j = 0; j < width; j++) {
      const v = this.table.features[base + j] as number;
      text += (this.prefixes[j] as string) + (v === v ? String(v) : "null"); // NaN: null, as JSON.stringify writes it
    }
    return width === 0 ? "{}" : `${text}}`;
  }

  private lastSegment: PredictionSegment | null = null;
  private lastTimestamp = "";

  /** The segment's createdAt as the provider stores it (computed once per segment). */
  timestamp(segment: PredictionSegment, provider: "sqlite" | "postgresql"): string {
    if (segment !== this.lastSegment) {
      this.lastSegment = segment;
      this.lastTimestamp = sqlTimestamp(segment.createdAtMs, provider);
    }
    return this.lastTimestamp;
  }

  /** JSON list of the feature names whose bits are set. */
  names(mask: number): string {
    let text = this.namesByMask.get(mask);
    if (text === undefined) {
      text = JSON.stringify(namesOfMask(this.table.featureNames, mask));
      this.namesByMask.set(mask, text);
    }
    return text;
  }
}

export function namesOfMask(featureNames: readonly string[], mask: number): string[] {
  const names: string[] = [];
  for (let j = 0; mask !== 0 && j < featureNames.length; j++) if ((mask >>> j) & 1) names.push(featureNames[j] as string);
  return names;
}

export interface PredictionColumn {
  name: string;
  /** The value differs from row to row; otherwise it is the same for every row of a segment (one request of one model version). */
  perRow: boolean;
  /** SQLite stores timestamps as Prisma's adapter writes them; PostgreSQL as timestamp(3) UTC text. */
  value(text: PredictionText, row: number, segment: PredictionSegment, provider: "sqlite" | "postgresql"): string | number | null;
}

/** A timestamp as each provider stores Prisma's DateTime. */
export function sqlTimestamp(ms: number, provider: "sqlite" | "postgresql"): string {
  const iso = new Date(ms).toISOString();
  // Prisma's SQLite adapter: ISO-8601 with +00:00; PostgreSQL: timestamp(3) without time zone, holding UTC.
  return provider === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("T", " ").replace("Z", "");
}

export const PREDICTION_COLUMNS: readonly PredictionColumn[] = [
  { name: "id", perRow: true, value: (t, i) => t.table.ids[i] as string },
  { name: "requestId", perRow: false, value: (_t, _i, s) => s.requestId },
  { name: "modelVersionId", perRow: false, value: (t) => t.table.modelVersionId },
  { name: "modelName", perRow: false, value: (t) => t.table.modelName },
  { name: "modelVersion", perRow: false, value: (t) => t.table.modelVersion },
  { name: "features", perRow: true, value: (t, i) => t.features(i) },
  { name: "imputedFeatures", perRow: true, value: (t, i) => t.names(t.table.imputed[i] as number) },
  { name: "outOfRangeFeatures", perRow: true, value: (t, i) => t.names(t.table.outOfRange[i] as number) },
  { name: "value", perRow: true, value: (t, i) => t.table.values[i] as number },
  { name: "latencyMs", perRow: false, value: (_t, _i, s) => s.latencyMs },
  { name: "apiKeyId", perRow: false, value: (_t, _i, s) => s.apiKeyId },
  { name: "createdAt", perRow: false, value: (t, _i, s, provider) => t.timestamp(s, provider) },
  { name: "challenger", perRow: false, value: (t, _i, _s, provider) => (provider === "sqlite" ? (t.table.challenger ? 1 : 0) : String(t.table.challenger)) },
];

/** `"id", "requestId", …` in PREDICTION_COLUMNS order. */
export const PREDICTION_COLUMN_LIST = PREDICTION_COLUMNS.map((c) => `"${c.name}"`).join(", ");

/** Backslash, tab, newline and carriage return: the characters COPY's text format gives a meaning. */
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/**
 * The table's rows in PostgreSQL's COPY text format: PREDICTION_COLUMNS in order, tab-separated,
 * one line per row, NULL as \N. Numbers in their shortest exact form, so float8 receives the
 * identical double.
 */
export function copyText(table: PredictionTable): string {
  const text = new PredictionText(table);
  let out = "";
  forEachRow(table, (row, segment) => {
    for (let k = 0; k < PREDICTION_COLUMNS.length; k++) {
      const v = (PREDICTION_COLUMNS[k] as PredictionColumn).value(text, row, segment, "postgresql");
      out += (k === 0 ? "" : "\t") + (v === null ? "\\N" : typeof v === "number" ? String(v) : v.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c] as string));
    }
    out += "\n";
  });
  return out;
}

/** Calls `visit(segment, start, end)` for every segment of the table (rows start…end−1), in order. */
export function forEachSegment(table: PredictionTable, visit: (segment: PredictionSegment, start: number, end: number) => void): void {
  const { segments } = table;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s] as PredictionSegment;
    visit(segment, segment.start, s + 1 < segments.length ? (segments[s + 1] as PredictionSegment).start : table.rows);
  }
}

/** Calls `visit(row, segment)` for every row of the table, in order. */
export function forEachRow(table: PredictionTable, visit: (row: number, segment: PredictionSegment) => void): void {
  forEachSegment(table, (segment, start, end) => {
    for (let row = start; row < end; row++) visit(row, segment);
  });
}

/** One table of the given tables (same model version), rows in order; fresh arrays, so they can be transferred. */
export function concatTables(tables: readonly PredictionTable[]): PredictionTable {
  const first = tables[0] as PredictionTable;
  const rows = tables.reduce((sum, t) => sum + t.rows, 0);
  const width = first.featureNames.length;
  const out: PredictionTable = {
    modelVersionId: first.modelVersionId,
    modelName: first.modelName,
    modelVersion: first.modelVersion,
    featureNames: first.featureNames,
    rows,
    ids: tables.length === 1 ? first.ids.slice() : tables.flatMap((t) => t.ids),
    values: new Float64Array(rows),
    features: new Float64Array(rows * width),
    imputed: new Uint32Array(rows),
    outOfRange: new Uint32Array(rows),
    challenger: first.challenger,
    segments: [],
  };
  let offset = 0;
  for (const t of tables) {
    out.values.set(t.values, offset);
    out.features.set(t.features, offset * width);
    out.imputed.set(t.imputed, offset);
    out.outOfRange.set(t.outOfRange, offset);
    for (const s of t.segments) out.segments.push({ ...s, start: s.start + offset });
    offset += t.rows;
  }
  return out;
}

/** Below this many rows a table's typed arrays are copied to the other thread: transferring costs more. */
const TRANSFER_MIN_ROWS = 256;

/** The buffers to transfer (not copy) with a table sent to another thread: none for small tables. */
export function tableBuffers(table: PredictionTable): ArrayBuffer[] {
  if (table.rows < TRANSFER_MIN_ROWS) return [];
  return [table.values.buffer, table.features.buffer, table.imputed.buffer, table.outOfRange.buffer] as ArrayBuffer[];
}
