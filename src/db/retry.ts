/**
 * SQLite write-lock conflicts: a transaction that reads then writes gets SQLITE_BUSY at once (the
 * busy timeout does not apply) when another connection committed after its read — e.g. `domus
 * train` registering beside a busy server. Such a transaction has done nothing; running it again
 * from the start is safe. PostgreSQL never reports these codes, so the wrapper is a no-op there.
 */
import type { Db } from "./client.ts";

/** A transaction's client. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const BUSY = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked/i;

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; originalMessage?: unknown; meta?: { driverAdapterError?: unknown } } | null;

/**
 * Whether `err` is SQLite's lock conflict. Prisma's driver adapter reports SQLITE_BUSY as P1008
 * "Operation has timed out", with the driver's code in `meta.driverAdapterError.cause.originalCode`;
 * raw better-sqlite3 errors carry it in `code`.
 */
export function isSqliteBusy(err: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: ErrorLike, depth: number): boolean => {
    if (!e || typeof e !== "object" || depth > 5 || seen.has(e)) return false;
    seen.add(e);
    for (const text of [e.code, e.originalCode, e.message, e.originalMessage]) if (typeof text === "string" && BUSY.test(text)) return true;
    return visit(e.cause as ErrorLike, depth + 1) || visit(e.meta?.driverAdapterError as ErrorLike, depth + 1);
  };
  return visit(err as ErrorLike, 0);
}

/** Runs `transaction` again (from the start) while SQLite reports a lock conflict, with a growing jittered pause. */
export async function retryOnBusy<T>(transaction: () => Promise<T>, options: { attempts?: number; onRetry?: (attempt: number, err: unknown) => void } = {}): Promise<T> {
  const attempts = options.attempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (attempt >= attempts || !isSqliteBusy(err)) throw err;
      options.onRetry?.(attempt, err);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/**
 * Whether `client` is a SQLite Prisma client. Prisma 6 keeps the provider in `_activeProvider`
 * (test/integration/busy-sqlite.test.ts checks it, so an upgrade that drops it fails there).
 */
export function isSqliteClient(client: unknown): boolean {
  return (client as { _activeProvider?: string })._activeProvider === "sqlite";
}

/**
 * A read-then-write transaction that holds SQLite's write lock from its first statement: a no-op
 * UPDATE takes it (waiting up to the busy timeout, as BEGIN IMMEDIATE would; Prisma's adapter only
 * sends BEGIN), so no other connection can commit between its reads and its writes — beside a
 * server under write load, retrying a deferred transaction lost that race every time. Still
 * retried on a lock conflict (a busy timeout that ran out). On PostgreSQL: a plain transaction.
 */
export function writeTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const sqlite = isSqliteClient(db);
  return retryOnBusy(() =>
    db.$transaction(
      async (tx) => {
        if (sqlite) await tx.$executeRawUnsafe('UPDATE "ModelVersion" SET "id" = "id" WHERE 1 = 0');
        return fn(tx);
      },
      // The lock may take the busy timeout (5 s) to get: the transaction's own bound must be longer.
      { maxWait: 10_000, timeout: 30_000 },
    ),
  );
}
