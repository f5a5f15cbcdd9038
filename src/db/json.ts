/**
 * JSON text columns. Prisma's query path rounds numbers to 16 significant digits, so structured
 * values are stored as text we serialise ourselves: JSON.stringify writes the shortest string that
 * reads back to the identical double, so everything round-trips bit for bit.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

export function parseJsonText<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === "") return fallback;
  return JSON.parse(text) as T;
}
