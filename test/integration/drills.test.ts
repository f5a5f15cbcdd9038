/**
 * Fault drill: the server's own PostgreSQL is stopped under predict load and started again. The
 * drill runs a private PostgreSQL (initdb into a temporary directory, a free port) so that stopping
 * it touches nothing else, and a Domus server started as production starts it (bin/domus.mjs serve,
 * NODE_ENV=production). Invariants only: the process stays alive, answers are 200 or 503 (never
 * 500), it serves again after the restart, and every acknowledged prediction is stored.
 */
import { type ChildProcess, execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { spawnServer, waitForExit } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, trainTestModel } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const BIN = "/usr/lib/postgresql/15/bin";
const havePostgres = existsSync(join(BIN, "initdb")) && spawnSync("id", ["-u", "postgres"]).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private PostgreSQL cluster, run as the postgres user (it refuses to run as root). */
async function ownPostgres() {
  const dir = mkdtempSync(join(tmpdir(), "domus-drill-pg-"));
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
  chownSync(dir, uid, gid);
  const data = join(dir, "data");
  const asPostgres = (cmd: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", join(BIN, cmd), ...args], { stdio: "pipe" });
  asPostgres("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: () => asPostgres("pg_ctl", ["-D", data, "-o", options, "-w", "-t", "120", "-l", join(dir, "log"), "start"]),
    stop: () => asPostgres("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "120", "stop"]),
    remove: () => {
      try {
        asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.runIf(havePostgres || process.env.DOMUS_DRILLS === "required")("PostgreSQL stopped under predict load (own cluster, production server)", () => {
  it("keeps the replica alive, answers 503 (never 500) during the outage, serves again after the restart, and stores every acknowledged prediction", async () => {
    const pg = await ownPostgres();
    let server: { child: ChildProcess; url: string; output: () => string } | undefined;
    try {
      pg.start();
      await migrate(pg.url);
      const db = openDatabase(pg.url);
      try {
        await trainTestModel(db.prisma, loadConfig({ DATABASE_URL: pg.url, TRAIN_WORKERS: "0" }));
      } finally {
        await db.close();
      }
      server = await spawnServer({ DATABASE_URL: pg.url, ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0", API_KEY_CACHE_TTL_MS: "1000" });
      const url = server.url;

      const statuses = new Map<number, number>();
      const acknowledged: string[] = [];
      let running = true;
      let lastOkAt = 0;
      const client = async () => {
        while (running) {
          try {
            const res = await fetch(`${url}/graphql`, {
              method: "POST",
              headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY },
              body: JSON.stringify({ query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", variables: { i: FIRST_ROW } }),
              signal: AbortSignal.timeout(30_000),
            });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const body = (await res.json()) as { data?: { predict?: { id: string } } };
            if (res.status === 200 && body.data?.predict) {
              acknowledged.push(body.data.predict.id);
              lastOkAt = performance.now();
            } else if (res.status === 503) {
              await new Promise((r) => setTimeout(r, 50)); // a well-behaved client backs off
            }
          } catch {
            statuses.set(0, (statuses.get(0) ?? 0) + 1);
          }
        }
      };
      const clients = Array.from({ length: 4 }, client);
      await waitFor("predictions under load", () => acknowledged.length >= 50, { timeoutMs: 120_000 });

      pg.stop();
      const stoppedAt = performance.now();
      await waitFor("503 answers during the outage", () => (statuses.get(503) ?? 0) >= 3, { timeoutMs: 120_000 });
      // The outage lasts at least 8 s, as the drill.
      await waitFor("8 s of outage", () => performance.now() - stoppedAt >= 8000, { intervalMs: 250, timeoutMs: 60_000 });
      expect(server.child.exitCode).toBeNull();
      const before = acknowledged.length;
      pg.start();
      const restartedAt = performance.now();
      await waitFor("serving again after the restart", () => acknowledged.length > before + 20 && lastOkAt > restartedAt, { timeoutMs: 120_000 });
      running = false;
      await Promise.all(clients);

      expect(server.child.exitCode).toBeNull();
      expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
      const check = openDatabase(pg.url);
      try {
        const stored = await check.prisma.prediction.count({ where: { id: { in: acknowledged } } });
        expect(stored).toBe(acknowledged.length);
      } finally {
        await check.close();
      }
    } finally {
      if (server) {
        server.child.kill("SIGTERM");
        await waitForExit(server.child);
      }
      pg.remove();
    }
  }, 600_000);
});
