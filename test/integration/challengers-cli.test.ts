/**
 * `domus models challenger …` and `domus outcomes --file` against a running server, run in
 * process (the command functions the binary dispatches to) with stdout and stderr captured.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { trainAndRegister as runTraining, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { REMOTE_COMMANDS } from "../../src/commands/remote.ts";
import { UsageError } from "../../src/commands/args.ts";
import { createLogger } from "../../src/logger.ts";
import { waitFor } from "../helpers/wait.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

describe("domus challenger and outcomes commands", () => {
  let server: TestServer;
  let dir: string;
  /** Runs `domus <command> …args`; resolves with the exit code and what it printed. */
  const domus = async (command: "models" | "outcomes", ...args: string[]) => {
    let stdout = "";
    let stderr = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      const code = await REMOTE_COMMANDS[command]!(args, { url: server.url, apiKey: ADMIN_KEY, apiKeySource: "test", keyFiles: [], urlSource: "test", keyBoundTo: null, userConfig: null });
      return { code, stdout, stderr };
    } finally {
      vi.restoreAllMocks();
    }
  };
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    await runTraining(server.app.database.prisma, { ...base, only: { algorithm: "gbdt", params: { nEstimators: 25, maxDepth: 2, learningRate: 0.3 } }, gate: { minTestR2: 0.5, rmseTolerance: 10 } }, createLogger({ logLevel: "silent" }));
    await server.app.services.modelStore.refresh();
    dir = mkdtempSync(join(tmpdir(), "domus-cli-"));
  }, 120_000);
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("sets a shadow challenger, records outcomes from a CSV by line, reports and clears", async () => {
    await expect(domus("models", "challenger", "set", "1", "--mode", "sideways")).rejects.toThrow(UsageError);
    const set = await domus("models", "challenger", "set", "1", "--mode", "SHADOW");
    expect(set).toMatchObject({ code: 0, stdout: "version 1 is the SHADOW challenger\n" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", { i: { ...FIRST_ROW, RM: 5 + i } })).data!.predict.id);
    await waitFor("the shadow scores", async () => (await server.app.database.prisma.shadowPrediction.count()) === 3, { timeoutMs: 60_000, intervalMs: 100 });

    const notNumber = join(dir, "not-number.csv");
    writeFileSync(notNumber, `prediction_id,actual\n${ids[0]},24\n${ids[1]},abc\n`);
    await expect(domus("outcomes", "--file", notNumber)).rejects.toThrow(`${notNumber}:3 column actual`);
    const unknown = join(dir, "unknown.csv");
    writeFileSync(unknown, `actual,prediction_id\n24,${ids[0]}\n30,no-such-id\n-2,${ids[1]}\n31,no-such-id-either\n`);
    const refused = await domus("outcomes", "--file", unknown);
    expect(refused.code).toBe(1);
    // One line per bad cell with its reason, then the reasons counted.
    expect(refused.stderr).toContain(`3 invalid row(s); nothing from this batch was stored (0 outcome(s) from earlier batches were):`);
    expect(refused.stderr).toContain(`${unknown}:3 column prediction_id: no prediction no-such-id\n`);
    expect(refused.stderr).toContain(`${unknown}:4 column actual: -2 is outside the physical range of MEDV`);
    expect(refused.stderr).toContain(`${unknown}:5 column prediction_id: no prediction no-such-id-either\n`);
    expect(refused.stderr).toMatch(/reasons: 2 × no prediction …; 1 × -2 is outside the physical range of MEDV \(> 0 and <= \d+\)\n$/);
    expect(await server.app.database.prisma.outcome.count()).toBe(0);

    const good = join(dir, "outcomes.csv");
    writeFileSync(good, `prediction_id,actual\n${ids[0]},24\n\n${ids[1]},19.5\n`);
    const recorded = await domus("outcomes", "--file", good);
    expect(recorded).toMatchObject({ code: 0, stdout: "2 outcomes recorded\n" });
    // A second outcome is refused by line; --replace corrects it.
    const corrected = join(dir, "corrected.csv");
    writeFileSync(corrected, `prediction_id,actual\n${ids[1]},21\n`);
    const again = await domus("outcomes", "--file", corrected);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${corrected}:2 column prediction_id`);
    expect(await domus("outcomes", "--file", corrected, "--replace")).toMatchObject({ code: 0, stdout: "1 outcomes recorded\n" });
    expect((await server.app.database.prisma.outcome.findUnique({ where: { predictionId: ids[1]! } }))?.actual).toBe(21);

    const report = await domus("models", "challenger", "report", "--json");
    expect(JSON.parse(report.stdout)).toMatchObject({ pairedRows: 3, pairedOutcomes: 2, verdict: "not enough data", challenger: { mode: "SHADOW" } });
    expect((await domus("models", "challenger", "report")).stdout).toMatch(/paired rows 3, with outcomes 2, mean \|difference\| [\d.]+\np-value -: not enough data/);
    expect((await domus("models", "challenger", "clear")).stdout).toBe("challenger cleared\n");
    expect((await domus("models", "challenger", "show")).stdout).toBe("no challenger\n");
  }, 120_000);
});
