/**
 * SQLite monitoring reads run in a thread of their own (src/db/read-thread.ts): a long read never
 * blocks the serving event loop, reads return what the main connection returns, writes are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, sqlitePath } from "../../src/db/client.ts";
import { threadedReader } from "../../src/db/read-thread.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { createSeededDatabase } from "../helpers/server.ts";

describe("the SQLite read thread", () => {
  let database: TestDatabase;
  let main: Database;
  let reader: ReturnType<typeof threadedReader>;
  beforeAll(async () => {
    database = await createSeededDatabase("sqlite");
    main = openDatabase(database.url);
    reader = threadedReader(sqlitePath(database.url));
  }, 120_000);
  afterAll(async () => {
    await reader?.close();
    await main?.close();
    await database?.drop();
  });

  it("reads what the main connection reads (rows, dates, counts, groups)", async () => {
    const args = { select: { version: true, status: true, createdAt: true }, orderBy: { version: "asc" as const } };
    expect(await reader.prisma.modelVersion.findMany(args)).toEqual(await main.prisma.modelVersion.findMany(args));
    expect(await reader.prisma.modelVersion.count()).toBe(await main.prisma.modelVersion.count());
    const groups = { by: ["status" as const], _count: { _all: true as const } };
    expect(await reader.prisma.modelVersion.groupBy(groups)).toEqual(await main.prisma.modelVersion.groupBy(groups));
  });

  it("keeps the event loop free during a long read", async () => {
    // A read of ~10^7 generated rows: seconds of SQLite work. On the serving thread (better-sqlite3
    // is synchronous) no callback could run until it returned; here the loop keeps turning.
    let hops = 0;
    let done = false;
    const read = reader.prisma
      .$queryRawUnsafe<{ n: number | bigint }[]>("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000) SELECT count(*) AS n FROM c")
      .finally(() => {
        done = true;
      });
    const spin = (async () => {
      while (!done) {
        await new Promise((resolve) => setImmediate(resolve));
        hops++;
      }
    })();
    const [rows] = await Promise.all([read, spin]);
    expect(Number(rows[0]!.n)).toBe(10_000_000);
    expect(hops).toBeGreaterThan(100);
  }, 120_000);

  it("refuses writes and names the call", async () => {
    expect(() => (reader.prisma.prediction as unknown as { deleteMany(): unknown }).deleteMany()).toThrow("the read connection only reads: prediction.deleteMany is not available");
    expect(() => reader.prisma.$transaction([])).toThrow("the read connection does not support $transaction");
  });

  it("reports a failed read as an error", async () => {
    await expect(reader.prisma.$queryRawUnsafe("SELECT * FROM no_such_table")).rejects.toThrow(/read failed:[\s\S]*no_such_table/);
  });
});
