/** DataLoaders batch relation lookups: the number of SQL statements does not grow with the number of runs. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, startTestServer } from "../helpers/server.ts";

describe("per-request DataLoaders", () => {
  let server: TestServer;
  const statements: string[] = [];
  beforeAll(async () => {
    // Only the query's own tables: background work on the same client (the outbox poll every
    // EVENTS_POLL_MS, flushes of latency totals and keys' last use) must not count.
    const own = /FROM [`"]?\w*[`"]?\.?[`"](Experiment|Run|RunMetric|Artifact|ModelVersion)[`"]/;
    server = await startTestServer("sqlite", {}, { onQuery: (sql) => (own.test(sql) ? statements.push(sql) : undefined) });
    const db = server.app.database.prisma;
    for (let e = 0; e < 5; e++) {
      const experiment = await db.experiment.create({ data: { name: `loader-experiment-${e}` } });
      for (let r = 0; r < 10; r++) {
        const run = await db.run.create({ data: { experimentId: experiment.id, name: `run-${r}`, status: "FINISHED", algorithm: "ridge", params: "{}", features: "[]" } });
        await db.runMetric.createMany({ data: [{ runId: run.id, key: "test_rmse", value: r }, { runId: run.id, key: "test_r2", value: 0.5 }] });
      }
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const query = `{ experiments { name runs { name experiment { name } metrics { key value } artifacts { name } modelVersion { version } } } }`;

  it("resolves 50+ runs with their experiments, metrics, artifacts and versions in a bounded number of statements", async () => {
    await server.gql("{ health { status } champion { version } }"); // warms the API-key cache
    statements.length = 0;
    const res = await server.gql(query);
    expect(res.errors).toBeUndefined();
    const runs = res.data!.experiments.flatMap((e: { runs: unknown[] }) => e.runs);
    expect(runs.length).toBeGreaterThanOrEqual(51); // 50 seeded + the test model's run
    for (const e of res.data!.experiments) for (const r of e.runs) expect(r.experiment.name).toBe(e.name);
    // One statement per level of the query (experiments, runs, experiment, metrics, artifacts, versions),
    // whatever the number of runs; allow a little slack for Prisma's own statements.
    expect(statements.length).toBeGreaterThanOrEqual(6); // the hook sees the statements
    expect(statements.length).toBeLessThanOrEqual(10);
    const perRun = statements.length;

    // Ten more runs must not add statements.
    const db = server.app.database.prisma;
    const experiment = await db.experiment.findFirstOrThrow({ where: { name: "loader-experiment-0" } });
    for (let r = 10; r < 20; r++) await db.run.create({ data: { experimentId: experiment.id, name: `run-${r}`, status: "FINISHED", algorithm: "ridge", params: "{}", features: "[]" } });
    statements.length = 0;
    await server.gql(query);
    expect(statements.length).toBe(perRun);
  });
});
