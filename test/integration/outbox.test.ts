/**
 * Events from every process (the outbox): a promotion made by `domus train` — a separate process
 * writing the same database — reaches a running server's `modelPromoted` subscribers, and from
 * then on predict serves the promoted version and the `champion` query reports it. With two
 * replicas on one PostgreSQL database each subscriber gets every promotion exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { domusTrain } from "../helpers/process.ts";
import { FIRST_ROW, TEST_MODEL, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";
import { createLogger } from "../../src/logger.ts";
import { trainAndRegister, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";

/** Generous: the outbox is polled every EVENTS_POLL_MS, but the host is shared. */
const DEADLINE_MS = 15_000;
const PROMOTED = "subscription { modelPromoted { version status } }";

/** `domus train` in its own process: TEST_MODEL with one more tree (not identical), a gate it passes. */
function cliTrain(databaseUrl: string) {
  const params = JSON.stringify({ ...TEST_MODEL.params, nEstimators: TEST_MODEL.params.nEstimators + 1 });
  return domusTrain(databaseUrl, ["--only", TEST_MODEL.algorithm, "--params", params]);
}

/** Version 1, champion: TEST_MODEL on the dataset the server registered from DATA_PATH (the CLI trains on the same one). */
async function seedChampion(server: TestServer) {
  const datasets = server.app.services.datasets;
  const { id } = await datasets.resolve("boston-housing@1");
  const { data } = await datasets.load(id);
  const request = { ...trainingRequestFromConfig(server.app.config, "full", false), dataset: { id, data }, only: TEST_MODEL, workers: 1 };
  const { registration } = await trainAndRegister(server.app.database.prisma, request, createLogger({ logLevel: "silent" }));
  expect(registration).toMatchObject({ version: 1, status: "CHAMPION" });
  await server.app.services.modelStore.refresh();
}

async function served(server: TestServer) {
  const res = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { modelVersion } } ", { i: FIRST_ROW });
  const champion = await server.gql("{ champion { version status } }");
  return { predicted: res.data?.predict?.modelVersion as number, champion: champion.data?.champion as { version: number; status: string } };
}

describe.each(DATABASE_KINDS)("events from every process (%s)", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    // No champion polling: only the outbox can tell this server about the CLI's promotion.
    server = await startTestServer(kind, { CHAMPION_REFRESH_MS: "0", EVENTS_POLL_MS: "200" }, { train: false });
    await seedChampion(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a promotion by `domus train` in another process is published, served and reported by the running server", async () => {
    expect(await served(server)).toEqual({ predicted: 1, champion: { version: 1, status: "CHAMPION" } });
    const promoted = await subscribe<{ modelPromoted: { version: number; status: string } }>(server, PROMOTED);
    try {
      const cli = await cliTrain(server.database.url);
      expect(cli.code, `${cli.stdout}\n${cli.stderr}`).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ registration: { version: 2, status: "CHAMPION" } });
      // The seeded version 1's own event may still arrive first (it was written before this
      // subscription and the outbox is polled): what follows it is what this test is about.
      const events = await promoted.until("modelPromoted for version 2", (e) => e.some((x) => x.data?.modelPromoted.version === 2), DEADLINE_MS);
      const versions = (e: typeof events) => e.map((x) => x.data?.modelPromoted.version);
      const fromV2 = (e: typeof events) => versions(e).slice(versions(e).indexOf(2));
      expect(versions(events).slice(0, versions(events).indexOf(2))).toEqual(versions(events).indexOf(2) === 0 ? [] : [1]);
      expect(events.find((x) => x.data?.modelPromoted.version === 2)?.data?.modelPromoted).toEqual({ version: 2, status: "CHAMPION" });
      // Published after the swap: the next predict and the champion query agree with the event.
      expect(await served(server)).toEqual({ predicted: 2, champion: { version: 2, status: "CHAMPION" } });

      // A rollback through the API is one more outbox event on the same path: once it arrives,
      // the earlier one has not been published twice (this server wrote it; no in-process copy).
      const rollback = await server.gql("mutation { rollbackModel { version } }");
      expect(rollback.errors).toBeUndefined();
      const all = await promoted.until("modelPromoted for the rollback to version 1", (e) => fromV2(e).includes(1), DEADLINE_MS);
      expect(fromV2(all)).toEqual([2, 1]);
      expect(await served(server)).toEqual({ predicted: 1, champion: { version: 1, status: "CHAMPION" } });
    } finally {
      await promoted.close();
    }
  });

  it("a key revocation writes its event to the outbox table with it", async () => {
    const rows = await server.app.database.prisma.outboxEvent.findMany({ orderBy: { id: "asc" }, select: { topic: true } });
    expect(rows.map((r) => r.topic)).toEqual(["MODEL_PROMOTED", "MODEL_PROMOTED", "MODEL_PROMOTED"]); // version 1, the CLI, the rollback
    const key = await server.gql<{ createApiKey: { apiKey: { id: string } } }>('mutation { createApiKey(name: "short-lived", role: READ) { apiKey { id } } }');
    await server.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: key.data?.createApiKey.apiKey.id });
    const topics = (await server.app.database.prisma.outboxEvent.findMany({ orderBy: { id: "asc" }, select: { topic: true } })).map((r) => r.topic);
    expect(topics.at(-1)).toBe("KEY_REVOKED");
  });
});

describe.runIf(DATABASE_KINDS.includes("postgresql"))("events from every process: two replicas on PostgreSQL", () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const env = { CHAMPION_REFRESH_MS: "0", EVENTS_POLL_MS: "200", ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}) };
    a = await startTestServer("postgresql", env, { train: false });
    await seedChampion(a);
    b = await startTestServer("postgresql", env, { train: false, database: a.database });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it("each replica's subscriber gets a CLI promotion exactly once, and both serve it", async () => {
    const onA = await subscribe<{ modelPromoted: { version: number } }>(a, PROMOTED);
    const onB = await subscribe<{ modelPromoted: { version: number } }>(b, PROMOTED);
    try {
      const cli = await cliTrain(a.database.url);
      expect(cli.code, `${cli.stdout}\n${cli.stderr}`).toBe(0);
      for (const s of [onA, onB]) await s.until("modelPromoted for version 2", (e) => e.some((x) => x.data?.modelPromoted.version === 2), DEADLINE_MS);
      for (const s of [a, b]) expect(await served(s)).toEqual({ predicted: 2, champion: { version: 2, status: "CHAMPION" } });
      // A rollback on A: once both replicas published it, neither published version 2 twice.
      expect((await a.gql("mutation { rollbackModel { version } }")).errors).toBeUndefined();
      for (const s of [onA, onB]) {
        // (A may first publish the seeded version 1's own event, written before this subscription.)
        const after2 = (e: { data?: { modelPromoted: { version: number } } | null }[]) => {
          const v = e.map((x) => x.data?.modelPromoted.version);
          return v.slice(v.indexOf(2));
        };
        const all = await s.until("modelPromoted for the rollback", (e) => after2(e).includes(1), DEADLINE_MS);
        expect(after2(all)).toEqual([2, 1]);
      }
      for (const s of [a, b]) expect(await served(s)).toEqual({ predicted: 1, champion: { version: 1, status: "CHAMPION" } });
    } finally {
      await onA.close();
      await onB.close();
    }
  });
});
