/**
 * Batch arguments bypass graphql-js variable coercion. Coercing 10,000 input objects is slow,
 * stops at 50 errors (the 51st is "Too many errors processing variables", an internal error),
 * and fails the whole request on the first bad row, so SKIP could never work. Instead, once the
 * operation is known, the raw value of a variable that feeds `batchPredict(inputs:)` or
 * `batchPredictColumns(input:)` is set aside in the context and replaced by an empty placeholder
 * of the right type; the resolver reads the raw value in one typed pass (feature-validator.ts)
 * that reports every bad row and field. The schema and its SDL are unchanged, and batches sent as
 * inline literals (or over WebSocket) still take the ordinary path.
 *
 * Must come before plugins that read `request.variables` in didResolveOperation (the complexity
 * limit): Apollo calls those hooks in plugin order, and this one swaps the values synchronously.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { type FieldNode, type GraphQLResolveInfo, Kind } from "graphql";
import { FEATURE_SPECS } from "../../../pipeline/features.ts";
import type { Context } from "../../context.ts";

/** The batch argument of each batch mutation, and a placeholder value that coerces in no time. */
const BATCH_ARGUMENTS: Record<string, { argument: string; placeholder: () => unknown }> = {
  batchPredict: { argument: "inputs", placeholder: () => [] },
  batchPredictColumns: { argument: "input", placeholder: () => Object.fromEntries(FEATURE_SPECS.filter((s) => !s.optional).map((s) => [s.name, []])) },
};

function variableOf(field: FieldNode, argument: string): string | null {
  const node = field.arguments?.find((a) => a.name.value === argument);
  return node?.value.kind === Kind.VARIABLE ? node.value.name.value : null;
}

export function useBatchArguments(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        didResolveOperation({ operation, request, contextValue }) {
          if (operation?.operation !== "mutation" || !request.variables) return Promise.resolve();
          let variables: Record<string, unknown> | null = null;
          for (const selection of operation.selectionSet.selections) {
            if (selection.kind !== Kind.FIELD) continue;
            const batch = BATCH_ARGUMENTS[selection.name.value];
            const name = batch ? variableOf(selection, batch.argument) : null;
            if (!batch || name === null || contextValue.rawBatchArguments?.has(name)) continue;
            const raw = request.variables[name];
            if (raw === undefined) continue;
            variables ??= { ...request.variables };
            variables[name] = batch.placeholder();
            contextValue.rawBatchArguments ??= new Map();
            contextValue.rawBatchArguments.set(name, raw);
          }
          if (variables) request.variables = variables;
          return Promise.resolve();
        },
      };
    },
  };
}

/** The raw value set aside for this field's batch argument, else `coerced` (the argument as graphql-js coerced it). */
export function batchArgument(context: Context, info: GraphQLResolveInfo, argument: string, coerced: unknown): unknown {
  const field = info.fieldNodes[0];
  const name = field ? variableOf(field, argument) : null;
  return name !== null && context.rawBatchArguments?.has(name) ? context.rawBatchArguments.get(name) : coerced;
}
