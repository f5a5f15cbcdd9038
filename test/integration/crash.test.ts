/**
 * Durability under a crash: a server process killed with SIGKILL under load. Every prediction a
 * client received an answer for must be in the database afterwards, and the monitoring rollups
 * and drift samples (written in the same transactions) agree with the rows that survived, also when the kill lands
 * in the middle of a large batch's chunks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { DATABASE_KINDS, type TestDatabase, createTestDatabase } from "../helpers/databases.ts";
import { spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, createSeededDatabase } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";
import { expectRollupsMatchRows } from "../helpers/rollups.ts";
import { expectSamplesMatchRows } from "../helpers/drift-samples.ts";

/** Predictions acknowledged before the kill: enough to have group commits in flight when it lands. */
const ACKNOWLEDGED = 200;

describe.each(DATABASE_KINDS)("SIGKILL under load on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("loses no acknowledged prediction", async () => {
    const server = await spawnServer({ DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0", DRIFT_SAMPLE_SIZE: "5000" });
    const acknowledged: string[] = [];
    let stop = false;
    const body = (i: number) =>
      JSON.stringify({ query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", variables: { i: { ...FIRST_ROW, RM: 4 + (i % 100) / 25 } } });
    // 16 clients predicting as fast as they can; each records the ids it got an answer for.
    const clients = Array.from({ length: 16 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: body(c * 1000 + i) });
          const json = (await res.json()) as { data?: { predict?: { id: string } } };
          if (json.data?.predict?.id) acknowledged.push(json.data.predict.id);
        } catch {
          return; // connection reset by the kill: this request was never acknowledged
        }
      }
    });
    // One client sends 8,000-row columnar batches (logged chunk by chunk, in one transaction each):
    // the kill is likely to land between two chunks of one.
    const BATCH_ROWS = 8000;
    const columns = Object.fromEntries(Object.entries(FIRST_ROW).map(([k, v]) => [k, Array.from({ length: BATCH_ROWS }, (_, i) => (k === "RM" ? 4 + (i % 100) / 25 : v))]));
    const batches = (async () => {
      while (!stop) {
        try {
          await fetch(`${server.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
            body: JSON.stringify({ query: "mutation($c: HousingColumnsInput!) { batchPredictColumns(input: $c) { count } }", variables: { c: columns } }),
          });
        } catch {
          return;
        }
      }
    })();
    // Kill under load once a fixed amount of work was acknowledged (not after a time: on a busy
    // machine a second may see few answers); the 16 clients keep predicting until the kill.
    await waitFor(() => `${ACKNOWLEDGED} acknowledged predictions (got ${acknowledged.length})`, () => acknowledged.length >= ACKNOWLEDGED, { timeoutMs: 120_000 });
    server.child.kill("SIGKILL");
    await waitForExit(server.child);
    stop = true;
    await Promise.all([...clients, batches]);

    const db = openDatabase(database.url);
    try {
      const found = new Set<string>();
      for (let i = 0; i < acknowledged.length; i += 500) {
        const rows = await db.prisma.prediction.findMany({ where: { id: { in: acknowledged.slice(i, i + 500) } }, select: { id: true } });
        for (const r of rows) found.add(r.id);
      }
      const missing = acknowledged.filter((id) => !found.has(id));
      expect(missing).toEqual([]);
      // Rows and rollups committed together: whatever survived, they describe the same rows.
      expect(await expectRollupsMatchRows(db)).toBeGreaterThan(0);
      // And the drift samples: each window counts the surviving rows and holds only surviving rows.
      expect(await expectSamplesMatchRows(db)).toBeGreaterThan(0);
    } finally {
      await db.close();
    }

    // The database is consistent and serving resumes after the crash.
    const restarted = await spawnServer({ DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, DRIFT_SAMPLE_SIZE: "5000" });
    try {
      expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
      const res = await fetch(`${restarted.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: body(1) });
      expect(((await res.json()) as { data: { predict: { id: string } } }).data.predict.id).toBeTruthy();
    } finally {
      restarted.child.kill("SIGTERM");
      expect(await waitForExit(restarted.child)).toBe(0);
    }
  }, 300_000);
});
