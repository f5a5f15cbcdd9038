/**
 * The prediction writers against real databases. SQLite (its writer thread): a stream (a large
 * batch handed over chunk by chunk) is stored whole or not at all, a group commit arriving while a
 * stream is open is acknowledged only with the stream's commit, and checkpoints follow volume.
 * PostgreSQL (COPY): exact values whatever the text holds, streams whole or not at all.
 */
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, sqlitePath } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { type PredictionWriter, type PredictionWriterOptions, openPredictionWriter } from "../../src/db/prediction-writer.ts";
import { uuidv7 } from "../../src/ids.ts";
import { createTestDatabase } from "../helpers/databases.ts";
import { predictionTable } from "../helpers/prediction-rows.ts";
import { waitFor } from "../helpers/wait.ts";

const VERSION_ID = "mv-writer-test";

function rows(n: number, requestId: string) {
  const createdAt = new Date();
  return predictionTable(
    Array.from({ length: n }, (_, i) => ({
      id: uuidv7(),
      requestId,
      modelVersionId: VERSION_ID,
      modelName: "boston-housing",
      modelVersion: 1,
      value: 20 + i / 7,
      features: { RM: 6 + i / 1000, LSTAT: 4.98 },
      imputedFeatures: i % 2 === 0 ? ["LSTAT"] : [],
      outOfRangeFeatures: [],
      latencyMs: 0.01,
      apiKeyId: null,
      createdAt,
    })),
  );
}

/** A fresh database with the model version the rows reference, and a writer on it. */
async function writerDatabase(kind: "sqlite" | "postgresql", options?: PredictionWriterOptions) {
  const database = await createTestDatabase(kind);
  await migrate(database.url);
  const db = openDatabase(database.url);
  await db.prisma.modelVersion.create({
    data: { id: VERSION_ID, name: "boston-housing", version: 1, status: "CHAMPION", aliases: "[]", algorithm: "gbdt", features: "[]", metrics: "{}", artifact: "{}", referenceStats: "{}" },
  });
  const writer = openPredictionWriter(database.url, options);
  return {
    database,
    db,
    writer,
    stored: (requestId: string) => db.prisma.prediction.findMany({ where: { requestId }, orderBy: { id: "asc" } }),
    async close() {
      await writer.close();
      await db.close();
      await database.drop();
    },
  };
}
type WriterDatabase = Awaited<ReturnType<typeof writerDatabase>>;

/** A writer database for a describe block's tests: opened before them, dropped after them. */
function useWriterDatabase(kind: "sqlite" | "postgresql"): { writer: PredictionWriter; stored: (requestId: string) => ReturnType<WriterDatabase["stored"]> } {
  let setup: WriterDatabase | undefined;
  beforeAll(async () => {
    setup = await writerDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });
  const current = () => {
    if (!setup) throw new Error("the writer database is not open yet");
    return setup;
  };
  return {
    writer: { insert: (tables) => current().writer.insert(tables), stream: () => current().writer.stream(), close: () => current().writer.close() },
    stored: (requestId) => current().stored(requestId),
  };
}

describe("SQLite prediction writer", () => {
  const { writer, stored } = useWriterDatabase("sqlite");

  it("stores a stream's chunks in one transaction, with shared and per-row values intact", async () => {
    const stream = writer.stream();
    const chunks = [rows(700, "stream-a"), rows(700, "stream-a"), rows(35, "stream-a")];
    const expected = chunks.flatMap((c) => c.ids.map((id, i) => ({ id, value: c.values[i] as number, imputed: c.imputed[i] !== 0 })));
    for (const chunk of chunks) stream.write(chunk);
    await stream.commit();
    const got = await stored("stream-a");
    expect(got).toHaveLength(1435);
    const byId = new Map(got.map((r) => [r.id, r]));
    for (const e of expected) {
      const row = byId.get(e.id)!;
      expect(row.value).toBe(e.value);
      expect(JSON.parse(row.imputedFeatures)).toEqual(e.imputed ? ["LSTAT"] : []);
      expect(row).toMatchObject({ modelVersionId: VERSION_ID, modelName: "boston-housing", modelVersion: 1, latencyMs: 0.01, apiKeyId: null, challenger: false });
    }
  });

  it("stores nothing of an aborted stream, and answers a group commit that joined it with the same failure", async () => {
    const stream = writer.stream();
    stream.write(rows(600, "stream-b"));
    // Sent while the stream's transaction is open: it joins that transaction.
    const joined = writer.insert([rows(3, "joined-b")]).then(
      () => null,
      (err: Error) => err,
    );
    stream.write(rows(600, "stream-b"));
    await stream.abort();
    expect((await joined)?.message).toMatch(/abandoned/);
    expect(await stored("stream-b")).toHaveLength(0);
    expect(await stored("joined-b")).toHaveLength(0);
  });

  it("acknowledges a group commit that joined an open stream once the stream commits", async () => {
    const stream = writer.stream();
    stream.write(rows(500, "stream-c"));
    let joinedDone = false;
    const joined = writer.insert([rows(4, "joined-c")]).then(() => {
      joinedDone = true;
    });
    stream.write(rows(500, "stream-c"));
    // The stream is still open: the joined rows are not committed, so not acknowledged.
    expect(await stored("joined-c")).toHaveLength(0);
    expect(joinedDone).toBe(false);
    await stream.commit();
    await joined;
    expect(await stored("stream-c")).toHaveLength(1000);
    expect(await stored("joined-c")).toHaveLength(4);
  });

  it("keeps serving plain inserts after a failed transaction", async () => {
    await expect(writer.insert([{ ...rows(2, "bad"), modelVersionId: "no-such-version" }])).rejects.toThrow(/FOREIGN KEY/);
    await writer.insert([rows(2, "after")]);
    expect(await stored("after")).toHaveLength(2);
    expect(await stored("bad")).toHaveLength(0);
  });

  it("checkpoints once enough rows are committed, without waiting for the interval", async () => {
    // A database of its own (the writer above has a checkpointer of its own on its file), and a
    // writer whose interval never comes: only the row count can start its checkpointer's
    // checkpoints, which copy the WAL's pages into the database file and so grow it.
    const own = await writerDatabase("sqlite", { sqliteCheckpoint: { intervalMs: 3_600_000, rows: 1000 } });
    try {
      const size = () => statSync(sqlitePath(own.database.url)).size;
      await own.writer.insert([rows(400, "volume-a")]);
      const before = size();
      await own.writer.insert([rows(1200, "volume-b")]);
      await waitFor("a checkpoint copying the committed rows into the database file", () => size() > before, { timeoutMs: 60_000 });
      expect(await own.db.prisma.prediction.count()).toBe(1600);
    } finally {
      await own.close();
    }
  });
});

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("PostgreSQL prediction writer (COPY)", () => {
  const { writer, stored } = useWriterDatabase("postgresql");

  it("stores every value exactly, text with COPY's special characters included", async () => {
    const awkward = "boston\thousing\\v2\nline\r";
    const createdAt = new Date("2026-11-30T12:34:56.789Z");
    const table = predictionTable(
      Array.from({ length: 300 }, (_, i) => ({
        id: uuidv7(),
        requestId: "copy-a",
        modelVersionId: VERSION_ID,
        modelName: awkward,
        modelVersion: 1,
        value: i === 0 ? 0.1 + 0.2 : Math.PI * (i + 1e-9),
        features: { 'R"M\\': 6 + i / 3, "LS\tTAT": i === 1 ? Number.NaN : 4.98 },
        imputedFeatures: i === 1 ? ["LS\tTAT"] : [],
        outOfRangeFeatures: i === 2 ? ['R"M\\'] : [],
        latencyMs: 1 / 3,
        apiKeyId: i % 2 === 0 ? null : "key-1",
        createdAt,
        challenger: true,
      })),
    );
    const expected = table.ids.map((id, i) => ({ id, value: table.values[i] as number, rm: table.features[2 * i] as number }));
    await writer.insert([table]);
    const got = new Map((await stored("copy-a")).map((r) => [r.id, r]));
    expect(got.size).toBe(300);
    for (const [i, e] of expected.entries()) {
      const row = got.get(e.id)!;
      expect(row).toMatchObject({ modelName: awkward, latencyMs: 1 / 3, apiKeyId: i % 2 === 0 ? null : "key-1", challenger: true, createdAt });
      expect(Object.is(row.value, e.value)).toBe(true);
      const features = JSON.parse(row.features);
      expect(features['R"M\\']).toBe(e.rm);
      expect(features["LS\tTAT"]).toBe(i === 1 ? null : 4.98);
      expect(JSON.parse(row.imputedFeatures)).toEqual(i === 1 ? ["LS\tTAT"] : []);
      expect(JSON.parse(row.outOfRangeFeatures)).toEqual(i === 2 ? ['R"M\\'] : []);
    }
  });

  it("stores a stream's chunks in one COPY, and nothing of an abandoned one", async () => {
    const done = writer.stream();
    for (const n of [700, 700, 35]) done.write(rows(n, "copy-b"));
    await done.commit();
    expect(await stored("copy-b")).toHaveLength(1435);

    const abandoned = writer.stream();
    abandoned.write(rows(600, "copy-c"));
    await abandoned.abort();
    expect(await stored("copy-c")).toHaveLength(0);
  });

  it("refuses a batch with a row the database refuses, stores none of it, and keeps working", async () => {
    const stream = writer.stream();
    stream.write(rows(500, "copy-d"));
    stream.write({ ...rows(2, "copy-d"), modelVersionId: "no-such-version" });
    await expect(stream.commit()).rejects.toThrow(/foreign key/i);
    expect(await stored("copy-d")).toHaveLength(0);
    // More attempts than the pool has connections: a refused COPY leaves its connection usable.
    for (let i = 0; i < 6; i++) await expect(writer.insert([{ ...rows(1, "copy-e"), modelVersionId: "no-such-version" }])).rejects.toThrow(/foreign key/i);
    await writer.insert([rows(3, "copy-f")]);
    expect(await stored("copy-f")).toHaveLength(3);
  });
});
