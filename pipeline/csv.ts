/**
 * The one CSV reader (csv-parse: quoted fields, CRLF, a BOM) behind the training files, the
 * datasets registered over the API and the CLI's prediction files, and the one number syntax
 * their cells accept.
 */
import { parse } from "csv-parse/sync";

export interface CsvRecord {
  /** The cells, trimmed. */
  record: string[];
  /** The 1-based file line where the record starts. */
  line: number;
}

/** A file csv-parse cannot read (an unclosed quote, say), at a 1-based line when it knows one. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number | null,
    detail: string,
  ) {
    super(detail);
    this.name = "CsvSyntaxError";
  }
}

/** Every record of `text`, blank lines skipped; rows of the wrong width are kept for the caller to report. */
export function readCsvRecords(text: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // Line ends are normalized first: csv-parse counts a CRLF inside a quoted field as two lines,
    // which would shift the line number of every later row.
    parsed = parse(text.replace(/\r\n?/g, "\n"), { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as unknown as typeof parsed;
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new CsvSyntaxError(e.lines ?? null, e.message);
  }
  // info.lines is the line a record ends on; a quoted field may span lines.
  return parsed.map(({ record, info }) => ({ record, line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0) }));
}

/** Cells that mean "no value". */
export const MISSING_CELLS: ReadonlySet<string> = new Set(["", "NA", "NaN", "nan", "null"]);

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A decimal number (`12`, `-0.5`, `.5`, `1e-3`), or NaN for anything else: `Number()` alone would
 * also take `0x10`, `0b1`, `Infinity` and whitespace-only cells.
 */
export function parseDecimal(cell: string): number {
  return DECIMAL.test(cell) ? Number(cell) : Number.NaN;
}
