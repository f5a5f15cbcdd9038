/**
 * NUL bytes (U+0000) in string inputs: PostgreSQL refuses them in text columns, which surfaced as
 * INTERNAL_SERVER_ERROR with the driver's message. Refused up front, on both transports, as
 * BAD_USER_INPUT naming the field: a variable by its path (`i.csv`, `o.0.predictionId`), a literal
 * by its field and argument path (`registerDataset.name`).
 */
import { type ASTNode, type DocumentNode, Kind, type OperationDefinitionNode, visit } from "graphql";
import { BadUserInputError } from "../errors.ts";

const NUL = "\u0000";

/** The path of the first string holding a NUL byte inside a variable value, or null. */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (depth > 64 || value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}.${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes(NUL)) return `${path}.${k.replaceAll(NUL, "\\0")}`;
    const found = nulPath(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Throws BadUserInputError when a variable or a string literal of the operation holds a NUL byte. */
export function refuseNulBytes(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): void {
  // A variable is named by the argument it fills (`name`, `outcomes.0.predictionId`), as other input errors are.
  const argumentOf = new Map<string, string>();
  visit(operation, {
    Argument(a) {
      if (a.value.kind === Kind.VARIABLE && !argumentOf.has(a.value.name.value)) argumentOf.set(a.value.name.value, a.name.value);
    },
  });
  for (const [name, value] of Object.entries(variables ?? {})) {
    const field = nulPath(value, argumentOf.get(name) ?? name);
    if (field) throw new BadUserInputError(`${field}: NUL bytes (U+0000) are not accepted in strings`, [{ field, message: "NUL bytes (U+0000) are not accepted in strings" }]);
  }
  // Literals: the operation and the fragments (a NUL in an unused fragment is refused too: cheap, and never stored anyway).
  for (const node of [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] as ASTNode[]) {
    const path: string[] = [];
    let found: string | null = null;
    visit(node, {
      Field: { enter: (f) => void path.push(f.name.value), leave: () => void path.pop() },
      Argument: { enter: (a) => void path.push(a.name.value), leave: () => void path.pop() },
      ObjectField: { enter: (o) => void path.push(o.name.value), leave: () => void path.pop() },
      StringValue(s) {
        if (found === null && s.value.includes(NUL)) found = path.join(".");
      },
    });
    if (found !== null) throw new BadUserInputError(`${found}: NUL bytes (U+0000) are not accepted in strings`, [{ field: found, message: "NUL bytes (U+0000) are not accepted in strings" }]);
  }
}
