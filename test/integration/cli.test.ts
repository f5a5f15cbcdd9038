/** The `domus` CLI against a running server, through the typed client. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Topic } from "../../src/pubsub.ts";
import { runNode } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const HEADER = "CRIM,ZN,INDUS,CHAS,NOX,RM,AGE,DIS,RAD,TAX,PTRATIO,B,LSTAT";
const row = (overrides: Partial<Record<string, number | string>> = {}) => {
  const values = { ...FIRST_ROW, ...overrides } as Record<string, number | string>;
  return HEADER.split(",").map((c) => values[c]).join(",");
};

// Every command is a fresh process that compiles the CLI through tsx: about 30 s each on a
// 2-core machine at load average 30, and a test runs up to eight. The bound is a failure bound.
describe("domus CLI", { timeout: 600_000 }, () => {
  let server: TestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const domus = (...args: string[]) => runNode(["bin/domus.mjs", ...args], env);
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    dir = mkdtempSync(join(tmpdir(), "domus-cli-"));
    env = { ...process.env, DOMUS_URL: server.url, DOMUS_API_KEY: ADMIN_KEY, LOG_LEVEL: "silent" };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("predicts a CSV file in batches and writes the predictions", async () => {
    const file = join(dir, "rows.csv");
    writeFileSync(file, [HEADER, row(), row({ ZN: "NA", RM: 5 }), "", row({ RM: 7.5 })].join("\n"));
    const result = await domus("predict", "--file", file, "--out", join(dir, "out.csv"), "--batch-size", "2");
    expect(result.code).toBe(0);
    const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,prediction,model_version,imputed,out_of_range");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["2", "3", "5"]);
    expect(lines[2]).toMatch(/^3,[\d.]+,1,ZN,$/);
  });

  it("names the file line and column of an invalid row and exits 1", async () => {
    const file = join(dir, "bad.csv");
    writeFileSync(file, [HEADER, row(), row(), row({ RM: 25 })].join("\n"));
    const result = await domus("predict", "--file", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:4 column RM`);
    const malformed = join(dir, "malformed.csv");
    writeFileSync(malformed, [HEADER, row({ NOX: "high" })].join("\n"));
    const parsed = await domus("predict", "--file", malformed);
    expect(parsed.code).toBe(1);
    expect(parsed.stderr).toContain(`${malformed}:2 column NOX: expected a number or NA, found "high"`);
  });

  it("lists, shows and promotes models; scripts read --json", async () => {
    const list = await domus("models", "list", "--json");
    expect(list.code).toBe(0);
    const models = JSON.parse(list.stdout) as { version: number; status: string }[];
    expect(models[0]).toMatchObject({ version: 1, status: "CHAMPION" });
    const table = await domus("models", "list");
    expect(table.stdout).toMatch(/^version\s+status\s+aliases\s+algorithm/);
    const promote = await domus("models", "promote", "1");
    expect(promote.code).toBe(1);
    expect(promote.stderr).toMatch(/CONFLICT: version 1 of boston-housing is already the champion/);
    const show = await domus("models", "show", "1");
    expect(show.stdout).toContain("test_rmse");
  });

  it("lists experiments, checks drift and fails clearly without a key or a server", async () => {
    const experiments = await domus("experiments", "list", "--json");
    expect(JSON.parse(experiments.stdout).map((e: { name: string }) => e.name)).toContain("single-fit");
    const show = await domus("experiments", "show", "single-fit");
    expect(show.stdout).toMatch(/run\s+algorithm\s+status/);
    const drift = await domus("drift", "reports", "--json");
    expect(drift.code).toBe(0);
    const noKey = await domus("models", "list", "--api-key", "domus_wrong");
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/UNAUTHENTICATED: invalid or revoked API key/);
    const noServer = await domus("models", "list", "--url", "http://127.0.0.1:9");
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toMatch(/cannot reach the server/);
    const help = await domus("watch", "--help");
    expect(help.stdout).toMatch(/Example:/);
    const bad = await domus("models", "frobnicate");
    expect(bad.code).toBe(2);
  });

  it("watches live predictions", async () => {
    const subscribers = () => server.app.services.pubsub.subscriberCount(Topic.PredictionMade);
    const before = subscribers();
    const child = spawn(process.execPath, ["bin/domus.mjs", "watch", "predictions", "--json"], { env });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    let errors = "";
    child.stderr.on("data", (d) => (errors += d));
    try {
      // The CLI starts (tsx), connects and subscribes: the server counts one more subscriber.
      await waitFor(() => `domus watch to subscribe (exit code ${child.exitCode}, stderr ${JSON.stringify(errors)})`, () => child.exitCode === null && subscribers() > before, { timeoutMs: 180_000 });
      const res = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", { i: FIRST_ROW });
      await waitFor("the prediction on domus watch's output", () => output.includes("\n"));
      expect(JSON.parse(output.trim().split("\n")[0]!)).toMatchObject({ id: res.data!.predict.id, modelVersion: 1 });
    } finally {
      child.kill("SIGINT");
    }
  });
});
