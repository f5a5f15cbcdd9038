/** promoteModel / rollbackModel over HTTP, with modelPromoted delivered over graphql-ws. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainAndRegister, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { createLogger } from "../../src/logger.ts";
import { FIRST_ROW, TEST_MODEL, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";

const PROMOTE = "mutation($v: Int!) { promoteModel(version: $v) { version status aliases promotedAt } }";
const ROLLBACK = "mutation { rollbackModel { version status aliases } }";

describe("registry mutations", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    // Two more versions: v2 (more trees: not identical to v1, which the gate would refuse) passes
    // the gate and becomes champion, v3 is rejected; then v1 is promoted back, so v2 is an
    // ARCHIVED version to promote in the tests.
    const db = server.app.database.prisma;
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    const logger = createLogger({ logLevel: "silent" });
    const different = { ...TEST_MODEL, params: { ...TEST_MODEL.params, nEstimators: 90 } };
    await trainAndRegister(db, { ...base, seed: 7, only: different, gate: { minTestR2: 0.5, rmseTolerance: 10 } }, logger);
    await trainAndRegister(db, { ...base, only: TEST_MODEL, gate: { minTestR2: 0.99, rmseTolerance: 0 } }, logger);
    const back = await server.gql("mutation { promoteModel(version: 1) { version } }");
    expect(back.errors).toBeUndefined();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("promotes an archived version, archives the old champion, swaps the served model and publishes modelPromoted", async () => {
    const events = await subscribe(server, "subscription { modelPromoted { version status aliases } }");
    try {
      const res = await server.gql(PROMOTE, { v: 2 });
      expect(res.errors).toBeUndefined();
      expect(res.data!.promoteModel).toMatchObject({ version: 2, status: "CHAMPION", aliases: ["champion"] });
      const [event] = await events.take(1);
      expect(event!.data).toEqual({ modelPromoted: { version: 2, status: "CHAMPION", aliases: ["champion"] } });
      const models = await server.gql("{ models { version status aliases } }");
      expect(models.data!.models).toEqual([
        { version: 3, status: "REJECTED", aliases: [] },
        { version: 2, status: "CHAMPION", aliases: ["champion"] },
        { version: 1, status: "ARCHIVED", aliases: [] },
      ]);
      const predicted = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { modelVersion } }", { i: FIRST_ROW });
      expect(predicted.data!.predict.modelVersion).toBe(2);
    } finally {
      await events.close();
    }
  });

  it("refuses to promote a rejected, unknown or current version", async () => {
    expect((await server.gql(PROMOTE, { v: 3 })).errors![0]!.extensions.code).toBe("CONFLICT");
    expect((await server.gql(PROMOTE, { v: 2 })).errors![0]!.extensions.code).toBe("CONFLICT");
    expect((await server.gql(PROMOTE, { v: 42 })).errors![0]!.extensions.code).toBe("NOT_FOUND");
  });

  it("rolls back to the previous champion, and back again", async () => {
    const back = await server.gql(ROLLBACK);
    expect(back.data!.rollbackModel).toMatchObject({ version: 1, status: "CHAMPION" });
    expect(server.app.services.modelStore.champion!.version).toBe(1);
    const again = await server.gql(ROLLBACK);
    expect(again.data!.rollbackModel).toMatchObject({ version: 2, status: "CHAMPION" });
    const champions = await server.app.database.prisma.modelVersion.count({ where: { status: "CHAMPION" } });
    expect(champions).toBe(1);
  });

  it("never lets two concurrent promotions leave two champions", async () => {
    const results = await Promise.all([server.gql(PROMOTE, { v: 1 }), server.gql(ROLLBACK)]);
    expect(results.some((r) => !r.errors)).toBe(true);
    expect(await server.app.database.prisma.modelVersion.count({ where: { status: "CHAMPION" } })).toBe(1);
  });

  it("explains a prediction with exact contributions that sum to it", async () => {
    const res = await server.gql("mutation($i: HousingFeaturesInput!) { explain(input: $i) { prediction baseValue modelVersion contributions { feature value contribution } } }", {
      i: FIRST_ROW,
    });
    expect(res.errors).toBeUndefined();
    const e = res.data!.explain;
    const sum = e.contributions.reduce((s: number, c: { contribution: number }) => s + c.contribution, e.baseValue);
    expect(sum).toBeCloseTo(e.prediction, 9);
    const magnitudes = e.contributions.map((c: { contribution: number }) => Math.abs(c.contribution));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    expect(e.contributions.find((c: { feature: string }) => c.feature === "RM").value).toBe(FIRST_ROW.RM);
    const predicted = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { value modelVersion } }", { i: FIRST_ROW });
    expect(predicted.data!.predict.value).toBe(e.prediction);
  });
});
