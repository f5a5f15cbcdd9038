/**
 * A per-field validator compiled once from the feature specifications: straight-line code with
 * the bounds inlined, instead of a generic rule engine walking metadata on every request.
 */
import { FEATURE_SPECS, type FeatureSpec, describeBounds } from "../../../pipeline/dataset.ts";
import type { FieldProblem } from "../../errors.ts";

/**
 * Reads the features of `input` into `raw` (canonical FEATURES order; NaN = missing optional),
 * and appends a problem for every missing required or out-of-bounds field, named `${prefix}.${FIELD}`.
 */
export type FeatureValidator = (input: Record<string, unknown>, raw: Float64Array, prefix: string, problems: FieldProblem[]) => void;

function condition(spec: FeatureSpec): string {
  // The expression is true for a BAD value. Bounds are numeric literals from our own specs.
  if (spec.oneOf) return spec.oneOf.map((v) => `v !== ${v}`).join(" && ");
  const parts = ["!(v === v && v !== Infinity && v !== -Infinity)"];
  if (spec.min !== undefined) parts.push(spec.minExclusive ? `v <= ${spec.min}` : `v < ${spec.min}`);
  if (spec.max !== undefined) parts.push(`v > ${spec.max}`);
  return parts.join(" || ");
}

export function compileFeatureValidator(specs: readonly FeatureSpec[] = FEATURE_SPECS): FeatureValidator {
  const lines: string[] = ["let v;"];
  specs.forEach((spec, j) => {
    const name = JSON.stringify(spec.name);
    const rule = JSON.stringify(`${spec.name} ${describeBounds(spec)}`);
    lines.push(
      `v = input[${name}];`,
      "if (v === undefined || v === null) {",
      `  raw[${j}] = NaN;`,
      spec.optional ? "" : `  problems.push({ field: prefix + "." + ${name}, message: ${JSON.stringify(`${spec.name} is required`)} });`,
      "} else if (typeof v !== 'number' || " + condition(spec) + ") {",
      `  raw[${j}] = NaN;`,
      `  problems.push({ field: prefix + "." + ${name}, message: ${rule} + ", got " + String(v) });`,
      "} else {",
      `  raw[${j}] = v;`,
      "}",
    );
  });
  // biome-ignore lint/security/noGlobalEval: generated from constant feature specs, no user input reaches the source
  return new Function("input", "raw", "prefix", "problems", lines.join("\n")) as FeatureValidator;
}
