/**
 * The lifecycle a new user goes through: `npm start` on an empty database trains the quick set
 * (bootstrap champion), then `npm run train` (the full pipeline, here with a small search) is
 * compared with it like with like and promoted; the verdict is queryable and `--json` output is
 * only JSON.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, startTestServer } from "../helpers/server.ts";

const run = promisify(execFile);

describe("quick start, then the full pipeline", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { TRAIN_ON_START: "true", TRAIN_WORKERS: "1" }, { train: false });
  }, 600_000);
  afterAll(async () => {
    await server?.close();
  });

  it("promotes the full pipeline's model over the quick-start champion, by CV on the same folds", { timeout: 900_000 }, async () => {
    const before = await server.gql("{ champion { version gate { passed comparedWithVersion } run { experiment { name } } } }");
    expect(before.data!.champion).toMatchObject({ version: 1, gate: { passed: true, comparedWithVersion: null }, run: { experiment: { name: "quick-start" } } });

    const env = { ...process.env, DATABASE_URL: server.database.url, LOG_LEVEL: "info", TRAIN_WORKERS: "1" };
    // 8 candidates: with the search's random start (40 %) and TPE steps, 3 were too few to beat the defaults (seeded, so deterministic).
    const { stdout, stderr } = await run(process.execPath, ["bin/domus.mjs", "train", "--search-iterations", "8", "--cv-folds", "3", "--json"], { env, encoding: "utf8", maxBuffer: 1 << 26 });
    // stdout is exactly one JSON document; the logs went to stderr.
    const summary = JSON.parse(stdout);
    expect(stderr).toMatch(/"msg":"model registered"/);
    expect(summary.registration).toMatchObject({ version: 2, status: "CHAMPION", gate: { passed: true, comparedWithVersion: 1 } });
    const gate = summary.registration.gate;
    expect(gate.metrics.candidate_cv_rmse).toBeLessThanOrEqual(gate.metrics.champion_cv_rmse);
    expect(gate.metrics.folds).toBe(3);
    expect(gate.metrics.p_value).toBeGreaterThanOrEqual(0);
    expect(gate.metrics.p_value).toBeLessThanOrEqual(1);
    expect(gate.reason).toMatch(/refitted on the same folds/);

    // The verdict is stored and readable over the API, numbers included.
    const res = await server.gql("{ model(version: 2) { status gate { passed reason comparedWithVersion metrics { key value } } } }");
    const stored = res.data!.model.gate;
    expect(res.data!.model.status).toBe("CHAMPION");
    expect(stored).toMatchObject({ passed: true, reason: gate.reason, comparedWithVersion: 1 });
    expect(Object.fromEntries(stored.metrics.map((m: { key: string; value: number }) => [m.key, m.value]))).toEqual(gate.metrics);

    // Every run reports its CV the same way, and its own (not the pipeline's) duration.
    const runs = summary.runs as { name: string; metrics: Record<string, number>; durationMs: number }[];
    expect(runs).toHaveLength(6);
    for (const r of runs) {
      expect(r.metrics.cv_rmse_fresh_mean).toBeGreaterThan(0);
      expect(r.durationMs).toBeLessThan(summary.durationMs * 2);
    }
    const linear = runs.find((r) => r.name === "linear")!;
    expect(linear.durationMs).toBeLessThan(summary.durationMs / 2);
  });
});
