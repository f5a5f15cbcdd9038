/**
 * SQLite write-lock conflicts: a transaction that reads then writes gets SQLITE_BUSY at once (the
 * busy timeout does not apply) when another connection committed after its read — e.g. `domus
 * train` registering beside a busy server. Such a transaction has done nothing; running it again
 * from the start is safe. PostgreSQL never reports these codes, so the wrapper is a no-op there.
 */
const BUSY = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked/i;

export function isSqliteBusy(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | null, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && BUSY.test(e.code)) return true;
    if (typeof e.message === "string" && BUSY.test(e.message)) return true;
  }
  return false;
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
