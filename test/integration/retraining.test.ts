/** The opt-in retraining loop: off by default, one job per cooldown under a burst of alerts, never promoted. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUNDLED_DATA_PATH } from "../../src/paths.ts";
import { recordEvent } from "../../src/modules/events/outbox.ts";
import { Topic } from "../../src/pubsub.ts";
import { type TestServer, startTestServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const POLICY = "{ retrainingPolicy { enabled onDrift onPerformance maxRmseIncrease includeOutcomes cooldownMinutes lastTriggeredAt dataset trainsOn } }";
const SET = "mutation($input: RetrainingPolicyInput!) { setRetrainingPolicy(input: $input) { enabled onDrift cooldownMinutes maxRmseIncrease lastTriggeredAt } }";
const TRIGGERS = "{ retrainingTriggers { reason detail outcome trainingJobId datasetVersionId } }";

/** The loop's decisions once there are `n` of them (newest first). */
function decisions(server: TestServer, n: number) {
  return waitFor(
    `${n} retraining decisions`,
    async () => {
      const list = (await server.gql(TRIGGERS)).data!.retrainingTriggers as { outcome: string; trainingJobId: string | null; reason: string; detail: string; datasetVersionId: string | null }[];
      return list.length === n ? list : undefined;
    },
    { timeoutMs: 200_000, intervalMs: 50 },
  );
}

/** A drift alert as any process raises one: an outbox event, which the server reads and hands to the policy. */
function alert(server: TestServer, n: number): void {
  void recordEvent(server.app.database.prisma, Topic.DriftAlert, { id: `a${n}`, message: `drift in RM (${n})`, driftedFeatures: ["RM", "LSTAT"], createdAt: new Date() });
}

describe("retraining policy", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { TRAIN_WORKERS: "1", TRAIN_SEARCH_ITERATIONS: "2", TRAIN_CV_FOLDS: "2", RETRAINING_CHECK_INTERVAL_MS: "0" });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it("is off by default and does nothing on drift alerts", async () => {
    const res = await server.gql(POLICY);
    expect(res.data!.retrainingPolicy).toEqual({ enabled: false, onDrift: true, onPerformance: false, maxRmseIncrease: 0.2, includeOutcomes: false, cooldownMinutes: 60, lastTriggeredAt: null, dataset: null, trainsOn: "boston-housing@1" });
    // The decision itself is awaited here (the outbox path is exercised by the next tests).
    expect(await server.app.services.retraining.onDriftAlert({ message: "drift in RM", driftedFeatures: ["RM"] })).toBeNull();
    expect((await server.gql(TRIGGERS)).data!.retrainingTriggers).toEqual([]);
    expect(await server.app.database.prisma.trainingJob.count()).toBe(0);
  });

  it("validates the policy, naming the fields, and keeps the old values", async () => {
    const res = await server.gql(SET, { input: { maxRmseIncrease: -1, cooldownMinutes: -5 } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(res.errors?.[0]?.extensions.fields).toEqual(expect.arrayContaining(["input.maxRmseIncrease", "input.cooldownMinutes"]));
    expect((await server.gql(POLICY)).data!.retrainingPolicy.maxRmseIncrease).toBe(0.2);
    const key = await server.gql('mutation { createApiKey(name: "reader", role: READ) { secret } }');
    const forbidden = await server.gql(SET, { input: { enabled: true } }, { "x-api-key": key.data!.createApiKey.secret });
    expect(forbidden.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  });

  it("trains on an explicit dataset: by default the training file (as domus train), never a newer subset", async () => {
    // The README's walk-through registers a 300-row subset as a new version of the same name.
    const lines = readFileSync(BUNDLED_DATA_PATH, "utf8").trim().split("\n");
    const subset = await server.gql('mutation($csv: String!) { registerDataset(name: "boston-housing", csv: $csv) { name version } }', { csv: lines.slice(0, 301).join("\n") });
    expect(subset.data!.registerDataset).toEqual({ name: "boston-housing", version: 2 });
    expect((await server.gql(POLICY)).data!.retrainingPolicy).toMatchObject({ dataset: null, trainsOn: "boston-housing@1" });
    const unknown = await server.gql(SET, { input: { dataset: "no-such-data" } });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.dataset"] });
    const chosen = await server.gql(SET, { input: { dataset: "boston-housing@2" } });
    expect(chosen.errors).toBeUndefined();
    expect((await server.gql(POLICY)).data!.retrainingPolicy).toMatchObject({ dataset: "boston-housing@2", trainsOn: "boston-housing@2" });
    await server.gql(SET, { input: { dataset: "" } });
    expect((await server.gql(POLICY)).data!.retrainingPolicy).toMatchObject({ dataset: null, trainsOn: "boston-housing@1" });
  });

  it("starts exactly one job for a burst of alerts, and its result is never promoted", async () => {
    const before = await server.gql("{ champion { version } }");
    const set = await server.gql(SET, { input: { enabled: true, cooldownMinutes: 30 } });
    expect(set.data!.setRetrainingPolicy).toMatchObject({ enabled: true, onDrift: true, cooldownMinutes: 30, lastTriggeredAt: null });
    for (let i = 1; i <= 6; i++) alert(server, i);
    const triggers = await decisions(server, 6);
    const started = triggers.filter((t) => t.outcome === "STARTED");
    expect(started).toHaveLength(1);
    expect(triggers.filter((t) => t.outcome === "COOLDOWN")).toHaveLength(5);
    expect(started[0]).toMatchObject({ reason: "DRIFT" });
    expect(started[0]!.detail).toMatch(/drifted: RM, LSTAT/);
    expect(started[0]!.datasetVersionId).not.toBeNull();
    await server.app.services.training.idle();
    const job = await server.app.database.prisma.trainingJob.findUniqueOrThrow({ where: { id: started[0]!.trainingJobId as string } });
    expect(job.status).toBe("FINISHED");
    expect(JSON.parse(job.input)).toMatchObject({ promote: false, datasetId: started[0]!.datasetVersionId });
    // The new version went through the gate but is not the champion.
    const models = (await server.gql("{ models { version status } champion { version } }")).data!;
    expect(models.champion).toEqual(before.data!.champion);
    const newest = (models.models as { version: number; status: string }[])[0]!;
    expect(newest.version).toBe(before.data!.champion.version + 1);
    expect(["CANDIDATE", "REJECTED"]).toContain(newest.status);
    const policy = (await server.gql(POLICY)).data!.retrainingPolicy;
    expect(policy.lastTriggeredAt).not.toBeNull();
  }, 300_000);

  it("records BUSY and gives the cooldown back when a job is already running", async () => {
    await server.gql(SET, { input: { cooldownMinutes: 0 } });
    const job = await server.gql("mutation { startTraining(input: { searchIterations: 1, cvFolds: 2 }) { id } }");
    expect(job.errors).toBeUndefined();
    const lastBefore = (await server.gql(POLICY)).data!.retrainingPolicy.lastTriggeredAt;
    alert(server, 7);
    const [busy] = await decisions(server, 7);
    expect(busy!.outcome).toBe("BUSY");
    expect((await server.gql(POLICY)).data!.retrainingPolicy.lastTriggeredAt).toBe(lastBefore);
    await server.app.services.training.idle();
  }, 300_000);
});
