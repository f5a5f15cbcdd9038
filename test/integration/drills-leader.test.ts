/**
 * Fault drill: the leader is SIGKILLed while the retraining job it runs is RUNNING. Two replicas
 * started as production runs them (bin/domus.mjs serve, NODE_ENV=production) on one PostgreSQL
 * and one Redis; the drift alert that starts the job is an outbox event (as any process writes
 * one). Without restarting the dead replica, the survivor leads, fails the job and its runs
 * within the heartbeat bound, gives the retraining cooldown back, and a new training starts —
 * never two RUNNING jobs for the model. Invariants only; deadlines are failure bounds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { recordEvent } from "../../src/modules/events/outbox.ts";
import { Topic } from "../../src/pubsub.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { type ServerProcess, spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, TEST_REDIS_CHANNEL_PREFIX, createSeededDatabase } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const REDIS_URL = process.env.TEST_REDIS_URL;
const STALE_MS = 3000;
const enabled = Boolean(process.env.TEST_DATABASE_URL && REDIS_URL) || process.env.DOMUS_DRILLS === "required";

async function gql(url: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

describe.runIf(enabled)("leader SIGKILLed mid-job (two production replicas, PostgreSQL + Redis)", () => {
  let database: TestDatabase;
  let db: ReturnType<typeof openDatabase>;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    database = await createSeededDatabase("postgresql", 1);
    db = openDatabase(database.url);
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: REDIS_URL as string,
      REDIS_CHANNEL_PREFIX: TEST_REDIS_CHANNEL_PREFIX,
      ADMIN_API_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: "0",
      LEADER_CHECK_MS: "300",
      EVENTS_POLL_MS: "200",
      TRAINING_HEARTBEAT_STALE_MS: String(STALE_MS),
      // A slow job: a long search in one worker thread (the event loop, and so the heartbeat, stay free).
      TRAIN_WORKERS: "1",
      TRAIN_LOW_PRIORITY: "false",
      TRAIN_SEARCH_ITERATIONS: "2000",
      RETRAINING_CHECK_INTERVAL_MS: "0",
    };
    a = await spawnServer({ ...env, REPLICA_ID: "replica-a" });
    b = await spawnServer({ ...env, REPLICA_ID: "replica-b" });
  }, 400_000);
  afterAll(async () => {
    for (const p of [a, b]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGTERM");
    for (const p of [a, b]) if (p) await waitForExit(p.child);
    await db?.close();
    await database?.drop();
  });

  it("the survivor leads, fails the dead leader's job and its runs, gives the cooldown back and trains again; never two RUNNING jobs", async () => {
    const prisma = db.prisma;
    const runningJobs: number[] = [];
    const sample = async () => {
      const n = await prisma.trainingJob.count({ where: { status: "RUNNING" } });
      runningJobs.push(n);
      return n;
    };
    expect((await gql(a.url, "{ health { leader } }")).data.health.leader).toBe(true); // a started first
    expect((await gql(a.url, "mutation { setRetrainingPolicy(input: { enabled: true, cooldownMinutes: 60 }) { enabled } }")).errors).toBeUndefined();

    // A drift alert written to the outbox (as a drift check on any replica does): the leader's policy starts the job.
    await recordEvent(prisma, Topic.DriftAlert, { id: "drill", message: "drift in RM (drill)", driftedFeatures: ["RM"], createdAt: new Date() });
    const job = await waitFor("the leader to start a retraining job with a RUNNING run", async () => {
      await sample();
      const row = await prisma.trainingJob.findFirst({ where: { status: "RUNNING" } });
      if (!row?.experimentId) return null;
      return (await prisma.run.count({ where: { experimentId: row.experimentId, status: "RUNNING" } })) > 0 ? row : null;
    }, { timeoutMs: 120_000, intervalMs: 100 });
    expect(job.replicaId).toBe("replica-a");
    expect((await prisma.retrainingTrigger.findFirstOrThrow({ where: { trainingJobId: job.id } })).outcome).toBe("STARTED");
    expect((await prisma.retrainingPolicy.findFirstOrThrow()).lastTriggeredAt).not.toBeNull();

    // SIGKILL the leader mid-job; it is never restarted.
    a.child.kill("SIGKILL");
    await waitForExit(a.child);

    await waitFor("replica-b to lead", async () => (await gql(b.url, "{ health { leader } }")).data?.health?.leader === true, { timeoutMs: 60_000, intervalMs: 100 });
    const failed = await waitFor("the dead leader's job to be FAILED", async () => {
      await sample();
      const row = await prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
      return row.status === "FAILED" ? row : null;
    }, { timeoutMs: 120_000, intervalMs: 100 });
    expect(failed.error).toMatch(/^interrupted: no heartbeat from replica replica-a since /);
    expect(await prisma.run.count({ where: { experimentId: job.experimentId as string, status: "RUNNING" } })).toBe(0);
    // The stale bound held: the job was failed only once its last heartbeat was older than the bound.
    expect(failed.finishedAt!.getTime() - failed.heartbeatAt!.getTime()).toBeGreaterThanOrEqual(STALE_MS);
    // The cooldown is given back, the decision recorded.
    await waitFor("the INTERRUPTED decision", () => prisma.retrainingTrigger.findFirst({ where: { trainingJobId: job.id, outcome: "INTERRUPTED" } }));
    expect((await gql(b.url, "{ retrainingPolicy { lastTriggeredAt } }")).data.retrainingPolicy.lastTriggeredAt).toBeNull();

    // A new training starts on the survivor; only one job RUNNING, and it finishes.
    const next = await gql(b.url, 'mutation { startTraining(input: { searchIterations: 1, cvFolds: 2, experimentName: "after-leader-kill" }) { id status } }');
    expect(next.errors).toBeUndefined();
    expect(next.data.startTraining.status).toBe("RUNNING");
    const done = await waitFor("the new job to finish", async () => {
      await sample();
      const row = await prisma.trainingJob.findUniqueOrThrow({ where: { id: next.data.startTraining.id } });
      return row.status !== "RUNNING" ? row : null;
    }, { timeoutMs: 300_000, intervalMs: 200 });
    expect({ status: done.status, error: done.error }).toEqual({ status: "FINISHED", error: null });
    expect(Math.max(...runningJobs)).toBe(1);
    expect(b.child.exitCode).toBeNull();
  }, 900_000);
});
