/** Training and registration against a real database: transactions, the quality gate, exact artifacts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readHousingCsv } from "../../pipeline/dataset.ts";
import { registerTraining } from "../../pipeline/register.ts";
import { runTraining } from "../../pipeline/run.ts";
import { trainRidge } from "../../pipeline/train.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { ModelStore, toServingModel } from "../../src/modules/models/model-store.ts";
import { DATABASE_KINDS, type TestDatabase, createTestDatabase } from "../helpers/databases.ts";
import { FIRST_ROW, startTestServer } from "../helpers/server.ts";

const logger = createLogger({ logLevel: "silent" });
const data = readHousingCsv("data/HousingData.csv");
const outcome = trainRidge(data);
const options = (minTestR2: number) => ({ modelName: "boston-housing", experimentName: "baseline-ridge", runName: "r", gate: { minTestR2 } });

describe.each(DATABASE_KINDS)("registry on %s", (kind) => {
  let testDb: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await migrate(testDb.url);
    database = openDatabase(testDb.url);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  it("rejects a version below the quality gate and never makes it champion", async () => {
    const result = await registerTraining(database.prisma, outcome, options(0.99));
    expect(result).toMatchObject({ version: 1, status: "REJECTED", gate: { passed: false, threshold: 0.99 } });
    const row = await database.prisma.modelVersion.findUniqueOrThrow({ where: { id: result.modelVersionId } });
    expect(row.promotedAt).toBeNull();
    const events = await database.prisma.modelEvent.findMany({ where: { modelVersionId: row.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["REGISTERED", "REJECTED"]);
  });

  it("makes the first version that passes the gate champion, later ones candidates", async () => {
    const first = await registerTraining(database.prisma, outcome, options(0.6));
    expect(first).toMatchObject({ version: 2, status: "CHAMPION" });
    const second = await registerTraining(database.prisma, outcome, options(0.6));
    expect(second).toMatchObject({ version: 3, status: "CANDIDATE" });
    const champions = await database.prisma.modelVersion.findMany({ where: { status: "CHAMPION" } });
    expect(champions.map((c) => c.version)).toEqual([2]);
    expect(JSON.parse(champions[0]!.aliases)).toEqual(["champion"]);
  });

  it("stores the artifact exactly: the served model predicts bit-identically to the trained one", async () => {
    const row = await database.prisma.modelVersion.findFirstOrThrow({ where: { status: "CHAMPION" } });
    expect(row.artifact).toBe(JSON.stringify(outcome.model));
    const served = toServingModel(row).model;
    for (const r of data.rows.slice(0, 50)) expect(served.predict([r])[0]).toBe(outcome.model.predict([r])[0]);
    expect(JSON.parse(row.metrics)).toEqual(outcome.metrics);
    expect(JSON.parse(row.referenceStats).rows).toHaveLength(404);
  });

  it("loads the champion into the model store", async () => {
    const store = new ModelStore(database.prisma, "boston-housing", logger);
    await store.refresh();
    expect(store.champion?.version).toBe(2);
    await expect(store.get(1)).rejects.toThrow(/rejected by the quality gate/);
    expect((await store.get(3)).version).toBe(3);
    await expect(store.get(9)).rejects.toThrow(/has no version 9/);
  });

  it("records a failed run with its error and registers nothing when the data is bad", async () => {
    const before = await database.prisma.modelVersion.count();
    await expect(
      runTraining(database.prisma, { dataPath: "data/does-not-exist.csv", trainSeed: 42, modelName: "boston-housing", qualityGateMinR2: 0.6 }, logger),
    ).rejects.toThrow(/cannot read the dataset/);
    const failed = await database.prisma.run.findFirstOrThrow({ where: { status: "FAILED" } });
    expect(failed.error).toMatch(/cannot read the dataset data\/does-not-exist\.csv/);
    expect(failed.finishedAt).not.toBeNull();
    expect(await database.prisma.modelVersion.count()).toBe(before);
  });

  it("rolls back the whole registration when a write fails", async () => {
    const runs = await database.prisma.run.count();
    // The ModelVersion insert fails after the Experiment, Run and metrics were written in the same transaction.
    const db = database.prisma;
    const failing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== "$transaction") return Reflect.get(target, prop, receiver);
        return (fn: (tx: unknown) => Promise<unknown>) =>
          target.$transaction(async (tx) =>
            fn(
              new Proxy(tx, {
                get(t, p, r) {
                  if (p !== "modelVersion") return Reflect.get(t, p, r);
                  const mv = Reflect.get(t, p, r) as typeof tx.modelVersion;
                  return { ...mv, findFirst: mv.findFirst.bind(mv), findUnique: mv.findUnique.bind(mv), create: () => Promise.reject(new Error("disk full")) };
                },
              }),
            ),
          );
      },
    });
    await expect(registerTraining(failing, outcome, options(0.6))).rejects.toThrow(/disk full/);
    expect(await database.prisma.run.count()).toBe(runs);
  });
});

describe("a server without a champion", () => {
  it("is live but not ready, and answers predict with MODEL_NOT_READY", async () => {
    const server = await startTestServer("sqlite", { TRAIN_ON_START: "false" });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, database: true, championVersion: null, reasons: ["no champion model loaded"] });
      const res = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", { i: FIRST_ROW });
      expect(res.errors![0]!.extensions.code).toBe("MODEL_NOT_READY");
      const health = await server.gql("{ health { status championVersion } }");
      expect(health.data!.health).toEqual({ status: "degraded", championVersion: null });
    } finally {
      await server.close();
    }
  });
});
