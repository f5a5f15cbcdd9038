/**
 * The request pipeline's validation rules (run with graphql's own on HTTP and WebSocket alike):
 * depth, aliases and the introspection policy. Each reports a Domus error, so the refusal carries
 * its contract code and HTTP status.
 */
import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import { type DomusError, ForbiddenError, QueryTooComplexError } from "../errors.ts";

function report(context: ValidationContext, node: Parameters<ValidationContext["reportError"]>[0]["nodes"], error: DomusError): void {
  context.reportError(new GraphQLError(error.message, { nodes: node, originalError: error, extensions: { code: error.code } }));
}

/** Maximum depth of a query's selections (fragments followed); deeper documents fail validation. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let max = 0;
      for (const s of selectionSet.selections) {
        let d = 0;
        if (s.kind === Kind.FIELD) d = s.name.value.startsWith("__") ? 0 : 1 + depthOf(s.selectionSet, seen);
        else if (s.kind === Kind.INLINE_FRAGMENT) d = depthOf(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          const next = new Set(seen).add(s.name.value);
          d = depthOf(fragments.get(s.name.value)?.selectionSet, next);
        }
        max = Math.max(max, d);
        if (max > maxDepth) return max;
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) report(context, [node], new QueryTooComplexError(`query depth ${depth} exceeds the limit of ${maxDepth} (MAX_QUERY_DEPTH)`));
      },
    };
  };
}

/** At most `maxAliases` aliased fields in a document (as GraphQL Armor's max-aliases): `a1: predict(…) a2: predict(…)` cannot multiply work unseen. */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave(node) {
          if (aliases > maxAliases) report(context, [node], new QueryTooComplexError(`${aliases} aliases exceed the limit of ${maxAliases} (MAX_QUERY_ALIASES)`));
        },
      },
    };
  };
}

/** Refuses `__schema` and `__type` when introspection is off (INTROSPECTION=false, the production default). */
export const noIntrospectionRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  Field(node) {
    if (node.name.value === "__schema" || node.name.value === "__type") {
      report(context, [node], new ForbiddenError(`introspection is disabled on this server (INTROSPECTION=false); field "${node.name.value}" is not allowed`, { reason: "INTROSPECTION_DISABLED" }));
    }
  },
});

/** graphql-js's "Did you mean …?" hints name schema members: stripped for callers who may not see the schema. */
export function stripSuggestions(errors: readonly Error[]): void {
  for (const error of errors) error.message = error.message.replace(/ ?Did you mean(.+?)\?$/, "");
}
