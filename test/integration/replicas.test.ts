/**
 * Two replicas on one PostgreSQL and one Redis behave as one system: a subscriber on one receives
 * predictions made on the other, a promotion on one is served by the other, and when the leader
 * dies the other replica takes over the background jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/eventually.ts";
import { type ServerProcess, spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, createSeededDatabase } from "../helpers/server.ts";

const REDIS_URL = process.env.TEST_REDIS_URL;

async function gql(url: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

describe.runIf(Boolean(process.env.TEST_DATABASE_URL && REDIS_URL))("two replicas on PostgreSQL and Redis", () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    // Two versions: the second passes the gate (equal RMSE) and becomes champion; 1 is archived.
    database = await createSeededDatabase("postgresql", 2);
    const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_URL as string, ADMIN_API_KEY: ADMIN_KEY, LEADER_CHECK_MS: "300", CHAMPION_REFRESH_MS: "60000", DRIFT_CHECK_EVERY: "5", DRIFT_CHECK_MIN_INTERVAL_MS: "1000" };
    a = await spawnServer({ ...env, REPLICA_ID: "replica-a" });
    b = await spawnServer({ ...env, REPLICA_ID: "replica-b" });
  });
  afterAll(async () => {
    for (const p of [a, b]) if (p && p.child.exitCode === null) p.child.kill("SIGTERM");
    for (const p of [a, b]) if (p) await waitForExit(p.child);
    await database?.drop();
  });

  it("elects exactly one leader", async () => {
    const [ha, hb] = await Promise.all([gql(a.url, "{ health { replicaId leader } }"), gql(b.url, "{ health { replicaId leader } }")]);
    expect([ha.data.health.replicaId, hb.data.health.replicaId]).toEqual(["replica-a", "replica-b"]);
    expect([ha.data.health.leader, hb.data.health.leader].filter(Boolean)).toHaveLength(1);
    expect(ha.data.health.leader).toBe(true); // a started first
  });

  it("delivers a prediction made on B to a subscriber on A, with its types intact", async () => {
    const { createClient } = await import("graphql-ws");
    const { default: WebSocket } = await import("ws");
    const client = createClient({ url: `${a.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: ADMIN_KEY }, retryAttempts: 0 });
    const received: any[] = [];
    const dispose = client.subscribe({ query: "subscription { predictionMade { id value modelVersion createdAt features } }" }, { next: (v) => received.push(v), error: () => undefined, complete: () => undefined });
    try {
      await new Promise((r) => setTimeout(r, 1500)); // subscribed, and B has seen the subscriber count in Redis
      const made = await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id value createdAt } }", { i: FIRST_ROW });
      const event = await eventually(async () => received.find((e) => e.data?.predictionMade?.id === made.data.predict.id), 5000, "the event on A");
      expect(event.data.predictionMade).toMatchObject({ id: made.data.predict.id, value: made.data.predict.value, createdAt: made.data.predict.createdAt, modelVersion: 2 });
      expect(event.data.predictionMade.features).toEqual(FIRST_ROW);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it("serves a promotion made on A from B within the bounded time, without failing requests", async () => {
    const failures: unknown[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const r = await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { modelVersion } }", { i: FIRST_ROW });
        if (r.errors) failures.push(r.errors);
      }
    })();
    const promoted = await gql(a.url, "mutation { promoteModel(version: 1) { version status } }");
    expect(promoted.data.promoteModel).toEqual({ version: 1, status: "CHAMPION" });
    const started = Date.now();
    await eventually(async () => (await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { modelVersion } }", { i: FIRST_ROW })).data?.predict.modelVersion === 1, 3000, "B serving version 1");
    const swapMs = Date.now() - started;
    stop = true;
    await load;
    expect(failures).toEqual([]);
    expect(swapMs).toBeLessThan(3000); // via the Redis event; CHAMPION_REFRESH_MS polling is the slower fallback
  });

  it("hands leadership over when the leader dies", async () => {
    a.child.kill("SIGKILL");
    await waitForExit(a.child);
    await eventually(async () => (await gql(b.url, "{ health { leader } }")).data?.health.leader === true, 10_000, "B to become leader");
    // Background work now runs on B: automatic drift checks over the cluster's traffic.
    const before = (await gql(b.url, "{ driftReports(limit: 500) { id } }")).data.driftReports.length;
    for (let i = 0; i < 10; i++) await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", { i: FIRST_ROW });
    await eventually(async () => (await gql(b.url, "{ driftReports(limit: 500) { id } }")).data.driftReports.length > before, 8000, "an automatic drift check on B");
  });
});
