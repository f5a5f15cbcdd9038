/**
 * Who may run what, decided once per operation from its root fields: `health` (and
 * `__typename`) is public; queries, subscriptions and introspection need READ; predict,
 * batchPredict, explain and recordOutcomes need PREDICT; every other mutation (setChallenger,
 * clearChallenger included) and `apiKeys` need ADMIN.
 */
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { Role } from "../common/enums.ts";

/** ADMIN > PREDICT > READ. */
export const ROLE_RANK: Record<Role, number> = { [Role.READ]: 1, [Role.PREDICT]: 2, [Role.ADMIN]: 3 };

/** Whether a caller holds at least `required` (no caller holds nothing). */
export function hasRole(principal: { role: Role } | null, required: Role): boolean {
  return principal !== null && ROLE_RANK[principal.role] >= ROLE_RANK[required];
}

const PUBLIC_FIELDS = new Set(["health", "__typename"]);
const PREDICT_MUTATIONS = new Set(["predict", "batchPredict", "explain", "recordOutcomes"]);
const ADMIN_QUERIES = new Set(["apiKeys"]);

/** Root field names of an operation, following fragment spreads and inline fragments at the root. */
export function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) names.push(selection.name.value);
    else if (selection.kind === Kind.INLINE_FRAGMENT) names.push(...rootFields(selection.selectionSet, fragments, seen));
    else if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) names.push(...rootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return names;
}

/** The role an operation needs; null when it touches only public fields. */
export function requiredRole(operation: OperationDefinitionNode, document: DocumentNode): Role | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fields = rootFields(operation.selectionSet, fragments);
  let required: Role | null = null;
  const raise = (role: Role) => {
    if (required === null || ROLE_RANK[role] > ROLE_RANK[required]) required = role;
  };
  for (const field of fields) {
    if (operation.operation === "query") {
      if (PUBLIC_FIELDS.has(field)) continue;
      raise(ADMIN_QUERIES.has(field) ? Role.ADMIN : Role.READ);
    } else if (operation.operation === "mutation") {
      if (field === "__typename") continue;
      raise(PREDICT_MUTATIONS.has(field) ? Role.PREDICT : Role.ADMIN);
    } else {
      raise(Role.READ);
    }
  }
  return required;
}
