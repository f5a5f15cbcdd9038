/**
 * The walking skeleton end to end over HTTP: a real server on an ephemeral port, its own
 * database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), a model trained at start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES } from "../../pipeline/dataset.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

const PREDICT = `mutation Predict($input: HousingFeaturesInput!, $modelVersion: Int) {
  predict(input: $input, modelVersion: $modelVersion) {
    id requestId value modelName modelVersion features imputedFeatures outOfRangeFeatures latencyMs createdAt
  }
}`;
const BATCH = `mutation Batch($inputs: [HousingFeaturesInput!]!) {
  batchPredict(inputs: $inputs) { count modelVersion totalLatencyMs predictions { id value imputedFeatures outOfRangeFeatures } }
}`;

describe.each(DATABASE_KINDS)("serving on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The champion's own prediction for a raw row, computed without the server. */
  const expected = (row: Record<string, number | null>) => {
    const champion = server.app.services.modelStore.champion!;
    return champion.model.predict([champion.model.features.map((f) => row[f] ?? Number.NaN)])[0]!;
  };

  it("is live and ready with a champion trained at start", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, database: true, championVersion: 1 });
    const { data } = await server.gql("{ health { status database championVersion version uptimeSeconds } }");
    expect(data?.health).toMatchObject({ status: "ok", database: true, championVersion: 1 });
  });

  it("predicts with the champion and stores the prediction before answering", async () => {
    const res = await server.gql(PREDICT, { input: FIRST_ROW }, { "x-request-id": "req-first-row" });
    expect(res.errors).toBeUndefined();
    const p = res.data!.predict;
    expect(p.value).toBeCloseTo(expected(FIRST_ROW), 10);
    expect(p.value).toBeGreaterThan(15); // true MEDV 24.0
    expect(p.value).toBeLessThan(35);
    expect(p).toMatchObject({ requestId: "req-first-row", modelName: "boston-housing", modelVersion: 1, imputedFeatures: [], outOfRangeFeatures: [] });
    expect(p.features).toEqual(FIRST_ROW);
    expect(p.latencyMs).toBeGreaterThan(0);
    expect(res.headers.get("x-request-id")).toBe("req-first-row");
    const stored = await server.app.database.prisma.prediction.findUnique({ where: { id: p.id } });
    // Exact: the stored double is the one returned (Prisma's write path would round it; ours does not).
    expect(stored).toMatchObject({ requestId: "req-first-row", modelVersion: 1 });
    expect(stored!.value).toBe(p.value);
    expect(JSON.parse(stored!.features)).toEqual(FIRST_ROW);
    expect(stored!.createdAt.toISOString()).toBe(p.createdAt);
  });

  it("imputes missing optional features with the training medians and mode, and lists them", async () => {
    const { ZN, INDUS, CHAS, ...required } = FIRST_ROW;
    const res = await server.gql(PREDICT, { input: required });
    expect(res.errors).toBeUndefined();
    const p = res.data!.predict;
    expect(p.imputedFeatures).toEqual(["ZN", "INDUS", "CHAS"]);
    const imputer = server.app.services.modelStore.champion!.model.imputer;
    expect(p.features.ZN).toBe(imputer.statistics[FEATURES.indexOf("ZN")]);
    expect(p.features.INDUS).toBe(imputer.statistics[FEATURES.indexOf("INDUS")]);
    expect(p.features.CHAS).toBe(0); // mode of the 0/1 dummy
    expect(p.value).toBeCloseTo(expected({ ...required, ZN: null, INDUS: null, CHAS: null }), 10);
    // explicit nulls are missing values too
    const nulls = await server.gql(PREDICT, { input: { ...FIRST_ROW, ZN: null } });
    expect(nulls.data!.predict.imputedFeatures).toEqual(["ZN"]);
  });

  it("accepts values outside the training range and flags them", async () => {
    const res = await server.gql(PREDICT, { input: { ...FIRST_ROW, CRIM: 150, RM: 15 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.predict.outOfRangeFeatures).toEqual(["CRIM", "RM"]);
  });

  it("keeps batch results in input order and stores every row", async () => {
    const inputs = [0.5, 3, 5.5, 8].map((rm, i) => ({ ...FIRST_ROW, RM: rm, LSTAT: 5 + i }));
    const res = await server.gql(BATCH, { inputs });
    expect(res.errors).toBeUndefined();
    const batch = res.data!.batchPredict;
    expect(batch.count).toBe(4);
    expect(batch.modelVersion).toBe(1);
    expect(batch.predictions.map((p: { value: number }) => p.value)).toEqual(inputs.map((row) => expect.closeTo(expected(row), 10)));
    const stored = await server.app.database.prisma.prediction.count({ where: { id: { in: batch.predictions.map((p: { id: string }) => p.id) } } });
    expect(stored).toBe(4);
  });

  it("rejects every hard-bound violation with BAD_USER_INPUT naming the fields, and stores nothing", async () => {
    const before = await server.app.database.prisma.prediction.count();
    const res = await server.gql(PREDICT, { input: { ...FIRST_ROW, CRIM: -1, CHAS: 0.5, NOX: 0, RM: 21, B: 400 } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions.fields).toEqual(["input.CRIM", "input.CHAS", "input.NOX", "input.RM", "input.B"]);
    expect(res.errors![0]!.message).toMatch(/CRIM must be >= 0, got -1/);
    expect(await server.app.database.prisma.prediction.count()).toBe(before);
  });

  it("names batch fields as inputs.<i>.<FIELD> and rejects the whole batch", async () => {
    const res = await server.gql(BATCH, { inputs: [FIRST_ROW, { ...FIRST_ROW, RM: 25 }, FIRST_ROW, { ...FIRST_ROW, AGE: -3, DIS: 0 }] });
    expect(res.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.extensions.fields).toEqual(["inputs.1.RM", "inputs.3.AGE", "inputs.3.DIS"]);
    expect(res.data?.batchPredict ?? null).toBeNull();
  });

  it("maps type errors, unknown and missing fields onto the argument's path, even when the variable has another name", async () => {
    const doc = "mutation($rows: [HousingFeaturesInput!]!) { batchPredict(inputs: $rows) { count } }";
    const { RM, ...noRm } = FIRST_ROW;
    const res = await server.gql(doc, { rows: [FIRST_ROW, { ...FIRST_ROW, NOX: "high" }, { ...FIRST_ROW, FOO: 1 }, noRm] });
    expect(res.data?.batchPredict ?? null).toBeNull();
    expect(res.errors!.every((e) => e.extensions.code === "BAD_USER_INPUT")).toBe(true);
    expect(res.errors!.flatMap((e) => e.extensions.fields)).toEqual(["inputs.1.NOX", "inputs.2.FOO", "inputs.3.RM"]);
  });

  it("rejects unknown fields in an inline input", async () => {
    const res = await server.gql("mutation { predict(input: { CRIM: 1, NOX: 0.5, RM: 6, AGE: 1, DIS: 1, RAD: 1, TAX: 1, PTRATIO: 1, B: 1, LSTAT: 1, SQFT: 3 }) { value } }");
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toMatch(/SQFT/);
  });

  it("rejects an empty batch", async () => {
    const res = await server.gql(BATCH, { inputs: [] });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["inputs"] });
  });

  it("answers malformed JSON, wrong content types and bad methods with clean 4xx errors", async () => {
    const malformed = await server.post('{"query": "{ health { status } }"');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
    const text = await server.post("{ health { status } }", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    const array = await server.post("[1, 2]");
    expect(array.status).toBe(400);
    const put = await fetch(`${server.url}/graphql`, { method: "PUT" });
    expect(put.status).toBe(405);
    const syntax = await server.gql("mutation { predict(");
    expect(syntax.status).toBe(400);
    expect(syntax.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("serves an explicit model version and answers NOT_FOUND for an unknown one", async () => {
    const ok = await server.gql(PREDICT, { input: FIRST_ROW, modelVersion: 1 });
    expect(ok.data!.predict.modelVersion).toBe(1);
    const missing = await server.gql(PREDICT, { input: FIRST_ROW, modelVersion: 99 });
    expect(missing.errors![0]!.extensions.code).toBe("NOT_FOUND");
    const invalid = await server.gql(PREDICT, { input: FIRST_ROW, modelVersion: 0 });
    expect(invalid.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["modelVersion"] });
  });

  it("lists the registry with the run, its experiment, params and metrics", async () => {
    const res = await server.gql(`{
      champion { version status aliases algorithm features metrics { key value step } promotedAt
        run { status algorithm params { key value } features featureImportance { feature contribution }
              metrics { key value step } experiment { name runs { id } bestRun { id } } modelVersion { version } } }
      models { version status }
      model(version: 1) { version }
      none: model(version: 42) { version }
    }`);
    expect(res.errors).toBeUndefined();
    const champion = res.data!.champion;
    expect(champion).toMatchObject({ version: 1, status: "CHAMPION", aliases: ["champion"], algorithm: "gbdt", features: [...FEATURES] });
    const metric = (key: string) => champion.metrics.find((m: { key: string }) => m.key === key)?.value;
    expect(metric("test_r2")).toBeGreaterThan(0.75);
    expect(metric("test_rmse")).toBeGreaterThan(0);
    expect(metric("cv_rmse_mean")).toBeGreaterThan(0);
    expect(champion.promotedAt).not.toBeNull();
    expect(champion.run.status).toBe("FINISHED");
    expect(champion.run.params).toContainEqual({ key: "maxDepth", value: "3" });
    expect(champion.run.featureImportance).toHaveLength(13);
    expect(champion.run.metrics.map((m: { key: string }) => m.key)).toEqual(expect.arrayContaining(["cv_rmse_mean", "test_rmse", "train_r2"]));
    expect(champion.run.experiment.name).toBe("single-fit");
    expect(champion.run.experiment.bestRun.id).toBe(champion.run.experiment.runs[0].id);
    expect(champion.run.modelVersion.version).toBe(1);
    expect(res.data!.models).toEqual([{ version: 1, status: "CHAMPION" }]);
    expect(res.data!.model).toEqual({ version: 1 });
    expect(res.data!.none).toBeNull();
  });
});
