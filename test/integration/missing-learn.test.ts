/**
 * `missing: "learn"` end to end: `domus train` (its own process, as production runs it) trains and
 * registers a GBDT that keeps missing values, and the running server answers a row without an
 * optional feature with the GBDT's own prediction of the row with NaN — on predict, batchPredict,
 * batchPredictColumns (with intervals), explain and the stored history — while still listing the
 * feature in imputedFeatures. Bad values of the option are refused by the CLI naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TabularModel } from "../../models/tabular-model.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { domusTrain } from "../helpers/process.ts";
import { FIRST_ROW, TEST_MODEL, type TestServer, startTestServer } from "../helpers/server.ts";

const LEARN = { ...TEST_MODEL.params, missing: "learn" };
const { ZN: _zn, ...WITHOUT_ZN } = FIRST_ROW;
const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id value modelVersion features imputedFeatures interval { lower upper } } }";
const BATCH = "mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { predictions { value imputedFeatures } } }";
const COLUMNS = "mutation($i: HousingColumnsInput!) { batchPredictColumns(input: $i, intervalLevel: 0.9) { values imputedRows imputedFeatures lower upper } }";
const EXPLAIN = "mutation($i: HousingFeaturesInput!) { explain(input: $i) { prediction baseValue imputedFeatures contributions { feature value contribution } } }";

/** `domus train --only … --params …` in its own process on the server's database. */
const cliTrain = (databaseUrl: string, ...args: string[]) => domusTrain(databaseUrl, args);

/** The GBDT's own prediction of a raw row (model order) with NaN kept: standardised, no imputation. */
function direct(model: TabularModel, row: Record<string, number | undefined>): number {
  const z = Float64Array.from(model.features, (f, j) => ((row[f] ?? Number.NaN) - model.scaler.mean[j]!) / model.scaler.scale[j]!);
  return model.estimator.predictOne(z);
}

describe.each(DATABASE_KINDS)('a model trained with missing: "learn" (%s)', (kind) => {
  let server: TestServer;
  let model: TabularModel;
  beforeAll(async () => {
    server = await startTestServer(kind, {}, { train: false });
    const trained = await cliTrain(server.database.url, "--only", "gbdt", "--params", JSON.stringify(LEARN));
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout).registration).toMatchObject({ version: 1, status: "CHAMPION" });
    await server.app.services.modelStore.refresh();
    model = server.app.services.modelStore.champion!.model;
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it("is registered as such: the run's params say so, the artifact is format 3 and its calibration's fold models learn too", async () => {
    expect(model.missing).toBe("learn");
    const version = await server.app.database.prisma.modelVersion.findFirstOrThrow({ where: { version: 1 }, select: { artifact: true, run: { select: { params: true } } } });
    expect(JSON.parse(version.run!.params)).toMatchObject(LEARN);
    expect(JSON.parse(version.artifact)).toMatchObject({ formatVersion: 3, missing: "learn" });
    const calibration = server.app.services.modelStore.champion!.calibration!;
    expect(calibration.foldModels.every((m) => m.missing === "learn")).toBe(true);
  });

  it("predicts a row without ZN as its GBDT predicts the row with NaN, lists ZN as imputed and logs it as null", async () => {
    const res = await server.gql(PREDICT, { i: WITHOUT_ZN });
    expect(res.errors).toBeUndefined();
    const p = res.data!.predict;
    expect(p.value).toBe(direct(model, WITHOUT_ZN));
    expect(p.imputedFeatures).toEqual(["ZN"]);
    expect(p.features).toEqual({ ...FIRST_ROW, ZN: null });
    const stored = await server.app.database.prisma.prediction.findUniqueOrThrow({ where: { id: p.id } });
    expect(JSON.parse(stored.features)).toEqual({ ...FIRST_ROW, ZN: null });
    expect(JSON.parse(stored.imputedFeatures)).toEqual(["ZN"]);
    // The interval read back from the log (recomputed from the stored row, NaN included) is the one served.
    expect(p.interval.lower).toBeLessThanOrEqual(p.value);
    expect(p.interval.upper).toBeGreaterThanOrEqual(p.value);
    const history = await server.gql("{ predictions(first: 5) { edges { node { id features imputedFeatures interval { lower upper } } } } }");
    const node = history.data!.predictions.edges.find((e: { node: { id: string } }) => e.node.id === p.id).node;
    expect(node).toEqual({ id: p.id, features: { ...FIRST_ROW, ZN: null }, imputedFeatures: ["ZN"], interval: p.interval });
    // A complete row is unaffected.
    const complete = await server.gql(PREDICT, { i: FIRST_ROW });
    expect(complete.data!.predict).toMatchObject({ value: direct(model, FIRST_ROW), imputedFeatures: [] });
  });

  it("answers the same in batches, with the same intervals, and explains the missing value's contribution", async () => {
    const single = (await server.gql(PREDICT, { i: WITHOUT_ZN })).data!.predict;
    const batch = await server.gql(BATCH, { i: [FIRST_ROW, WITHOUT_ZN] });
    expect(batch.errors).toBeUndefined();
    expect(batch.data!.batchPredict.predictions).toEqual([
      { value: direct(model, FIRST_ROW), imputedFeatures: [] },
      { value: single.value, imputedFeatures: ["ZN"] },
    ]);
    const columns = Object.fromEntries(Object.keys(FIRST_ROW).map((f) => [f, [FIRST_ROW[f as keyof typeof FIRST_ROW], f === "ZN" ? null : FIRST_ROW[f as keyof typeof FIRST_ROW]]]));
    const columnar = await server.gql(COLUMNS, { i: columns });
    expect(columnar.errors).toBeUndefined();
    const c = columnar.data!.batchPredictColumns;
    expect(c.values[1]).toBe(single.value);
    expect(c).toMatchObject({ imputedRows: [1], imputedFeatures: [["ZN"]] });
    expect([c.lower[1], c.upper[1]]).toEqual([single.interval.lower, single.interval.upper]);

    const explained = await server.gql(EXPLAIN, { i: WITHOUT_ZN });
    expect(explained.errors).toBeUndefined();
    const e = explained.data!.explain;
    expect(e.prediction).toBe(single.value);
    expect(e.imputedFeatures).toEqual(["ZN"]);
    expect(e.contributions.find((x: { feature: string }) => x.feature === "ZN").value).toBe(0);
    expect(e.baseValue + e.contributions.reduce((s: number, x: { contribution: number }) => s + x.contribution, 0)).toBeCloseTo(e.prediction, 9);
  });

  it("records outcomes of such predictions into live coverage", async () => {
    const p = (await server.gql(PREDICT, { i: WITHOUT_ZN })).data!.predict;
    const recorded = await server.gql("mutation($o: [OutcomeInput!]!) { recordOutcomes(outcomes: $o) }", { o: [{ predictionId: p.id, actual: p.value }] });
    expect(recorded.errors).toBeUndefined();
    const res = await server.gql("{ performance { modelVersion outcomes coverage { level coverage rows } } }");
    expect(res.errors).toBeUndefined();
    const version = res.data!.performance.find((v: { modelVersion: number }) => v.modelVersion === 1);
    expect(version.outcomes).toBe(1);
    // actual = the served value: inside every interval.
    for (const c of version.coverage) expect(c).toMatchObject({ coverage: 1, rows: 1 });
  });

  it("the CLI refuses an unknown value and learn for an algorithm that needs complete rows, naming the field", async () => {
    const unknown = await cliTrain(server.database.url, "--only", "gbdt", "--params", '{"missing":"foo"}');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--params: missing must be "impute" or "learn", got "foo"');
    const ridge = await cliTrain(server.database.url, "--only", "ridge", "--params", '{"missing":"learn"}');
    expect(ridge.code).toBe(2);
    expect(ridge.stderr).toContain('--params: missing: "learn" needs an algorithm that learns where missing values go (gbdt), not ridge');
    expect(await server.app.database.prisma.modelVersion.count()).toBe(1);
  });
});
