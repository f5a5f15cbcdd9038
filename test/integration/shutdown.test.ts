/**
 * Graceful shutdown under load: SIGTERM makes /readyz 503 and new requests 503, lets in-flight
 * requests finish, flushes the prediction log and exits 0. Every prediction the server stored was
 * answered to its client, and every answered one is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { runNode, spawnServer, waitForExit } from "../helpers/process.ts";
import { RawSocket } from "../helpers/ws.ts";
import { ADMIN_KEY, FIRST_ROW, createSeededDatabase } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

/** Predictions acknowledged before the kill: enough to have group commits in flight when it lands. */
const ACKNOWLEDGED = 200;

describe("SIGTERM under load", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createSeededDatabase("sqlite");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("in production (NODE_ENV=production, as npm start and the Dockerfile run it): answers every request sent before the signal, closes sockets 1001, stores every answered prediction and exits 0", async () => {
    // Production, not test: Apollo installs its own SIGTERM handler unless NODE_ENV=test, and that
    // one killed the process mid-drain (exit 143, requests cut, sockets 1006).
    const server = await spawnServer({ NODE_ENV: "production", DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0" });
    const socket = await RawSocket.open(server.url, ADMIN_KEY);
    expect(socket.acknowledged).toBe(true);
    socket.subscribe("subscription { predictionMade { id } }");
    const body = JSON.stringify({ query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", variables: { i: FIRST_ROW } });
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    let signalled = false;
    /** Requests sent before the signal that got no HTTP answer (the connection was cut). */
    let cutBeforeSignal = 0;
    const clients = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const sentBeforeSignal = !signalled;
        try {
          const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const json = (await res.json()) as { data?: { predict?: { id: string } } };
          if (json.data?.predict?.id) acknowledged.push(json.data.predict.id);
        } catch {
          if (sentBeforeSignal) cutBeforeSignal++;
          return; // refused: the server stopped listening
        }
      }
    });
    // Kill under load once a fixed amount of work was acknowledged (not after a time: on a busy
    // machine a second may see few answers); the 16 clients keep predicting until the kill.
    await waitFor(() => `${ACKNOWLEDGED} acknowledged predictions (got ${acknowledged.length})`, () => acknowledged.length >= ACKNOWLEDGED, { timeoutMs: 120_000 });
    signalled = true;
    server.child.kill("SIGTERM");
    const code = await waitForExit(server.child);
    stop = true;
    await Promise.all(clients);
    await socket.until(() => socket.closeCode !== null);
    expect(code, server.output().slice(-3000)).toBe(0);
    expect(server.child.signalCode).toBeNull();
    expect(cutBeforeSignal).toBe(0);
    expect(socket.closeCode).toBe(1001);
    expect(server.output()).toMatch(/shutting down/);
    expect([...statuses.keys()].every((s) => s === 200 || s === 503)).toBe(true);
    const db = openDatabase(database.url);
    try {
      const stored = await db.prisma.prediction.count();
      expect(stored).toBe(acknowledged.length);
    } finally {
      await db.close();
    }
  }, 300_000);

  it("manages keys offline with domus keys", async () => {
    const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "silent" };
    const keys = async (...args: string[]) => {
      const result = await runNode(["bin/domus.mjs", "keys", ...args], env);
      expect(result, result.stderr).toMatchObject({ code: 0 });
      return result.stdout;
    };
    const secret = (await keys("create", "ops", "READ")).trim();
    expect(secret).toMatch(/^domus_/);
    const list = JSON.parse(await keys("list", "--json")) as { id: string; name: string; role: string; revokedAt: string | null }[];
    const ops = list.find((k) => k.name === "ops")!;
    expect(ops).toMatchObject({ role: "READ", revokedAt: null });
    await keys("revoke", ops.id);
    const after = JSON.parse(await keys("list", "--json")) as { id: string; revokedAt: string | null }[];
    expect(after.find((k) => k.id === ops.id)!.revokedAt).not.toBeNull();
    const bad = await runNode(["bin/domus.mjs", "keys", "create", "x", "ROOT"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("<ADMIN|PREDICT|READ>");
  }, 600_000); // five CLI processes, each compiling through tsx (about 30 s each on a loaded machine)
});
