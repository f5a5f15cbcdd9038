/**
 * The Boston-housing features (Harrison & Rubinfeld, 1978): the one place that says what each
 * feature is called, what it means, its unit, its physical (hard) bounds, whether a caller may
 * omit it and how it is then imputed. The GraphQL inputs, the compiled validators, the CSV reader
 * and the README table derive from this list; nothing else spells the bounds out.
 */

/** The target column: median home value, $1000s. */
export const TARGET = "MEDV";

export interface FeatureSpec<Name extends string = FeatureName> {
  name: Name;
  /** What it measures (the unit, when it has one, is part of the phrase). */
  description: string;
  /** Short unit label for tables ("" for an index or a dummy). */
  unit: string;
  /** Optional at prediction time: a missing value is imputed with the model's training statistic. */
  optional: boolean;
  /** Imputation strategy learned on the training split. */
  impute: "median" | "most_frequent";
  min?: number;
  minExclusive?: boolean;
  max?: number;
  /** The value must be one of these (CHAS is a 0/1 dummy). */
  oneOf?: readonly number[];
  /** The first tract's value (data/HousingData.csv line 2): the example row of docs, tests and the playground. */
  example: number;
}

const SPECS = [
  { name: "CRIM", description: "per-capita crime rate", unit: "crimes per capita", optional: false, impute: "median", min: 0, example: 0.00632 },
  { name: "ZN", description: "% residential land zoned for lots > 25,000 sq ft", unit: "%", optional: true, impute: "median", min: 0, max: 100, example: 18 },
  { name: "INDUS", description: "% non-retail business acres", unit: "%", optional: true, impute: "median", min: 0, max: 100, example: 2.31 },
  { name: "CHAS", description: "Charles River dummy", unit: "", optional: true, impute: "most_frequent", oneOf: [0, 1], example: 0 },
  { name: "NOX", description: "nitric-oxide concentration (parts per 10 million)", unit: "pp10m", optional: false, impute: "median", min: 0, minExclusive: true, max: 1, example: 0.538 },
  { name: "RM", description: "average rooms per dwelling", unit: "rooms", optional: false, impute: "median", min: 0, minExclusive: true, max: 20, example: 6.575 },
  { name: "AGE", description: "% owner-occupied units built before 1940", unit: "%", optional: false, impute: "median", min: 0, max: 100, example: 65.2 },
  { name: "DIS", description: "weighted distance to employment centres", unit: "", optional: false, impute: "median", min: 0, minExclusive: true, example: 4.09 },
  { name: "RAD", description: "index of accessibility to radial highways", unit: "", optional: false, impute: "median", min: 1, example: 1 },
  { name: "TAX", description: "property-tax rate per $10,000", unit: "$ per $10,000", optional: false, impute: "median", min: 0, minExclusive: true, example: 296 },
  { name: "PTRATIO", description: "pupil-teacher ratio", unit: "pupils per teacher", optional: false, impute: "median", min: 0, minExclusive: true, example: 15.3 },
  { name: "B", description: "1000(Bk - 0.63)^2", unit: "", optional: false, impute: "median", min: 0, max: 396.9, example: 396.9 },
  { name: "LSTAT", description: "% lower-status population", unit: "%", optional: false, impute: "median", min: 0, max: 100, example: 4.98 },
] as const satisfies readonly FeatureSpec<string>[];

/** The features, in model column order: the one list (names, bounds, imputation, examples) everything derives from. */
export const FEATURE_SPECS: readonly FeatureSpec[] = SPECS;
export type FeatureName = (typeof SPECS)[number]["name"];
export const FEATURES: readonly FeatureName[] = SPECS.map((s) => s.name);

/** A valid input: the first tract of the dataset (its MEDV is 24.0), optional features included. */
export const EXAMPLE_ROW: Readonly<Record<FeatureName, number>> = Object.fromEntries(SPECS.map((s) => [s.name, s.example])) as Record<FeatureName, number>;

/** The hard bound as an error message states it: "must be > 0 and <= 20". */
export function describeBounds(spec: FeatureSpec): string {
  if (spec.oneOf) return `must be one of ${spec.oneOf.join(", ")}`;
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.minExclusive ? ">" : ">="} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`<= ${spec.max}`);
  return `must be ${parts.join(" and ")}`;
}

/** The hard bound as documentation states it: ">= 0", "0..100", "exactly 0 or 1". */
export function boundsNotation(spec: FeatureSpec): string {
  if (spec.oneOf) return `exactly ${spec.oneOf.slice(0, -1).join(", ")} or ${spec.oneOf.at(-1)}`;
  if (spec.min !== undefined && !spec.minExclusive && spec.max !== undefined) return `${spec.min}..${spec.max}`;
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`${spec.minExclusive ? ">" : ">="} ${spec.min}`);
  if (spec.max !== undefined) parts.push(`<= ${spec.max}`);
  return parts.join(" and ");
}

/** One line of documentation per feature (the GraphQL field descriptions). */
export function featureDocumentation(spec: FeatureSpec): string {
  return `${spec.description}, ${boundsNotation(spec)}${spec.optional ? " (optional: imputed)" : ""}`;
}

/** True when `value` satisfies the feature's hard bound. */
export function withinBounds(spec: FeatureSpec, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (spec.oneOf) return spec.oneOf.includes(value);
  if (spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min)) return false;
  if (spec.max !== undefined && value > spec.max) return false;
  return true;
}

/** The README's feature table (a test keeps README.md equal to this). */
export function featuresMarkdownTable(): string {
  const rows = FEATURE_SPECS.map((s) => `| \`${s.name}\` | ${s.description} | ${s.unit || "—"} | ${boundsNotation(s)} | ${s.optional ? `optional (${s.impute === "median" ? "median" : "mode"})` : "required"} |`);
  return ["| feature | meaning | unit | bounds | when missing |", "|---|---|---|---|---|", ...rows].join("\n");
}
