/**
 * The cost model: what an operation will cost, computed from the document and its variables
 * before anything runs. Two numbers:
 * - `points`, the work of reading: an object field costs 1 point (scalars and enums 0), a list
 *   multiplies its items' points by its length (the `first`/`limit` argument, or its default; a
 *   list without one is assumed to hold ASSUMED_LIST_SIZE items), and the fields below price their
 *   own work. MAX_QUERY_COMPLEXITY bounds the points of one operation.
 * - `rows`, the prediction rows it computes: `predict` and `explain` one each, repeated per alias,
 *   `batchPredict` one per input (MAX_BATCH_SIZE bounds each batch).
 * Rate-limit tokens are charged for both: points + rows.
 *
 * A new operation that does per-row or heavy work adds its line to FIELD_COSTS (a test checks
 * every PREDICT mutation prices its rows); the "Limits and costs" table of docs/security.md is printed from it.
 */
import { ROLLUP_BUCKET_MS } from "../db/rollup-bucket.ts";
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
} from "graphql";
import { fragmentsOf } from "./validation-rules.ts";

export interface FieldCost {
  /** Points of the field itself; default 1 for object fields, 0 for scalars and enums. */
  points?: number;
  /** The argument holding the list's length (its default applies when omitted). */
  sizeArgument?: string;
  /** A fixed list length, e.g. 1 where the parent already multiplied (a connection's edges). */
  size?: number;
  /** Points of each item of the list, on top of its selection. */
  itemPoints?: number;
  /** Prediction rows computed: a count, or the list argument whose length it is (for an object of columns: its longest list). */
  rows?: number | string;
  /** Reads rollups over a window (`since`/`until` arguments, this default length): priced by the buckets it spans. */
  window?: { defaultMs: number };
  /** Reads this many stored rows in bulk (a setting of the server): 1 point + 1 per ROWS_PER_POINT rows. */
  readsRows?: keyof ReadSizes;
  /** Why, for the README table. */
  why: string;
}

/** Rollup buckets (10 s) per point of a windowed read: one point per 10 minutes of window. */
export const BUCKETS_PER_POINT = 60;

/**
 * A DateTime argument's epoch ms: a literal arrives coerced (a Date), a variable raw (its ISO
 * string), since costs are computed before the variables are coerced. Invalid: absent.
 */
function timeOf(value: unknown): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** Points of a windowed rollup read: 1 + one per BUCKETS_PER_POINT buckets of [since, until). */
export function windowPoints(args: Record<string, unknown>, defaultMs: number, now = Date.now()): number {
  const until = timeOf(args.until) ?? now;
  const since = timeOf(args.since) ?? until - defaultMs;
  const span = Math.max(0, until - since) + 2 * ROLLUP_BUCKET_MS; // widened to bucket edges
  return 1 + Math.ceil(span / ROLLUP_BUCKET_MS / BUCKETS_PER_POINT);
}

/** The server's settings that bound how many rows a bulk read visits. */
export interface ReadSizes {
  /** min(DRIFT_WINDOW_SIZE, DRIFT_SAMPLE_SIZE): the predictions a drift check tests. */
  driftWindowSize: number;
}

/** Stored rows read in bulk (one query, fixed columns) per point. */
export const ROWS_PER_POINT = 10;

/** Points of a bulk read of `rows` stored rows. */
export function rowsReadPoints(rows: number): number {
  return 1 + Math.ceil(Math.max(0, rows) / ROWS_PER_POINT);
}

/** Items assumed in a list field without a size argument (experiments, runs, metrics, …). */
export const ASSUMED_LIST_SIZE = 10;
/** Introspection (`__schema`, `__type`): bounded by the schema itself, priced as one block. */
export const INTROSPECTION_POINTS = 100;

export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  "Mutation.predict": { rows: 1, why: "one prediction row (as in a batch), per alias" },
  "Mutation.explain": { rows: 1, why: "one row (exact SHAP of one input), per alias" },
  "Mutation.batchPredict": { rows: "inputs", why: "one row per input" },
  "Mutation.batchPredictColumns": { rows: "input", why: "one row per entry of the longest column" },
  "BatchPrediction.predictions": { size: 1, why: "priced by the batch's rows" },
  "Query.predictions": { sizeArgument: "first", why: "a page of `first` stored predictions" },
  "PredictionConnection.edges": { size: 1, why: "counted by `first`" },
  "Query.servingMetrics": { window: { defaultMs: 3_600_000 }, why: "merges the window's 10 s rollups (1 point + 1 per 10 min of window; once per request and window)" },
  "Query.driftReports": { itemPoints: 5, sizeArgument: "limit", why: "`limit` stored reports with per-feature results" },
  "Mutation.runDriftCheck": { readsRows: "driftWindowSize", why: "tests the drift window's predictions (DRIFT_WINDOW_SIZE rows; a sample of at most DRIFT_SAMPLE_SIZE of them) against the training data" },
  "Mutation.startTraining": { points: 100, why: "queues a training job" },
  "Mutation.recordOutcomes": { rows: "outcomes", why: "one row per outcome stored" },
  "Mutation.registerDataset": { points: 100, why: "validates, normalises, hashes and compresses a CSV" },
  "Mutation.registerDatasetFromOutcomes": { points: 100, why: "reads every labelled prediction into a new dataset version" },
  "DatasetVersion.csv": { points: 50, why: "decompresses a stored dataset version" },
  "Query.performance": { window: { defaultMs: 86_400_000 }, why: "merges the window's rollups and outcome sums per version (1 point + 1 per 10 min of window)" },
  "Query.challengerReport": {
    window: { defaultMs: 86_400_000 },
    why: "merges the window's rollups and paired outcome sums (1 point + 1 per 10 min from `since`; without `since`, priced as 24 h)",
  },
};

export interface OperationCost {
  points: number;
  rows: number;
}

/** Tokens an operation takes from its rate-limit bucket. */
export function tokensOf(cost: OperationCost): number {
  return cost.points + cost.rows;
}

function lengthOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === "object") return Math.max(0, ...Object.values(value).map((v) => (Array.isArray(v) ? v.length : 0)));
  return 0;
}

/** Costs that do not depend on arguments or directives (predict's), computed once per parsed operation. */
const staticCosts = new WeakMap<OperationDefinitionNode, OperationCost>();

/**
 * Rows of a batch argument read from the document and the raw variables, without coercing them
 * (coercing 10,000 input objects is the slow part the batch path avoids, and an invalid row must
 * not make a batch free): a variable's list length, a literal list's length, or the longest list
 * of a literal object of columns.
 */
function rowsOfArgument(field: FieldNode, argument: string, variables: Record<string, unknown>): number {
  const node = field.arguments?.find((a) => a.name.value === argument)?.value;
  if (!node) return 0;
  if (node.kind === Kind.VARIABLE) return lengthOf(variables[node.name.value]);
  if (node.kind === Kind.LIST) return node.values.length;
  if (node.kind === Kind.OBJECT) {
    return Math.max(
      0,
      ...node.fields.map((f) => (f.value.kind === Kind.LIST ? f.value.values.length : f.value.kind === Kind.VARIABLE ? lengthOf(variables[f.value.name.value]) : 0)),
    );
  }
  return 0;
}

/** The cost of one operation with its (raw) variables. Invalid arguments count as absent: execution refuses them next. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, sizes: ReadSizes): OperationCost {
  const cached = staticCosts.get(operation);
  if (cached) return cached;
  let dependsOnArguments = false;
  const fragments = fragmentsOf(document);
  const included = (node: { directives?: readonly unknown[] }): boolean => {
    if (!node.directives?.length) return true;
    dependsOnArguments = true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node as never, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node as never, variables)?.if === false) return false;
    } catch {
      // an invalid variable: count the selection
    }
    return true;
  };
  // Each fragment is priced once (its type condition and the request's variables fix its cost),
  // however often it is spread: a fragment bomb is linear work here. A cycle (refused by
  // validation) prices 0.
  const fragmentCosts = new Map<string, OperationCost>();
  const fragmentCost = (name: string): OperationCost => {
    const known = fragmentCosts.get(name);
    if (known) return known;
    fragmentCosts.set(name, { points: 0, rows: 0 });
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    const cost = fragment && isCompositeType(type) ? walk(fragment.selectionSet, type) : { points: 0, rows: 0 };
    fragmentCosts.set(name, cost);
    return cost;
  };
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): OperationCost => {
    const total: OperationCost = { points: 0, rows: 0 };
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const inner = fragmentCost(selection.name.value);
        total.points += inner.points;
        total.rows += inner.rows;
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (!isCompositeType(type)) continue;
        const inner = walk(selection.selectionSet, type);
        total.points += inner.points;
        total.rows += inner.rows;
        continue;
      }
      const name = selection.name.value;
      if (name === "__typename") continue;
      if (name === "__schema" || name === "__type") {
        total.points += INTROSPECTION_POINTS;
        continue;
      }
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!field) continue; // validation refuses unknown fields
      const spec: Partial<FieldCost> = FIELD_COSTS[`${parent.name}.${name}`] ?? {};
      let args: Record<string, unknown> = {};
      if (spec.sizeArgument !== undefined || typeof spec.rows === "string" || spec.window) dependsOnArguments = true;
      if (spec.sizeArgument !== undefined || spec.window) {
        try {
          args = getArgumentValues(field, selection, variables);
        } catch {
          args = {};
        }
      }
      const named = getNamedType(field.type);
      const child = selection.selectionSet && isCompositeType(named) ? walk(selection.selectionSet, named) : { points: 0, rows: 0 };
      const sizeArg = spec.sizeArgument !== undefined ? args[spec.sizeArgument] : undefined;
      const size = spec.size ?? (typeof sizeArg === "number" ? Math.max(0, sizeArg) : isListType(getNullableType(field.type)) && isCompositeType(named) ? ASSUMED_LIST_SIZE : 1);
      const rows = typeof spec.rows === "number" ? spec.rows : typeof spec.rows === "string" ? rowsOfArgument(selection, spec.rows, variables) : 0;
      const own = spec.window
        ? windowPoints(args, spec.window.defaultMs)
        : spec.readsRows
          ? rowsReadPoints(sizes[spec.readsRows])
          : (spec.points ?? (isCompositeType(named) ? 1 : 0));
      total.points += own + size * ((spec.itemPoints ?? 0) + child.points);
      total.rows += rows + size * child.rows;
    }
    return total;
  };
  const root = schema.getRootType(operation.operation);
  const cost = root ? walk(operation.selectionSet, root) : { points: 0, rows: 0 };
  if (!dependsOnArguments) staticCosts.set(operation, cost);
  return cost;
}

/** FIELD_COSTS as Markdown rows for the "Limits and costs" section of docs/security.md. */
export function costTableMarkdown(): string {
  const lines = ["| Field | Points | List size | Rows | Why |", "|---|---|---|---|---|"];
  for (const [field, spec] of Object.entries(FIELD_COSTS)) {
    const points = `${spec.window ? "1 + ⌈buckets / 60⌉" : spec.readsRows ? `1 + ⌈rows / ${ROWS_PER_POINT}⌉` : (spec.points ?? 1)}${spec.itemPoints ? ` + ${spec.itemPoints} per item` : ""}`;
    const size = spec.sizeArgument ? `\`${spec.sizeArgument}\`` : spec.size !== undefined ? String(spec.size) : "—";
    const rows = spec.rows === undefined ? "—" : typeof spec.rows === "number" ? String(spec.rows) : `length of \`${spec.rows}\``;
    lines.push(`| \`${field}\` | ${points} | ${size} | ${rows} | ${spec.why} |`);
  }
  return lines.join("\n");
}
