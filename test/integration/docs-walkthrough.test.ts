/**
 * The walk-throughs, replayed literally: every ```sh block marked `<!-- replay -->` in README.md
 * and the docs it leads to (test/helpers/walkthrough.ts), in reading order, in one bash session,
 * in a fresh working directory that looks like a fresh clone (the repository's files, an empty
 * data/ with only the bundled CSV), against the server the README's `<!-- replay: server -->`
 * block starts (as production runs it, in the background, on a free port instead of 4000). Each
 * block must exit 0 under `set -eo pipefail`; then the outputs a reader is promised are checked.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/wait.ts";
import { pointAt, type ReplayBlock, replayBlocks, WALKTHROUGH_FILES } from "../helpers/walkthrough.ts";

const ROOT = resolve(import.meta.dirname, "../..");

/** A fresh clone's view: every top-level entry linked, except data/ (fresh, with the bundled CSV) and .git. */
function freshCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), "domus-walkthrough-"));
  for (const entry of readdirSync(ROOT)) {
    if (entry === "data" || entry === ".git") continue;
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  mkdirSync(join(dir, "data"));
  for (const file of ["HousingData.csv", "README.md"]) symlinkSync(join(ROOT, "data", file), join(dir, "data", file));
  return dir;
}

/** The reader's environment: nothing of the test run's configuration leaks into the walk-through. */
function readerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", ...extra };
  for (const name of ["DATABASE_URL", "DOMUS_API_KEY", "ADMIN_KEY_FILE", "DATA_PATH", "TRAIN_ON_START", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[name];
  return { ...env, ...extra };
}

/** Ends a spawned group: the leader and what it left running (a failed block's background watchers). */
function killGroup(child: ChildProcess | undefined): Promise<unknown> | undefined {
  if (!child?.pid) return undefined;
  const exited = child.exitCode !== null || child.signalCode !== null;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return undefined; // the group is gone
  }
  return exited ? undefined : once(child, "exit");
}

describe("the documentation's walk-throughs", () => {
  const dir = freshCheckout();
  const blocks: ReplayBlock[] = WALKTHROUGH_FILES.flatMap((file) => replayBlocks(join(ROOT, file)).map((b) => ({ ...b, file })));
  let server: ChildProcess | undefined;
  let runner: ChildProcess | undefined;
  let serverOutput = "";

  afterAll(async () => {
    await killGroup(runner);
    await killGroup(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the README's first hour: one server block, then shell blocks", () => {
    expect(blocks.filter((b) => b.kind === "server")).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ file: "README.md", kind: "server" });
    for (const file of WALKTHROUGH_FILES) expect(blocks.some((b) => b.file === file && b.kind === "shell"), file).toBe(true);
  });

  it("replays them in order on a fresh database, each exiting 0", { timeout: 900_000 }, async () => {
    const [serverBlock, ...shellBlocks] = blocks as [ReplayBlock, ...ReplayBlock[]];
    // The server's terminal, as the README says (npm start), as production runs it, on a free port.
    server = spawn("bash", ["-c", serverBlock.text], { cwd: dir, env: readerEnv({ PORT: "0", LOG_LEVEL: "info" }), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout?.on("data", (d) => (serverOutput += d));
    server.stderr?.on("data", (d) => (serverOutput += d));
    const url = await waitFor(
      () => `the server's URL in its log:\n${serverOutput}`,
      () => {
        if (server?.exitCode !== null) throw new Error(`the server block exited with ${server?.exitCode}:\n${serverOutput}`);
        return /"url":"(http:\/\/[^"]+)\/graphql"/.exec(serverOutput)?.[1];
      },
      { timeoutMs: 300_000, intervalMs: 100 },
    );
    await waitFor("GET /readyz = 200", async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, { timeoutMs: 300_000, intervalMs: 200 });

    // The reader's terminal: one bash session, every block sourced in turn, its output kept apart.
    const out = join(dir, ".replay");
    mkdirSync(out);
    const script = ["set -eo pipefail", "shopt -s expand_aliases"];
    shellBlocks.forEach((block, i) => {
      writeFileSync(join(out, `${i}.sh`), pointAt(block.text, url));
      script.push(`exec >"${out}/${i}.out" 2>"${out}/${i}.err"`, `source "${out}/${i}.sh"`, `echo 0 >"${out}/${i}.rc"`);
    });
    writeFileSync(join(out, "replay.sh"), `${script.join("\n")}\n`);
    runner = spawn("bash", [join(out, "replay.sh")], { cwd: dir, env: readerEnv({ DOMUS_URL: url }), detached: true, stdio: "ignore" });
    const [code] = (await once(runner, "exit")) as [number | null];

    const read = (i: number, ext: string) => (existsSync(join(out, `${i}.${ext}`)) ? readFileSync(join(out, `${i}.${ext}`), "utf8") : "");
    shellBlocks.forEach((block, i) => {
      const where = `${block.file}:${block.line}\n${block.text}\n--- stdout:\n${read(i, "out")}\n--- stderr:\n${read(i, "err").slice(-4000)}`;
      expect(read(i, "rc").trim(), `block at ${where}`).toBe("0");
    });
    expect(code).toBe(0);

    // What the reader is promised. The first hour: a champion, predictions that are numbers,
    // a promotion and a rollback, a drift check, a prediction over curl.
    const all = shellBlocks.map((_b, i) => read(i, "out")).join("\n");
    expect(all).toMatch(/^1\s+CHAMPION\s+champion\b/m);
    const predictions = readFileSync(join(dir, "predictions.csv"), "utf8").trim().split("\n");
    expect(predictions[0]).toBe("line,prediction,model_version,imputed,out_of_range,prediction_id");
    expect(predictions).toHaveLength(447);
    for (const row of predictions.slice(1)) expect(Number.isFinite(Number(row.split(",")[1])), row).toBe(true);
    expect(all).toMatch(/version \d+ is now CHAMPION/);
    expect(all).toMatch(/rolled back: version 1 is now CHAMPION/);
    expect(all).toMatch(/no dataset drift/);
    const curled = /\{"data":\{"predict":.*\}\}\}/.exec(all)?.[0];
    expect(curled, "the curl prediction").toBeDefined();
    const predict = JSON.parse(curled as string).data.predict;
    expect(typeof predict.value).toBe("number");
    expect(predict.modelVersion).toBe(1);

    // Training: a search's verdict, whichever it is, on a version read from --json.
    const search = JSON.parse(readFileSync(join(dir, "search.json"), "utf8"));
    expect(["CHAMPION", "REJECTED"]).toContain(search.registration.status);
    expect(search.runs.length).toBeGreaterThanOrEqual(6);

    // Challengers: 300 outcomes, a report, a canary that answered some buyers and not others, a promotion.
    const weak = JSON.parse(readFileSync(join(dir, "weak.json"), "utf8")).registration.version as number;
    expect(all).toMatch(/^446 predicted, 300 outcomes -> outcomes\.csv$/m);
    const answeredBy = JSON.parse(/^answered by (\{.*\})$/m.exec(all)?.[1] ?? "{}") as Record<string, number>;
    expect(Object.values(answeredBy).reduce((a, b) => a + b, 0)).toBe(300);
    expect(answeredBy[`v${weak}`]).toBeGreaterThan(0);
    expect(answeredBy[`v${weak}`]).toBeLessThan(150);
    expect(all).toContain(`version ${weak} is now CHAMPION`);

    // Data and lineage: the subset is a new version, its model is not promoted and says why, the export is the data.
    const subset = JSON.parse(readFileSync(join(dir, "subset.json"), "utf8")).registration;
    expect(subset.status).toBe("CANDIDATE");
    expect(subset.gate.reason).toMatch(/^not compared with champion v\d+: trained on dataset boston-housing@\d+/);
    expect(all).toMatch(/^812761fb0a7aa51b83b05a586ca0e5ae40e403771951dc31f99c3c3ddf685745 {2}rows\.csv$/m);
  });
});
