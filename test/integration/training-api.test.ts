/** startTraining over HTTP with trainingProgress over graphql-ws; the quick set trained at first start. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_ROW, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";

describe("startTraining", () => {
  let server: TestServer;
  beforeAll(async () => {
    // One worker thread: the pipeline's CPU work runs off the event loop, as in production.
    server = await startTestServer("sqlite", { TRAIN_WORKERS: "1" });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it("rejects bad input naming the fields", async () => {
    const res = await server.gql("mutation { startTraining(input: { searchIterations: 0, cvFolds: 1, seed: -1 }) { id } }");
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.searchIterations", "input.cvFolds", "input.seed"] });
  });

  it("runs the pipeline off the request path, streams progress and registers the result", async () => {
    const started = await server.gql("mutation { startTraining(input: { searchIterations: 2, cvFolds: 2, experimentName: \"api-job\" }) { id status startedAt } }");
    expect(started.errors).toBeUndefined();
    const job = started.data!.startTraining;
    expect(job.status).toBe("RUNNING");
    const progress = await subscribe(server, "subscription($id: ID!) { trainingProgress(jobId: $id) { jobId stage completed total status message } }", { id: job.id });
    try {
      // A second job while one runs is a conflict.
      const second = await server.gql("mutation { startTraining { id } }");
      expect(second.errors![0]!.extensions.code).toBe("CONFLICT");
      // Serving keeps answering while training runs.
      const predicted = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", { i: FIRST_ROW });
      expect(predicted.errors).toBeUndefined();
      // Finished or failed, as the job's last event says; the deadline is a failure bound for a loaded machine.
      const received = await progress.until("the job's last progress event", (events) => events.some((e) => ["FINISHED", "FAILED"].includes((e.data as any)?.trainingProgress?.status)), 480_000);
      const events = received.map((e) => (e.data as any).trainingProgress);
      expect(events.every((e) => e.jobId === job.id)).toBe(true);
      const last = events.at(-1);
      expect(last).toMatchObject({ stage: "done", status: "FINISHED" });
      // The test champion was fitted on a given split, not on a dataset version: the gate registers
      // the result without comparing (CANDIDATE, "not compared"), or compares when the data match.
      expect(last.message).toMatch(/^version 2 (CHAMPION|REJECTED|CANDIDATE)/);
      expect(events.some((e) => e.stage.includes("gbdt-search-all-features") && e.total === 2)).toBe(true);
    } finally {
      await progress.close();
    }
    const after = await server.gql("query($id: ID!) { trainingJob(id: $id) { status finishedAt experiment { name runs { name status } } } }", { id: job.id });
    const finished = after.data!.trainingJob;
    expect(finished.status).toBe("FINISHED");
    expect(finished.experiment.name).toBe("api-job");
    expect(finished.experiment.runs).toHaveLength(6);
    expect(finished.experiment.runs.every((r: { status: string }) => r.status === "FINISHED")).toBe(true);
    expect(finished.experiment.runs.map((r: { name: string }) => r.name)).toContain("baselines/random-forest");
  }, 600_000);
});

describe("first start on an empty database", () => {
  it("trains the quick default set, registers the best by CV and becomes ready", async () => {
    const server = await startTestServer("sqlite", { TRAIN_ON_START: "true", TRAIN_WORKERS: "2" }, { train: false });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const res = await server.gql("{ experiments { id name runs { name algorithm status metrics { key value } artifacts { name url contentType } } } champion { version algorithm } }");
      expect(res.errors).toBeUndefined();
      const quick = res.data!.experiments.find((e: { name: string }) => e.name === "quick-start");
      expect(quick.runs.map((r: { name: string }) => r.name).sort()).toEqual(["gbdt-default", "random-forest", "ridge"]);
      const cv = (r: { metrics: { key: string; value: number }[] }) => r.metrics.find((m) => m.key === "cv_rmse_mean")!.value;
      const bestRun = await server.gql("query($id: ID!) { experiment(id: $id) { bestRun { name } } }", { id: quick.id });
      const best = quick.runs.reduce((a: any, b: any) => (cv(b) < cv(a) ? b : a));
      expect(res.data!.champion.algorithm).toBe(best.algorithm);
      // bestRun ranks by CV by default, like the registration.
      expect(bestRun.data!.experiment.bestRun.name).toBe(best.name);
      // Artifacts are served over HTTP with their content type.
      const artifact = quick.runs[0].artifacts[0];
      const svg = await fetch(`${server.url}${artifact.url}`);
      expect(svg.status).toBe(200);
      expect(svg.headers.get("content-type")).toBe("image/svg+xml");
      expect(await svg.text()).toMatch(/^<svg/);
    } finally {
      await server.close();
    }
  }, 600_000);
});
