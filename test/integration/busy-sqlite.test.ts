/**
 * #29: registration never loses a result to `database is locked`. On SQLite a transaction that
 * reads and then writes fails at once when another connection (another process: a server beside
 * `domus train`) commits between its read and its write; retryOnBusy runs it again from the start.
 * The conflict is produced deterministically: connection B commits while A's transaction is
 * between its read and its write.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import BetterSqlite3 from "better-sqlite3";
import { type Database, openDatabase, sqlitePath } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { isSqliteBusy, isSqliteClient, retryOnBusy } from "../../src/db/retry.ts";
import { type TestDatabase, createTestDatabase } from "../helpers/databases.ts";

describe("read-then-write transactions beside another SQLite writer", () => {
  let testDb: TestDatabase;
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase("sqlite");
    await migrate(testDb.url);
    a = openDatabase(testDb.url);
    b = openDatabase(testDb.url);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await testDb?.drop();
  });

  /** A's transaction reads the experiment count, lets B commit (first attempt only), then writes. */
  async function readThenWrite(name: string, interleave: { first: boolean }) {
    return a.prisma.$transaction(async (tx) => {
      const n = await tx.experiment.count();
      if (interleave.first) {
        interleave.first = false;
        await b.prisma.experiment.create({ data: { name: `${name}-from-b` } });
      }
      return tx.experiment.create({ data: { name: `${name}-${n}` }, select: { name: true } });
    });
  }

  it("without a retry the conflict loses the write (the failure #29 reports)", async () => {
    const err = await readThenWrite("plain", { first: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).not.toBeNull();
    expect(isSqliteBusy(err)).toBe(true);
  });

  it("with retryOnBusy the transaction runs again and its write lands, reading B's commit", async () => {
    const retries: number[] = [];
    const interleave = { first: true };
    const before = await a.prisma.experiment.count();
    const created = await retryOnBusy(() => readThenWrite("retried", interleave), { onRetry: (attempt) => retries.push(attempt) });
    expect(retries).toEqual([1]);
    // The retry read the count after B's row: before + B's row.
    expect(created.name).toBe(`retried-${before + 1}`);
    expect(await a.prisma.experiment.count()).toBe(before + 2);
  });

  it("recognises a write that waited out the busy timeout (Prisma's P1008 with the driver's SQLITE_BUSY inside)", async () => {
    // Another process holds the write lock longer than the client's busy timeout (5 s): Prisma's
    // adapter answers P1008 "Operation has timed out", which is a lock conflict to retry, not a failure.
    const path = sqlitePath(testDb.url);
    const holder = new BetterSqlite3(path);
    holder.exec("BEGIN IMMEDIATE");
    let released = false;
    try {
      const err = await a.prisma.experiment.create({ data: { name: "waited" } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect((err as { code?: string } | null)?.code).toBe("P1008");
      expect(isSqliteBusy(err)).toBe(true);
      // Retried: the lock is released after the first failure and the write lands.
      const created = await retryOnBusy(() => a.prisma.experiment.create({ data: { name: "waited" }, select: { name: true } }), {
        onRetry: () => {
          if (!released) {
            holder.exec("ROLLBACK");
            released = true;
          }
        },
      });
      expect(created.name).toBe("waited");
    } finally {
      if (!released) holder.exec("ROLLBACK");
      holder.close();
    }
  }, 60_000);

  it("knows a SQLite client (writeTransaction takes the write lock first only there)", () => {
    expect(isSqliteClient(a.prisma)).toBe(true);
    expect(isSqliteClient({})).toBe(false);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    await expect(
      retryOnBusy(async () => {
        calls++;
        throw new Error("Unique constraint failed on the fields: (`name`)");
      }),
    ).rejects.toThrow(/Unique constraint/);
    expect(calls).toBe(1);
  });
});
