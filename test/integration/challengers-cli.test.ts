/** `domus models challenger …` and `domus outcomes --file` against a running server. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTraining, trainingRequestFromConfig } from "../../pipeline/run.ts";
import { createLogger } from "../../src/logger.ts";
import { eventually } from "../helpers/eventually.ts";
import { domusRunner } from "../helpers/cli.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

describe("domus challenger and outcomes commands", () => {
  let server: TestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const domus = domusRunner(() => env);
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    await runTraining(server.app.database.prisma, { ...base, only: { algorithm: "gbdt", params: { nEstimators: 25, maxDepth: 2, learningRate: 0.3 } }, gate: { minTestR2: 0.5, rmseTolerance: 10 } }, createLogger({ logLevel: "silent" }));
    await server.app.services.modelStore.refresh();
    dir = mkdtempSync(join(tmpdir(), "domus-cli-"));
    env = { ...process.env, DOMUS_URL: server.url, DOMUS_API_KEY: ADMIN_KEY, LOG_LEVEL: "silent" };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("sets a shadow challenger, records outcomes from a CSV by line, reports and clears", async () => {
    const set = await domus("models", "challenger", "set", "1", "--mode", "SHADOW");
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("version 1 is the SHADOW challenger");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", { i: { ...FIRST_ROW, RM: 5 + i } })).data!.predict.id);
    await eventually(async () => (await server.app.database.prisma.shadowPrediction.count()) === 3, 60_000, "the shadow scores");

    const notNumber = join(dir, "not-number.csv");
    writeFileSync(notNumber, `prediction_id,actual\n${ids[0]},24\n${ids[1]},abc\n`);
    const local = await domus("outcomes", "--file", notNumber);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain(`${notNumber}:3 column actual`);
    const unknown = join(dir, "unknown.csv");
    writeFileSync(unknown, `actual,prediction_id\n24,${ids[0]}\n30,no-such-id\n`);
    const refused = await domus("outcomes", "--file", unknown);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${unknown}:3 column prediction_id`);
    expect(await server.app.database.prisma.outcome.count()).toBe(0);

    const good = join(dir, "outcomes.csv");
    writeFileSync(good, `prediction_id,actual\n${ids[0]},24\n\n${ids[1]},19.5\n`);
    const recorded = await domus("outcomes", "--file", good);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain("2 outcomes recorded");

    const report = await domus("models", "challenger", "report", "--json");
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ pairedRows: 3, pairedOutcomes: 2, verdict: "not enough data", challenger: { mode: "SHADOW" } });

    expect((await domus("models", "challenger", "clear")).stdout).toContain("challenger cleared");
    expect(await server.gql("{ challenger { mode } }").then((r) => r.data)).toEqual({ challenger: null });
  }, 240_000);
});
