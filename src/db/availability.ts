/** Recognises "the database is not there" failures (as opposed to bad data), from pg, SQLite and Prisma. */
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_CANTOPEN", "P1001", "P1002", "P1017"]);
const CONNECTION_MESSAGES = /connection terminated|terminating connection|timeout exceeded when trying to connect|connect ECONNREFUSED|database is locked|Can't reach database|server closed the connection|Connection ended unexpectedly|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === "string" && (CONNECTION_CODES.has(e.code) || /^(08|57P0)/.test(e.code))) return true;
  if (typeof e.message === "string" && CONNECTION_MESSAGES.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== err ? isDatabaseUnavailable(e.cause) : false;
}

/** A unique constraint refused a write (Prisma P2002, or the driver's own words). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === "P2002" || /unique constraint|UNIQUE constraint failed|duplicate key/i.test(e?.message ?? "");
}
