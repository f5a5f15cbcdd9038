/**
 * Jobs survive their runner: a RUNNING job whose replica stopped heart-beating is failed by the
 * leader within TRAINING_HEARTBEAT_STALE_MS (its runs too), the retraining cooldown it claimed is
 * given back with an INTERRUPTED decision, and startTraining works again. A job with a fresh
 * heartbeat on another replica still blocks a second one (never two RUNNING jobs).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { type TestServer, startTestServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const STALE_MS = 1200;

describe.each(DATABASE_KINDS)("training-job heartbeats on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    // On PostgreSQL the server is the cluster's leader (advisory lock), the replica that sweeps.
    // Jobs train in a worker thread, as a server runs them: inline training (TRAIN_WORKERS=0) blocks
    // the event loop for seconds, and on PostgreSQL the queries in flight then time out on the
    // client ("Query read timeout") and fail the job — the cause of the FAILED job seen before.
    server = await startTestServer(kind, { TRAINING_HEARTBEAT_STALE_MS: String(STALE_MS), TRAIN_WORKERS: "1" });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it("fails a job whose heartbeat went stale, with its runs, gives the cooldown back and lets a new job start", async () => {
    const prisma = server.app.database.prisma;
    expect((await server.gql("mutation { setRetrainingPolicy(input: { enabled: true, cooldownMinutes: 60 }) { enabled } }")).errors).toBeUndefined();
    const policy = await prisma.retrainingPolicy.findFirstOrThrow();
    // A job another replica runs (as the retraining policy started it), heart-beating now.
    const startedAt = new Date(Date.now() - 1000);
    const experiment = await prisma.experiment.create({ data: { name: "dead-replica-job" } });
    const run = await prisma.run.create({ data: { experimentId: experiment.id, name: "gbdt", status: "RUNNING", algorithm: "gbdt", params: "{}", features: "[]" } });
    const job = await prisma.trainingJob.create({ data: { status: "RUNNING", input: "{}", replicaId: "replica-that-dies", heartbeatAt: new Date(), startedAt, experimentId: experiment.id } });
    await prisma.retrainingPolicy.update({ where: { modelName: policy.modelName }, data: { lastTriggeredAt: startedAt } });
    await prisma.retrainingTrigger.create({ data: { modelName: policy.modelName, reason: "DRIFT", detail: "drifted: RM", outcome: "STARTED", trainingJobId: job.id } });

    // Fresh heartbeat: a second job is refused.
    const refused = await server.gql("mutation { startTraining(input: { searchIterations: 1, cvFolds: 2 }) { id } }");
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");

    // The replica dies: its heartbeat stops (simulated: last beat well past the bound).
    await prisma.trainingJob.update({ where: { id: job.id }, data: { heartbeatAt: new Date(Date.now() - 5 * STALE_MS) } });
    const failed = await waitFor("the stale job to be failed by the sweeper", async () => {
      const row = await prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
      return row.status === "FAILED" ? row : null;
    }, { timeoutMs: 60_000 });
    expect(failed.error).toMatch(/^interrupted: no heartbeat from replica replica-that-dies since .*TRAINING_HEARTBEAT_STALE_MS=1200/);
    expect(failed.finishedAt).not.toBeNull();
    const deadRun = await prisma.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(deadRun.status).toBe("FAILED");
    expect(deadRun.error).toBe(failed.error);
    // The cooldown is given back and the decision recorded, so the next alert can start a job.
    const interrupted = await waitFor("the INTERRUPTED decision", () => prisma.retrainingTrigger.findFirst({ where: { trainingJobId: job.id, outcome: "INTERRUPTED" } }));
    expect(interrupted.reason).toBe("DRIFT");
    expect(interrupted.detail).toMatch(/^drifted: RM; interrupted: /);
    expect((await server.gql("{ retrainingPolicy { lastTriggeredAt } }")).data!.retrainingPolicy.lastTriggeredAt).toBeNull();

    // startTraining works again, and only one job is RUNNING.
    const next = await server.gql("mutation { startTraining(input: { searchIterations: 1, cvFolds: 2, experimentName: \"after-takeover\" }) { id status } }");
    expect(next.errors).toBeUndefined();
    expect(next.data!.startTraining.status).toBe("RUNNING");
    expect(await prisma.trainingJob.count({ where: { status: "RUNNING" } })).toBe(1);
    await server.app.services.training.idle();
    const done = await prisma.trainingJob.findUniqueOrThrow({ where: { id: next.data!.startTraining.id } });
    expect({ status: done.status, error: done.error }, done.error ?? "").toEqual({ status: "FINISHED", error: null });
  }, 600_000);

  it("a stale job never blocks startTraining (taken over at start or by the sweeper)", async () => {
    const prisma = server.app.database.prisma;
    const job = await prisma.trainingJob.create({ data: { status: "RUNNING", input: "{}", replicaId: "another-dead-replica", heartbeatAt: new Date(Date.now() - 60 * STALE_MS) } });
    const res = await server.gql("mutation { startTraining(input: { searchIterations: 1, cvFolds: 2, experimentName: \"takeover-at-start\" }) { id } }");
    expect(res.errors).toBeUndefined();
    expect((await prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("FAILED");
    await server.app.services.training.idle();
  }, 600_000);
});
