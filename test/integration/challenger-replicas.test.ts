/**
 * Two replicas on one PostgreSQL and one Redis route and shadow alike: a challenger set or cleared
 * on one is applied by the other through the event (polling is set too slow to help here), canary
 * routing by key is identical on both, and shadow scores of either replica's traffic are stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routesToChallenger } from "../../src/modules/challengers/challenger-router.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { waitFor } from "../helpers/wait.ts";
import { type ServerProcess, spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, createSeededDatabase } from "../helpers/server.ts";
import { openDatabase } from "../../src/db/client.ts";

const REDIS_URL = process.env.TEST_REDIS_URL;
const PREDICT = "mutation($i: HousingFeaturesInput!, $k: String) { predict(input: $i, routingKey: $k) { id modelVersion challenger } }";
const KEYS = Array.from({ length: 30 }, (_, i) => `buyer-${i}`);

async function gql(url: string, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

/** The version each key gets from a replica. */
async function versions(url: string): Promise<number[]> {
  const out: number[] = [];
  for (const k of KEYS) out.push((await gql(url, PREDICT, { i: FIRST_ROW, k })).data.predict.modelVersion);
  return out;
}

describe.runIf(Boolean(process.env.TEST_DATABASE_URL && REDIS_URL))("challengers across two replicas", () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    database = await createSeededDatabase("postgresql", 2); // v2 champion, v1 archived
    const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_URL as string, ADMIN_API_KEY: ADMIN_KEY, CHAMPION_REFRESH_MS: "600000" };
    a = await spawnServer({ ...env, REPLICA_ID: "replica-a" });
    b = await spawnServer({ ...env, REPLICA_ID: "replica-b" });
  }, 120_000);
  afterAll(async () => {
    for (const p of [a, b]) if (p && p.child.exitCode === null) p.child.kill("SIGTERM");
    for (const p of [a, b]) if (p) await waitForExit(p.child);
    await database?.drop();
  });

  it("routes every key to the same version on both replicas once a canary is set on one", async () => {
    const set = await gql(a.url, "mutation { setChallenger(version: 1, mode: CANARY, trafficPercent: 30) { mode } }");
    expect(set.errors).toBeUndefined();
    const expected = KEYS.map((k) => (routesToChallenger(k, { name: "boston-housing", version: 1, trafficPercent: 30 }) ? 1 : 2));
    expect(expected).toContain(1);
    expect(expected).toContain(2);
    expect(await versions(a.url)).toEqual(expected);
    await waitFor("replica B to route like A", async () => JSON.stringify(await versions(b.url)) === JSON.stringify(expected), { timeoutMs: 60_000, intervalMs: 100 });
  });

  it("stores shadow scores of traffic on either replica once SHADOW is set on the other", async () => {
    const set = await gql(b.url, "mutation { setChallenger(version: 1, mode: SHADOW) { mode } }");
    expect(set.errors).toBeUndefined();
    // A applies the change from the event: all its answers come from the champion again.
    await waitFor("replica A to stop the canary", async () => (await versions(a.url)).every((v) => v === 2), { timeoutMs: 60_000, intervalMs: 100 });
    const pairedRows = async () => (await gql(a.url, "{ challengerReport { pairedRows } }")).data.challengerReport.pairedRows as number;
    const before = await pairedRows();
    const ids: string[] = [];
    for (const url of [a.url, b.url]) for (let i = 0; i < 5; i++) ids.push((await gql(url, PREDICT, { i: FIRST_ROW })).data.predict.id);
    // By prediction id: the probes above may still be storing shadow scores of their own, so a
    // count taken before would race with them.
    const db = openDatabase(database.url);
    try {
      await waitFor("the shadow scores of both replicas' predictions", async () => (await db.prisma.shadowPrediction.count({ where: { predictionId: { in: ids }, modelVersion: 1 } })) === ids.length, { timeoutMs: 60_000, intervalMs: 100 });
    } finally {
      await db.close();
    }
    expect(await pairedRows()).toBeGreaterThanOrEqual(before + ids.length);
  });

  it("stops on both replicas when cleared on one", async () => {
    expect((await gql(a.url, "mutation { setChallenger(version: 1, mode: CANARY, trafficPercent: 50) { mode } }")).errors).toBeUndefined();
    await waitFor("replica B to run the canary", async () => (await versions(b.url)).includes(1), { timeoutMs: 60_000, intervalMs: 100 });
    expect((await gql(a.url, "mutation { clearChallenger }")).data).toEqual({ clearChallenger: true });
    await waitFor("replica B to drop the challenger", async () => (await versions(b.url)).every((v) => v === 2), { timeoutMs: 60_000, intervalMs: 100 });
    expect((await gql(b.url, "{ challenger { mode } models { version aliases } }")).data).toEqual({
      challenger: null,
      models: [
        { version: 2, aliases: ["champion"] },
        { version: 1, aliases: [] },
      ],
    });
  });
});
