/**
 * Who may run what. Each resolver declares its access next to the operation with type-graphql's
 * `@Authorized(...)`: `@Authorized(Role.PREDICT)` needs at least PREDICT (ADMIN > PREDICT > READ),
 * `@Authorized(PUBLIC)` needs no key. One `authChecker` enforces it on every field that carries it;
 * the request pipeline checks the same roles once per operation, before anything executes, from
 * the table `accessTable()` derives from type-graphql's metadata (and the README's table is
 * printed from the same). A root field without `@Authorized` is refused at start-up: nothing
 * becomes public by omission.
 */
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { type AuthChecker, getMetadataStorage } from "type-graphql";
import { ForbiddenError, UnauthenticatedError } from "../../errors.ts";
import { Role } from "../common/enums.ts";

/** The access of an operation that needs no key (`health`). */
export const PUBLIC = "PUBLIC";
export type Access = Role | typeof PUBLIC;

/** ADMIN > PREDICT > READ. */
export const ROLE_RANK: Record<Role, number> = { [Role.READ]: 1, [Role.PREDICT]: 2, [Role.ADMIN]: 3 };

/** Whether a caller holds at least `required` (no caller holds nothing). */
export function hasRole(principal: { role: Role } | null, required: Role): boolean {
  return principal !== null && ROLE_RANK[principal.role] >= ROLE_RANK[required];
}

/** The access a list of `@Authorized` roles grants: the least of them (PUBLIC below every role). */
function leastAccess(roles: readonly Access[]): Access {
  if (roles.length === 0 || roles.includes(PUBLIC)) return PUBLIC;
  return (roles as Role[]).reduce((a, b) => (ROLE_RANK[a] <= ROLE_RANK[b] ? a : b));
}

/** The error for a caller that lacks `required` (null when it may go on). */
export function accessDenied(principal: { role: Role; name: string } | null, required: Access, apiKeyPresented: boolean): Error | null {
  if (required === PUBLIC || hasRole(principal, required)) return null;
  if (!principal) return new UnauthenticatedError(apiKeyPresented ? "invalid or revoked API key" : undefined);
  return new ForbiddenError(`this operation needs the ${required} role; key "${principal.name}" has ${principal.role}`);
}

/** type-graphql's authChecker: the role a field's `@Authorized` names, for the request's key. */
export const authChecker: AuthChecker<{ principal: { role: Role; name: string } | null; apiKeyPresented: boolean }, Access> = ({ context }, roles) => {
  const denied = accessDenied(context.principal, leastAccess(roles), context.apiKeyPresented);
  if (denied) throw denied;
  return true;
};

export type OperationKind = "query" | "mutation" | "subscription";

/** Root field → the access its resolver declares, per operation kind. */
export type AccessTable = Record<OperationKind, ReadonlyMap<string, Access>>;

/** Introspection reveals the schema: a READ key, like every other query. */
const INTROSPECTION: ReadonlyMap<string, Access> = new Map<string, Access>([
  ["__typename", PUBLIC],
  ["__schema", Role.READ],
  ["__type", Role.READ],
]);

/** The access table from type-graphql's metadata (call after the resolvers are imported). */
export function accessTable(): AccessTable {
  const storage = getMetadataStorage();
  const declared = (target: Function, field: string): Access | undefined => {
    const onField = storage.authorizedFields.find((a) => a.target === target && a.fieldName === field);
    const onClass = storage.authorizedResolver.find((a) => a.target === target);
    const roles = (onField ?? onClass)?.roles as Access[] | undefined;
    return roles ? leastAccess(roles) : undefined;
  };
  const build = (resolvers: readonly { target: Function; methodName: string; schemaName: string }[]) => {
    const table = new Map<string, Access>(INTROSPECTION);
    for (const r of resolvers) {
      const access = declared(r.target, r.methodName);
      if (!access) throw new Error(`${r.target.name}.${r.methodName} (${r.schemaName}) has no @Authorized(...): declare its role, or PUBLIC`);
      table.set(r.schemaName, access);
    }
    return table;
  };
  return { query: build(storage.queries), mutation: build(storage.mutations), subscription: build(storage.subscriptions) };
}

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

const requiredCache = new WeakMap<OperationDefinitionNode, Access>();

/** The access an operation needs: the highest of its root fields'. Unknown fields need ADMIN (validation refuses them anyway). */
export function requiredAccess(table: AccessTable, operation: OperationDefinitionNode, document: DocumentNode): Access {
  const cached = requiredCache.get(operation);
  if (cached) return cached;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const byField = table[operation.operation];
  let required: Access = PUBLIC;
  for (const field of rootFields(operation.selectionSet, fragments)) {
    const access = byField.get(field) ?? Role.ADMIN;
    if (access !== PUBLIC && (required === PUBLIC || ROLE_RANK[access] > ROLE_RANK[required])) required = access;
  }
  requiredCache.set(operation, required);
  return required;
}

/** The access table as Markdown rows (docs/security.md "Access"): one per root field. */
export function accessTableMarkdown(table: AccessTable): string {
  const lines = ["| Operation | Field | Needs |", "|---|---|---|"];
  for (const kind of ["query", "mutation", "subscription"] as const) {
    for (const [field, access] of [...table[kind]].filter(([f]) => !f.startsWith("__")).sort((a, b) => a[0].localeCompare(b[0]))) {
      lines.push(`| ${kind} | \`${field}\` | ${access === PUBLIC ? "no key" : access} |`);
    }
  }
  return lines.join("\n");
}
