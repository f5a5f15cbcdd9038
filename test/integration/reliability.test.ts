/** Faults: unloadable model versions, and the database going away and coming back. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createTestDatabase } from "../helpers/databases.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, createSeededDatabase, startTestServer, trainTestModel } from "../helpers/server.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";
import { waitFor } from "../helpers/wait.ts";

const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id modelVersion } }";

describe("an unloadable model version", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is never promoted, and a corrupt champion written by someone else never replaces the serving one", async () => {
    const db = server.app.database.prisma;
    const good = await db.modelVersion.findFirstOrThrow({ where: { status: "CHAMPION" } });
    const { id: _id, runId: _run, createdAt: _c, promotedAt: _p, ...fields } = good;
    await db.modelVersion.create({ data: { ...fields, version: 2, status: "CANDIDATE", aliases: "[]", artifact: '{"name":"TabularModel","formatVersion":1,"features":[]}' } });
    const res = await server.gql("mutation { promoteModel(version: 2) { version } }");
    expect(res.errors![0]!.extensions.code).toBe("CONFLICT");
    expect(res.errors![0]!.message).toMatch(/cannot be served/);
    expect(server.app.services.modelStore.champion!.version).toBe(1);

    // Another process flips the champion to the corrupt version behind our back.
    await db.modelVersion.update({ where: { id: good.id }, data: { status: "ARCHIVED" } });
    await db.modelVersion.update({ where: { name_version: { name: good.name, version: 2 } }, data: { status: "CHAMPION" } });
    await server.app.services.modelStore.refresh();
    expect(server.app.services.modelStore.champion!.version).toBe(1);
    expect((await server.gql(PREDICT, { i: FIRST_ROW })).data!.predict.modelVersion).toBe(1);
    const health = await server.gql("{ health { status reasons championVersion } }");
    expect(health.data!.health.status).toBe("degraded");
    expect(health.data!.health.championVersion).toBe(1);
    expect(health.data!.health.reasons.join(" ")).toMatch(/champion version 2 cannot be loaded .* version 1 keeps serving/);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});

describe("a broken DATA_PATH with a champion in the database", () => {
  it("is a warning and a health reason, not a fatal start-up error: the champion serves", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const broken = join(mkdtempSync(join(tmpdir(), "domus-data-")), "broken.csv");
    writeFileSync(broken, "CRIM,ZN\nnot,a,housing,file\n");
    const database = await createSeededDatabase("sqlite");
    const app = await createApp(loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: database.url, DATA_PATH: broken, TRAIN_ON_START: "true", TRAIN_WORKERS: "0", ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0", LOG_LEVEL: "silent" }));
    const url = await app.listen();
    const gql = async (query: string, variables?: unknown) =>
      (await (await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: JSON.stringify({ query, variables }) })).json()) as { data: any };
    try {
      expect((await gql(PREDICT, { i: FIRST_ROW })).data.predict.modelVersion).toBe(1);
      const health = await gql("{ health { status reasons } }");
      expect(health.data.health.status).toBe("degraded");
      expect(health.data.health.reasons.join(" ")).toMatch(/DATA_PATH .*broken\.csv is unusable .*champion version 1 serves/);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      await app.stop();
      await database.drop();
    }
  });
});

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("PostgreSQL going away", () => {
  it("fails fast with a clear error, reports it on /readyz, and recovers by itself", async () => {
    const target = new URL(process.env.TEST_DATABASE_URL as string);
    // The test database is created and seeded directly; the app connects through the proxy.
    const database = await createTestDatabase("postgresql");
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(database.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    await migrate(database.url);
    const seed = openDatabase(database.url);
    const config = loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: viaProxy.toString(), TRAIN_ON_START: "false", TRAIN_WORKERS: "0", ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0", CHAMPION_REFRESH_MS: "0", API_KEY_CACHE_TTL_MS: "100" });
    await trainTestModel(seed.prisma, config);
    await seed.close();
    const app = await createApp(config);
    const url = await app.listen();
    const predict = () =>
      fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: JSON.stringify({ query: PREDICT, variables: { i: FIRST_ROW } }) });
    // Predict load across the outage: every answer is 200 (and stored), 503 SERVICE_UNAVAILABLE
    // (with Retry-After) or 503 COMMIT_OUTCOME_UNKNOWN; never a 500; the process never dies.
    const statuses = new Map<string, number>();
    const acknowledged: string[] = [];
    let loading = true;
    const load = Array.from({ length: 6 }, async () => {
      while (loading) {
        const res = await predict();
        const json = (await res.json()) as { data?: { predict?: { id: string } }; errors?: { extensions: { code: string } }[] };
        const key = `${res.status} ${json.errors?.[0]?.extensions.code ?? "ok"}${res.status === 503 && !res.headers.get("retry-after") ? " (no retry-after)" : ""}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (json.data?.predict?.id) acknowledged.push(json.data.predict.id);
      }
    });
    try {
      await waitFor("predictions under load", () => acknowledged.length >= 50, { timeoutMs: 60_000 });
      await proxy.stop(); // every connection dropped mid-flight, COPYs included
      const started = Date.now();
      const down = await predict();
      const elapsed = Date.now() - started;
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("2");
      const body = (await down.json()) as { errors: { message: string; extensions: { code: string; reason: string } }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "DATABASE_UNAVAILABLE" });
      expect(body.errors[0]!.message).toMatch(/database is unavailable.*nothing was stored/);
      // Fails fast (the 2 s connect timeout), not a hang until the 30 s request timeout; the bound
      // between the two leaves room for a loaded machine.
      expect(elapsed).toBeLessThan(20_000);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ database: false });
      // The API key cache (API_KEY_CACHE_TTL_MS=100 here) expires during the outage, so the load
      // also meets failing key lookups: those answer 503 too (they were 500 "Unexpected error.").

      await proxy.start();
      await waitFor("predictions to succeed again", async () => (await predict()).status === 200, { intervalMs: 200 });
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const before = acknowledged.length;
      await waitFor("predictions under load after the outage", () => acknowledged.length >= before + 20, { timeoutMs: 60_000 });
      loading = false;
      await Promise.all(load);
      const seen = [...statuses.keys()];
      expect(seen.filter((k) => !/^(200 ok|503 SERVICE_UNAVAILABLE|503 COMMIT_OUTCOME_UNKNOWN)$/.test(k)), JSON.stringify([...statuses])).toEqual([]);
      const stored = await app.database.prisma.prediction.count({ where: { id: { in: acknowledged } } });
      expect(stored).toBe(acknowledged.length);
    } finally {
      loading = false;
      await Promise.all(load).catch(() => undefined);
      await app.stop();
      await proxy.close();
      await database.drop();
    }
  }, 300_000);
});
