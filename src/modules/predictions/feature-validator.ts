/**
 * Validators built once from the feature specs (pipeline/features.ts): one check per feature
 * (its bounds in a closure). Two shapes: one object per row (`predict`, `batchPredict`) and one list per feature
 * (`batchPredictColumns`). Both read into a canonical-order row-major Float64Array (NaN = a
 * missing optional feature, imputed later) and report every bad field; the batch readers also
 * accept raw JSON (values graphql-js has not coerced), so they check types and unknown fields too.
 */
import { FEATURES, FEATURE_SPECS, type FeatureSpec, describeBounds } from "../../../pipeline/features.ts";
import type { FieldProblem } from "../../errors.ts";

/**
 * Reads the features of `input` into `raw` (canonical FEATURES order; NaN = missing optional),
 * and appends a problem for every missing required or out-of-bounds field, named `${prefix}.${FIELD}`.
 */
export type FeatureValidator = (input: Record<string, unknown>, raw: Float64Array, prefix: string, problems: FieldProblem[]) => void;

/** A problem with one row of a batch (`row` = its input index). */
export interface RowProblem extends FieldProblem {
  row: number;
}

/** A batch read into one matrix, with every problem found. */
export interface ParsedBatch {
  /** Rows sent. */
  rows: number;
  /** rows × FEATURES.length, canonical order; NaN = missing optional (or an invalid cell). */
  matrix: Float64Array;
  /** Problems of single rows, in input order (row, then feature). */
  rowProblems: RowProblem[];
  /** Problems of the request's shape (not a list, lists of different lengths, unknown fields): nothing can be predicted. */
  shapeProblems: FieldProblem[];
}

const WIDTH = FEATURES.length;
const KNOWN = new Set<string>(FEATURES);

/** A feature's check: whether `v` (a number) is a BAD value, and the message prefix for one. */
interface Check {
  name: string;
  optional: boolean;
  bad: (v: number) => boolean;
  /** "CRIM must be >= 0": the rule, followed by ", got <value>" in a problem. */
  rule: string;
  required: string;
}

function checkOf(spec: FeatureSpec): Check {
  const { min, max, minExclusive, oneOf } = spec;
  const bad = oneOf
    ? (v: number) => !oneOf.includes(v)
    : (v: number) => !Number.isFinite(v) || (min !== undefined && (minExclusive ? v <= min : v < min)) || (max !== undefined && v > max);
  return { name: spec.name, optional: spec.optional, bad, rule: `${spec.name} ${describeBounds(spec)}`, required: `${spec.name} is required` };
}

/**
 * Checks one value `v` of a feature, stores it at `raw[target]` (NaN when missing or bad) and
 * returns the problem's message, or null when the value is good.
 */
function checkValue(check: Check, v: unknown, raw: Float64Array, target: number): string | null {
  if (v === undefined || v === null) {
    raw[target] = Number.NaN;
    return check.optional ? null : check.required;
  }
  if (typeof v !== "number" || check.bad(v)) {
    raw[target] = Number.NaN;
    return `${check.rule}, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`;
  }
  raw[target] = v;
  return null;
}

/** The validator of one object per row, from the feature specs (closures over the specs' checks). */
export function compileFeatureValidator(specs: readonly FeatureSpec[] = FEATURE_SPECS): FeatureValidator {
  const checks = specs.map(checkOf);
  return (input, raw, prefix, problems) => {
    for (let j = 0; j < checks.length; j++) {
      const check = checks[j] as Check;
      const message = checkValue(check, input[check.name], raw, j);
      if (message !== null) problems.push({ field: `${prefix}.${check.name}`, message });
    }
  };
}

type ColumnsValidator = (input: Record<string, unknown>, rows: number, raw: Float64Array, prefix: string, problems: RowProblem[], shape: FieldProblem[]) => void;

/** Per feature: its list (a missing optional list = all missing), then each cell, named `${prefix}.${FIELD}.${row}`. */
function compileColumnsValidator(specs: readonly FeatureSpec[] = FEATURE_SPECS): ColumnsValidator {
  const checks = specs.map(checkOf);
  return (input, rows, raw, prefix, problems, shape) => {
    for (let j = 0; j < checks.length; j++) {
      const check = checks[j] as Check;
      let column = input[check.name];
      if (column === undefined || column === null) {
        for (let i = 0; i < rows; i++) raw[i * WIDTH + j] = Number.NaN;
        if (!check.optional) shape.push({ field: `${prefix}.${check.name}`, message: `${check.name} is required (a list with one value per row)` });
        continue;
      }
      if (!Array.isArray(column)) column = [column]; // GraphQL input coercion: a single value is a list of one
      const cells = column as unknown[];
      if (cells.length !== rows) {
        shape.push({ field: `${prefix}.${check.name}`, message: `${check.name} has ${cells.length} values; every list needs one per row (${rows})` });
        for (let i = 0; i < rows; i++) raw[i * WIDTH + j] = Number.NaN;
        continue;
      }
      for (let i = 0; i < rows; i++) {
        const message = checkValue(check, cells[i], raw, i * WIDTH + j);
        if (message !== null) problems.push({ row: i, field: `${prefix}.${check.name}.${i}`, message });
      }
    }
  };
}

const validateRow = compileFeatureValidator();
const validateColumns = compileColumnsValidator();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownFields(input: Record<string, unknown>, prefix: string, report: (field: string) => void): void {
  for (const key in input) if (!KNOWN.has(key)) report(`${prefix}.${key}`);
}

/** One object per row (the `inputs` argument of batchPredict), raw JSON or coerced. */
export function parseRowInputs(value: unknown, prefix = "inputs"): ParsedBatch {
  const shapeProblems: FieldProblem[] = [];
  if (value === null || value === undefined) {
    return { rows: 0, matrix: new Float64Array(0), rowProblems: [], shapeProblems: [{ field: prefix, message: "a list of inputs is required" }] };
  }
  const list = Array.isArray(value) ? value : [value];
  const rows = list.length;
  const matrix = new Float64Array(rows * WIDTH);
  const rowProblems: RowProblem[] = [];
  const found: FieldProblem[] = [];
  for (let i = 0; i < rows; i++) {
    const input = list[i];
    const rowPrefix = `${prefix}.${i}`;
    if (!isObject(input)) {
      matrix.fill(Number.NaN, i * WIDTH, (i + 1) * WIDTH);
      rowProblems.push({ row: i, field: rowPrefix, message: `expected an object of features, got ${input === null ? "null" : typeof input}` });
      continue;
    }
    validateRow(input, matrix.subarray(i * WIDTH, (i + 1) * WIDTH), rowPrefix, found);
    unknownFields(input, rowPrefix, (field) => found.push({ field, message: `${field.slice(rowPrefix.length + 1)} is not a feature (expected ${FEATURES.join(", ")})` }));
    if (found.length > 0) {
      for (const p of found) rowProblems.push({ row: i, field: p.field, message: p.message });
      found.length = 0;
    }
  }
  return { rows, matrix, rowProblems, shapeProblems };
}

/** One list per feature (the `input` argument of batchPredictColumns), raw JSON or coerced. */
export function parseColumnInputs(value: unknown, prefix = "input"): ParsedBatch {
  if (!isObject(value)) {
    return { rows: 0, matrix: new Float64Array(0), rowProblems: [], shapeProblems: [{ field: prefix, message: "an object with one list per feature is required" }] };
  }
  const shapeProblems: FieldProblem[] = [];
  unknownFields(value, prefix, (field) => shapeProblems.push({ field, message: `${field.slice(prefix.length + 1)} is not a feature (expected ${FEATURES.join(", ")})` }));
  // The row count: the first required feature's list that is there.
  let rows = 0;
  for (const spec of FEATURE_SPECS) {
    const column = value[spec.name];
    if (!spec.optional && column !== undefined && column !== null) {
      rows = Array.isArray(column) ? column.length : 1;
      break;
    }
  }
  const matrix = new Float64Array(rows * WIDTH);
  const rowProblems: RowProblem[] = [];
  validateColumns(value, rows, matrix, prefix, rowProblems, shapeProblems);
  // Columns are read feature by feature; report in input order, row then feature (stable sort).
  rowProblems.sort((a, b) => a.row - b.row);
  return { rows, matrix, rowProblems, shapeProblems };
}
