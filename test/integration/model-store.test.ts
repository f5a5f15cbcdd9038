/** The model store's cache of explicitly requested versions (lru-cache with a fetch method). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { NotFoundError } from "../../src/errors.ts";
import { createLogger } from "../../src/logger.ts";
import { ModelStore } from "../../src/modules/models/model-store.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { createSeededDatabase } from "../helpers/server.ts";

describe("ModelStore.get", () => {
  let database: TestDatabase;
  let db: Database;
  /** Statements that read ModelVersion, counted through Prisma's query log. */
  let reads = 0;
  beforeAll(async () => {
    database = await createSeededDatabase("sqlite", 2); // v2 champion, v1 archived
    db = openDatabase(database.url, { onQuery: (sql) => void (/FROM [`"]?(main[`"]?\.[`"]?)?ModelVersion/.test(sql) && reads++) });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("loads a version once for concurrent first requests, then serves it from memory", async () => {
    const store = new ModelStore({ db: db.prisma, modelName: "boston-housing", logger: createLogger({ logLevel: "silent" }) });
    await store.refresh();
    expect(store.champion?.version).toBe(2);
    reads = 0;
    const loaded = await Promise.all(Array.from({ length: 10 }, () => store.get(1)));
    expect(reads).toBe(1);
    expect(new Set(loaded).size).toBe(1);
    expect(loaded[0]!.version).toBe(1);
    await store.get(1);
    expect(reads).toBe(1);
    // The champion is never read through the cache.
    expect(await store.get(2)).toBe(store.champion);
    expect(reads).toBe(1);
  });

  it("does not cache a failed load", async () => {
    const store = new ModelStore({ db: db.prisma, modelName: "boston-housing", logger: createLogger({ logLevel: "silent" }) });
    reads = 0;
    await expect(store.get(99)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.get(99)).rejects.toThrow("model boston-housing has no version 99");
    expect(reads).toBe(2);
  });
});
