/**
 * Two replicas on one PostgreSQL and one Redis behave as one system: a subscriber on one receives
 * predictions made on the other, a promotion on one is served by the other, and when the leader
 * dies the other replica takes over the background jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/databases.ts";
import { type ServerProcess, spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, TEST_REDIS_CHANNEL_PREFIX, createSeededDatabase } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

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
    const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_URL as string, REDIS_CHANNEL_PREFIX: TEST_REDIS_CHANNEL_PREFIX, ADMIN_API_KEY: ADMIN_KEY, LEADER_CHECK_MS: "300", CHAMPION_REFRESH_MS: "3600000", DRIFT_CHECK_EVERY: "5", DRIFT_CHECK_MIN_INTERVAL_MS: "1000" };
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
      // A's subscription reaches Redis, and B learns of it (PUBSUB NUMSUB, polled), at their own
      // pace: predict on B until one of its predictions arrives on A.
      const made = new Map<string, { id: string; value: number; createdAt: string }>();
      const event = await waitFor("a prediction made on B to arrive on A", async () => {
        const arrived = received.find((e) => made.has(e.data?.predictionMade?.id));
        if (arrived) return arrived;
        const res = await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id value createdAt } }", { i: FIRST_ROW });
        made.set(res.data.predict.id, res.data.predict);
        return null;
      }, { intervalMs: 200 });
      expect(received.every((e) => made.has(e.data?.predictionMade?.id))).toBe(true); // nothing from elsewhere (the channel prefix)
      const sent = made.get(event.data.predictionMade.id)!;
      expect(event.data.predictionMade).toMatchObject({ id: sent.id, value: sent.value, createdAt: sent.createdAt, modelVersion: 2 });
      expect(event.data.predictionMade.features).toEqual(FIRST_ROW);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  it("serves a promotion made on A from B through the Redis event, without failing requests", async () => {
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
    // Only the Redis event can do it: CHAMPION_REFRESH_MS polling (an hour here) comes long after the deadline.
    await waitFor("B serving version 1", async () => (await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { modelVersion } }", { i: FIRST_ROW })).data?.predict.modelVersion === 1);
    stop = true;
    await load;
    expect(failures).toEqual([]);
  });

  it("hands leadership over when the leader dies", async () => {
    a.child.kill("SIGKILL");
    await waitForExit(a.child);
    await waitFor("B to become leader", async () => (await gql(b.url, "{ health { leader } }")).data?.health.leader === true);
    // Background work now runs on B: automatic drift checks over the cluster's traffic.
    const before = (await gql(b.url, "{ driftReports(limit: 200) { id } }")).data.driftReports.length;
    for (let i = 0; i < 10; i++) await gql(b.url, "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", { i: FIRST_ROW });
    await waitFor("an automatic drift check on B", async () => (await gql(b.url, "{ driftReports(limit: 200) { id } }")).data.driftReports.length > before, { intervalMs: 200 });
  });
});
