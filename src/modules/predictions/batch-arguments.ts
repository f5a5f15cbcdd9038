/**
 * Batch arguments bypass graphql-js coercion, on every transport and however they are written.
 * Coercing 10,000 input objects is slow, stops at 50 errors (the 51st is "Too many errors
 * processing variables"), and fails the whole request on the first bad row, so SKIP could never
 * work. The request pipeline (src/server/request-pipeline.ts) therefore:
 *
 *   1. lifts a batch argument written inline (`batchPredict(inputs: [{…}, …])`, a literal without
 *      variables) into a variable of the argument's type, once per cached document
 *      (`liftBatchLiterals`): graphql's validation would otherwise refuse the whole document for
 *      one bad row, before any policy could apply;
 *   2. after pricing (which reads the raw rows), sets the raw value of each batch variable aside
 *      and replaces it by an empty placeholder of the right type (`setAsideBatchArguments`);
 *   3. the resolver reads the raw value (`batchArgument`) in one typed pass (feature-validator.ts)
 *      that reports every bad row and field as a `RowError` under SKIP, or refuses under REJECT.
 *
 * The schema and its SDL are unchanged, and the same rows give the same `RowError`s over HTTP,
 * WebSocket, as variables and as inline literals (test/integration/request-path.test.ts).
 */
import {
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
  parseType,
  valueFromASTUntyped,
  visit,
} from "graphql";
import { FEATURE_SPECS } from "../../../pipeline/features.ts";
import type { Context } from "../../context.ts";

/** The batch argument of each batch mutation, and a placeholder value that coerces in no time. */
const BATCH_ARGUMENTS: Record<string, { argument: string; placeholder: () => unknown }> = {
  batchPredict: { argument: "inputs", placeholder: () => [] },
  batchPredictColumns: { argument: "input", placeholder: () => Object.fromEntries(FEATURE_SPECS.filter((s) => !s.optional).map((s) => [s.name, []])) },
};

/** Lifted literals get variables named with this prefix and their index. */
const LIFTED = "_batchLiteral";

/** The raw values of a document's lifted literals, by variable name. */
const liftedValues = new WeakMap<DocumentNode, Record<string, unknown>>();

function variableOf(field: FieldNode, argument: string): string | null {
  const node = field.arguments?.find((a) => a.name.value === argument);
  return node?.value.kind === Kind.VARIABLE ? node.value.name.value : null;
}

function hasVariables(value: ValueNode): boolean {
  let found = false;
  visit(value, {
    Variable() {
      found = true;
    },
  });
  return found;
}

/**
 * The document with every batch argument written as a literal without variables turned into a
 * variable of the argument's type (step 1 above); the same document when there is none. Run
 * before validation; the literal's raw value comes back from `liftedVariables`.
 */
export function liftBatchLiterals(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const mutation = schema.getMutationType();
  if (!mutation) return document;
  const values: Record<string, unknown> = {};
  let lifted = 0;
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== "mutation") return definition;
    const declared = new Set(definition.variableDefinitions?.map((v) => v.variable.name.value));
    const added: VariableDefinitionNode[] = [];
    const selections = definition.selectionSet.selections.map((selection) => {
      const batch = selection.kind === Kind.FIELD ? BATCH_ARGUMENTS[selection.name.value] : undefined;
      if (!batch || selection.kind !== Kind.FIELD) return selection;
      const node = selection.arguments?.find((a) => a.name.value === batch.argument);
      const type = mutation.getFields()[selection.name.value]?.args.find((a) => a.name === batch.argument)?.type;
      if (!node || !type || node.value.kind === Kind.VARIABLE || hasVariables(node.value)) return selection;
      const name = `${LIFTED}${lifted++}`;
      if (declared.has(name)) return selection;
      values[name] = valueFromASTUntyped(node.value);
      const variable = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } } as const;
      added.push({ kind: Kind.VARIABLE_DEFINITION, variable, type: parseType(String(type), { noLocation: true }) });
      const args = selection.arguments?.map((a): ArgumentNode => (a === node ? { ...a, value: variable } : a));
      return { ...selection, arguments: args };
    });
    if (added.length === 0) return definition;
    return { ...definition, variableDefinitions: [...(definition.variableDefinitions ?? []), ...added], selectionSet: { ...definition.selectionSet, selections } } satisfies OperationDefinitionNode;
  });
  if (lifted === 0) return document;
  const out: DocumentNode = { ...document, definitions };
  liftedValues.set(out, values);
  return out;
}

/** The request's variables plus the raw values of the document's lifted literals. */
export function withLiftedValues(document: DocumentNode, variables: Record<string, unknown>): Record<string, unknown> {
  const values = liftedValues.get(document);
  return values ? { ...variables, ...values } : variables;
}

/**
 * Step 2: the variables to execute with (each batch variable of the operation replaced by its
 * placeholder) and the raw values set aside, by variable name (null: none).
 */
export function setAsideBatchArguments(operation: OperationDefinitionNode, variables: Record<string, unknown>): { variables: Record<string, unknown>; raw: Map<string, unknown> | null } {
  if (operation.operation !== "mutation") return { variables, raw: null };
  let out: Record<string, unknown> | null = null;
  let raw: Map<string, unknown> | null = null;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const batch = BATCH_ARGUMENTS[selection.name.value];
    const name = batch ? variableOf(selection, batch.argument) : null;
    if (!batch || name === null || raw?.has(name)) continue;
    const value = variables[name];
    if (value === undefined) continue;
    out ??= { ...variables };
    out[name] = batch.placeholder();
    (raw ??= new Map()).set(name, value);
  }
  return { variables: out ?? variables, raw };
}

/** The raw value set aside for this field's batch argument, else `coerced` (the argument as graphql-js coerced it). */
export function batchArgument(context: Context, info: GraphQLResolveInfo, argument: string, coerced: unknown): unknown {
  const field = info.fieldNodes[0];
  const name = field ? variableOf(field, argument) : null;
  return name !== null && context.rawBatchArguments?.has(name) ? context.rawBatchArguments.get(name) : coerced;
}
