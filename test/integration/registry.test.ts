/** Training and registration against a real database: recorded runs, the quality gate, exact artifacts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readHousingCsv } from "../../pipeline/dataset.ts";
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions, type PipelineResult, runPipeline } from "../../pipeline/experiments.ts";
import { loadConfig } from "../../src/config.ts";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { ModelStore, toServingModel } from "../../src/modules/models/model-store.ts";
import { TrainingRecorder } from "../../src/modules/training/recorder.ts";
import { type ChampionAtStart, championAtStart, registerBestRun } from "../../src/modules/training/registration.ts";
import { trainAndRegister, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { DATABASE_KINDS, type TestDatabase, createTestDatabase } from "../helpers/databases.ts";
import { FIRST_ROW, TEST_MODEL, startTestServer } from "../helpers/server.ts";

const logger = createLogger({ logLevel: "silent" });
const data = readHousingCsv("data/HousingData.csv");
const options = { ...DEFAULT_PIPELINE_OPTIONS, workers: 0 };
const SMALL: PipelineOptions["only"] = TEST_MODEL;
const SHALLOW: PipelineOptions["only"] = { algorithm: "gbdt", params: { nEstimators: 5, maxDepth: 1, learningRate: 0.1 } };
const small = await runPipeline(data, { ...options, only: SMALL });

/** Runs the pipeline (refitting the current champion on its folds), records its runs, then registers its best run. */
async function record(db: Database, only: PipelineOptions["only"], gate = { minTestR2: 0.75, rmseTolerance: 0 }, championBefore?: ChampionAtStart | null) {
  const champion = championBefore === undefined ? await championAtStart(db.prisma, "boston-housing") : championBefore;
  const result: PipelineResult = await runPipeline(data, { ...options, only, ...(champion && "configuration" in champion ? { compareWith: champion.configuration } : {}) });
  const recorder = new TrainingRecorder(db.prisma, "");
  for (const run of result.runs) {
    await recorder.hooks.onRunStart({ experiment: run.experiment, experimentDescription: run.experimentDescription, name: run.name, algorithm: run.algorithm, startedAt: run.startedAt });
    await recorder.hooks.onRunEnd(run);
  }
  const runId = recorder.runId(result.best.experiment, result.best.name)!;
  return registerBestRun(db.prisma, result, runId, { modelName: "boston-housing", gate, champion });
}

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

  it("rejects a version below the R² gate, storing the reason", async () => {
    const result = await record(database, SHALLOW);
    expect(result).toMatchObject({ version: 1, status: "REJECTED", gate: { passed: false, comparedWithVersion: null, metrics: { min_test_r2: 0.75 } } });
    expect(result.gate.reason).toMatch(/test R² 0\.\d+ < 0\.75/);
    const row = await database.prisma.modelVersion.findUniqueOrThrow({ where: { id: result.modelVersionId } });
    expect(row.status).toBe("REJECTED");
    expect(row.promotedAt).toBeNull();
    expect(JSON.parse(row.gate!).reason).toBe(result.gate.reason);
    const events = await database.prisma.modelEvent.findMany({ where: { modelVersionId: row.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["REGISTERED", "REJECTED"]);
  });

  it("promotes a version that passes the gate, then rejects one worse than the champion refitted on the same folds", async () => {
    const first = await record(database, SMALL);
    expect(first).toMatchObject({ version: 2, status: "CHAMPION" });
    // Same model again: its refit scores exactly the candidate's CV — a tie, not an improvement.
    const same = await record(database, SMALL);
    expect(same).toMatchObject({ version: 3, status: "REJECTED", gate: { passed: false, comparedWithVersion: 2 } });
    expect(same.gate.reason).toMatch(/^identical to v2: CV RMSE \d+\.\d{4} on the same \d+ folds/);
    expect(same.gate.metrics.champion_cv_rmse).toBe(same.gate.metrics.candidate_cv_rmse);
    expect(same.gate.metrics.candidate_cv_rmse).toBe(small.best.metrics.cv_rmse_fresh_mean);
    // A worse model with R² above a lowered bar is still refused: worse than the champion by CV.
    const worse = await record(database, SHALLOW, { minTestR2: -10, rmseTolerance: 0 });
    expect(worse.status).toBe("REJECTED");
    expect(worse.gate.reason).toMatch(/CV RMSE \d+\.\d+ is worse than champion v2's \d+\.\d+ refitted on the same folds/);
    expect(worse.gate.metrics.candidate_cv_rmse).toBeGreaterThan(worse.gate.metrics.champion_cv_rmse!);
    expect(worse.gate.metrics.p_value).toBeGreaterThan(0.5);
    const statuses = await database.prisma.modelVersion.findMany({ orderBy: { version: "asc" }, select: { version: true, status: true } });
    expect(statuses).toEqual([
      { version: 1, status: "REJECTED" },
      { version: 2, status: "CHAMPION" },
      { version: 3, status: "REJECTED" },
      { version: 4, status: "REJECTED" },
    ]);
  });

  it("rejects, naming why, when the champion changed during training or cannot be refitted", async () => {
    // Training started with no champion (or another one); v2 became champion meanwhile.
    const changed = await record(database, SMALL, undefined, null);
    expect(changed).toMatchObject({ version: 5, status: "REJECTED", gate: { passed: false, comparedWithVersion: 2 } });
    expect(changed.gate.reason).toBe("champion v2 could not be compared like with like: the champion changed during training (none → v2); train again to compare with it");
    const gone = await record(database, SMALL, undefined, { version: 2, error: "its training run (its hyperparameters) is no longer recorded" });
    expect(gone).toMatchObject({ version: 6, status: "REJECTED" });
    expect(gone.gate.reason).toMatch(/champion v2 could not be compared like with like: its training run/);
  });

  it("stores the artifact exactly: the served model predicts bit-identically to the trained one", async () => {
    const row = await database.prisma.modelVersion.findFirstOrThrow({ where: { status: "CHAMPION" } });
    // The artifact is the fitted model (formatVersion 2) plus its CV+ calibration (docs/intervals.md).
    const { calibration: stored, formatVersion, ...model } = JSON.parse(row.artifact);
    expect(formatVersion).toBe(2);
    expect(stored.name).toBe("CvPlusCalibration");
    expect({ ...model, formatVersion: 1 }).toEqual(JSON.parse(small.best.fit.modelJson));
    expect(row.artifact).toBe((small.calibration as { artifactJson: string }).artifactJson);
    const served = toServingModel(row).model;
    // testPred was computed by the in-memory model right after fitting; the stored one must agree to the bit.
    expect(served.predict(small.testRows)).toEqual(small.best.fit.testPred);
    served.predict(small.testRows).forEach((v, i) => {
      expect(v).toBe(small.best.fit.testPred[i]);
    });
    expect(JSON.parse(row.metrics)).toEqual(small.best.metrics);
    expect(JSON.parse(row.referenceStats).rows).toHaveLength(404);
  });

  it("records runs with metrics and SVG artifacts", async () => {
    const run = await database.prisma.run.findFirstOrThrow({ where: { status: "FINISHED" }, include: { metrics: true, artifacts: true } });
    expect(run.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(["test_rmse", "test_r2", "cv_rmse_mean", "cv_rmse_std", "train_rmse"]));
    expect(run.artifacts.map((a) => a.name).sort()).toEqual(["feature_importance.svg", "predicted_vs_actual.svg", "residuals.svg", "shap_summary.svg"]);
    for (const a of run.artifacts) {
      expect(a.contentType).toBe("image/svg+xml");
      expect(Buffer.from(a.content).toString("utf8")).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  });

  it("loads the champion into the model store and refuses rejected versions", async () => {
    const store = new ModelStore({ db: database.prisma, modelName: "boston-housing", logger });
    await store.refresh();
    expect(store.champion?.version).toBe(2);
    await expect(store.get(1)).rejects.toThrow(/rejected by the quality gate/);
    await expect(store.get(3)).rejects.toThrow(/rejected by the quality gate/);
    expect((await store.get(2)).version).toBe(2);
    await expect(store.get(9)).rejects.toThrow(/has no version 9/);
  });

  it("marks the runs FAILED and registers nothing when the pipeline crashes", async () => {
    const before = await database.prisma.modelVersion.count();
    const config = loadConfig({ DATABASE_URL: testDb.url, TRAIN_WORKERS: "0" });
    const request = { ...trainingRequestFromConfig(config, "full", false), only: { algorithm: "gbdt" as const, params: { maxDepth: -3 } } };
    await expect(trainAndRegister(database.prisma, request, logger)).rejects.toThrow(/maxDepth/);
    const failed = await database.prisma.run.findFirstOrThrow({ where: { status: "FAILED" } });
    expect(failed.error).toMatch(/maxDepth/);
    expect(failed.finishedAt).not.toBeNull();
    expect(await database.prisma.modelVersion.count()).toBe(before);
  });

  it("rolls back the whole registration when a write fails", async () => {
    const versions = await database.prisma.modelVersion.count();
    const events = await database.prisma.modelEvent.count();
    const db = database.prisma;
    const failing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== "$transaction") return Reflect.get(target, prop, receiver);
        return (fn: (tx: unknown) => Promise<unknown>) =>
          target.$transaction(async (tx) =>
            fn(
              new Proxy(tx, {
                get(t, p, r) {
                  if (p !== "modelEvent") return Reflect.get(t, p, r);
                  return { create: () => Promise.reject(new Error("disk full")) };
                },
              }),
            ),
          );
      },
    });
    // The ModelVersion insert succeeds inside the transaction, then the event write fails.
    await expect(record({ ...database, prisma: failing as typeof db }, SMALL)).rejects.toThrow(/disk full/);
    expect(await database.prisma.modelVersion.count()).toBe(versions);
    expect(await database.prisma.modelEvent.count()).toBe(events);
  });
});

describe("a server without a champion", () => {
  it("is live but not ready, and answers predict with MODEL_NOT_READY", async () => {
    const server = await startTestServer("sqlite", {}, { train: false });
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
