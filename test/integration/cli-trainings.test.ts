/**
 * #29 item 5: registration never loses a result. 20 `domus train` processes (two at a time, as
 * people and cron jobs run them) beside a production server under predict load on the same SQLite
 * database: every training answers with its registered version, 20 distinct versions land, and
 * every acknowledged prediction is stored. The server, the CLIs and the load all write at once,
 * which is where `database is locked` used to lose registrations (src/db/retry.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { type TestDatabase } from "../helpers/databases.ts";
import { type CommandResult, runNode, spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, createSeededDatabase } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../bin/domus.mjs", import.meta.url));
const TRAININGS = 20;
const AT_ONCE = 2;

describe("20 CLI trainings beside a server under predict load (sqlite)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase("sqlite");
  }, 180_000);
  afterAll(async () => {
    await database?.drop();
  });

  it("registers all 20 and stores every acknowledged prediction", async () => {
    const server = await spawnServer({ DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0" });
    const acknowledged: string[] = [];
    let stop = false;
    const clients = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const res = await fetch(`${server.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
          body: JSON.stringify({ query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", variables: { i: { ...FIRST_ROW, RM: 4 + ((c * 97 + i) % 100) / 25 } } }),
        });
        const json = (await res.json()) as { data?: { predict?: { id: string } } };
        if (json.data?.predict?.id) acknowledged.push(json.data.predict.id);
      }
    });
    try {
      await waitFor(() => `load before the trainings (got ${acknowledged.length})`, () => acknowledged.length >= 50, { timeoutMs: 60_000 });
      const before = await count();
      const results: CommandResult[] = [];
      // Distinct seeds: distinct splits, so no run is a bit-identical copy of another.
      const queue = Array.from({ length: TRAININGS }, (_, i) => i + 1);
      await Promise.all(
        Array.from({ length: AT_ONCE }, async () => {
          for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
            results.push(
              await runNode([BIN, "train", "--only", "ridge", "--seed", String(seed), "--workers", "0", "--no-promote", "--json"], {
                ...process.env,
                NODE_ENV: "production",
                DATABASE_URL: database.url,
                LOG_LEVEL: "warn",
              }),
            );
          }
        }),
      );
      const versions = results.map((r) => {
        // 0: a passing CANDIDATE (--no-promote); 3: registered but below the gate. Both registered.
        expect([0, 3], r.stderr).toContain(r.code);
        return (JSON.parse(r.stdout) as { registration: { version: number } }).registration.version;
      });
      expect(new Set(versions).size).toBe(TRAININGS);
      expect(await count()).toBe(before + TRAININGS);
    } finally {
      stop = true;
      await Promise.all(clients);
      server.child.kill("SIGTERM");
      expect(await waitForExit(server.child)).toBe(0);
    }
    const db = openDatabase(database.url);
    try {
      let found = 0;
      for (let i = 0; i < acknowledged.length; i += 500) found += await db.prisma.prediction.count({ where: { id: { in: acknowledged.slice(i, i + 500) } } });
      expect(found).toBe(acknowledged.length);
    } finally {
      await db.close();
    }
  }, 900_000);

  async function count(): Promise<number> {
    const db = openDatabase(database.url);
    try {
      return await db.prisma.modelVersion.count();
    } finally {
      await db.close();
    }
  }
});
