/**
 * The request pipeline's validation rules (run with graphql's own on HTTP and WebSocket alike):
 * depth, aliases, fragment spreads and the introspection policy. Each reports a Domus error, so the refusal carries
 * its contract code and HTTP status.
 */
import { type ASTVisitor, type DocumentNode, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext, type ValidationRule } from "graphql";
import { type DomusError, ForbiddenError, QueryTooComplexError } from "../errors.ts";

function report(context: ValidationContext, node: Parameters<ValidationContext["reportError"]>[0]["nodes"], error: DomusError): void {
  context.reportError(new GraphQLError(error.message, { nodes: node, originalError: error, extensions: { code: error.code } }));
}

/** The fragments of a document by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/**
 * A number computed over a selection set with fragments expanded, each fragment computed once
 * (memoised by name): a "fragment bomb" — F0 spreads F1 twice, F1 spreads F2 twice, … — is linear
 * work here, not 2^k visits. A cycle (which graphql's NoFragmentCycles refuses) counts as 0.
 */
function perFragment(document: DocumentNode, measure: (selectionSet: SelectionSetNode, spread: (name: string) => number) => number): (selectionSet: SelectionSetNode) => number {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, number>();
  const spread = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    memo.set(name, 0); // in progress: a cycle counts 0
    const value = fragment ? measure(fragment.selectionSet, spread) : 0;
    memo.set(name, value);
    return value;
  };
  return (selectionSet) => measure(selectionSet, spread);
}

function selectionDepth(selectionSet: SelectionSetNode | undefined, spread: (name: string) => number): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const s of selectionSet.selections) {
    const d =
      s.kind === Kind.FIELD
        ? s.name.value.startsWith("__")
          ? 0
          : 1 + selectionDepth(s.selectionSet, spread)
        : s.kind === Kind.INLINE_FRAGMENT
          ? selectionDepth(s.selectionSet, spread)
          : spread(s.name.value);
    if (d > max) max = d;
  }
  return max;
}

function selectionAliases(selectionSet: SelectionSetNode | undefined, spread: (name: string) => number): number {
  if (!selectionSet) return 0;
  let total = 0;
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) total += (s.alias ? 1 : 0) + selectionAliases(s.selectionSet, spread);
    else if (s.kind === Kind.INLINE_FRAGMENT) total += selectionAliases(s.selectionSet, spread);
    else total += spread(s.name.value);
  }
  return total;
}

/** Maximum depth of a query's selections (fragments followed, each computed once); deeper documents fail validation. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const depthOf = perFragment(context.getDocument(), selectionDepth);
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet);
        if (depth > maxDepth) report(context, [node], new QueryTooComplexError(`query depth ${depth} exceeds the limit of ${maxDepth} (MAX_QUERY_DEPTH)`));
      },
    };
  };
}

/**
 * At most `maxAliases` aliased fields in an operation, counted as it executes (each spread of a
 * fragment counts its aliases, computed once per fragment), as GraphQL Armor's max-aliases:
 * `a1: predict(…) a2: predict(…)` cannot multiply work unseen, through fragments neither.
 */
export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const aliasesOf = perFragment(context.getDocument(), selectionAliases);
    return {
      OperationDefinition(node) {
        const aliases = aliasesOf(node.selectionSet);
        if (aliases > maxAliases) report(context, [node], new QueryTooComplexError(`${aliases} aliases exceed the limit of ${maxAliases} (MAX_QUERY_ALIASES)`));
      },
    };
  };
}

/** At most `maxSpreads` fragment spreads (`...Name`) written in a document (MAX_FRAGMENT_SPREADS). */
export function fragmentSpreadLimitRule(maxSpreads: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let spreads = 0;
    return {
      FragmentSpread() {
        spreads++;
      },
      Document: {
        leave(node) {
          if (spreads > maxSpreads) report(context, [node], new QueryTooComplexError(`${spreads} fragment spreads exceed the limit of ${maxSpreads} (MAX_FRAGMENT_SPREADS)`));
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
