/** The `domus` CLI against a running server, through the typed client. */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";
import { waitFor } from "../helpers/wait.ts";

const run = promisify(execFile);
const BIN = resolve("bin/domus.mjs");
const REQUIRED = ["CRIM", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"];
const HEADER = "CRIM,ZN,INDUS,CHAS,NOX,RM,AGE,DIS,RAD,TAX,PTRATIO,B,LSTAT";
const row = (overrides: Partial<Record<string, number | string>> = {}) => {
  const values = { ...FIRST_ROW, ...overrides } as Record<string, number | string>;
  return HEADER.split(",").map((c) => values[c]).join(",");
};

describe("domus CLI", { timeout: 600_000 }, () => {
  let server: TestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  /** Runs the CLI to its exit (from `cwd`, default the repository), with `env` plus `extraEnv`. */
  const domusIn = async (options: { cwd?: string; env?: NodeJS.ProcessEnv }, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: options.env ?? env, cwd: options.cwd, encoding: "utf8" });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const domus = (...args: string[]) => domusIn({}, ...args);
  const storedPredictions = async () => (await server.gql<{ predictions: { totalCount: number } }>("{ predictions(first: 1) { totalCount } }")).data!.predictions.totalCount;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    dir = mkdtempSync(join(tmpdir(), "domus-cli-"));
    env = { ...process.env, DOMUS_URL: server.url, DOMUS_API_KEY: ADMIN_KEY, LOG_LEVEL: "silent" };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("predicts a CSV file in batches and writes the predictions", async () => {
    const file = join(dir, "rows.csv");
    writeFileSync(file, [HEADER, row(), row({ ZN: "NA", RM: 5 }), "", row({ RM: 7.5 })].join("\n"));
    const result = await domus("predict", "--file", file, "--out", join(dir, "out.csv"), "--batch-size", "2");
    expect(result.code).toBe(0);
    const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,prediction,model_version,imputed,out_of_range,prediction_id");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["2", "3", "5"]);
    expect(lines[2]).toMatch(/^3,[\d.]+,1,ZN,,[\w-]+$/);
  });

  it("predicts every complete row of the bundled data and lists every incomplete one (the --help example)", async () => {
    const out = join(dir, "housing.csv");
    const result = await domus("predict", "--file", "data/HousingData.csv", "--out", out);
    expect(result.code).toBe(0);
    // The rows whose required features are all present, computed from the file itself.
    const [header, ...lines] = readFileSync("data/HousingData.csv", "utf8").trim().split(/\r?\n/);
    const columns = header!.split(",");
    const complete = lines.map((l, i) => ({ line: i + 2, cells: l.split(",") })).filter((r) => REQUIRED.every((c) => r.cells[columns.indexOf(c)] !== "NA"));
    const incomplete = lines.length - complete.length;
    expect(incomplete).toBeGreaterThan(0);
    expect(result.stderr).toContain(`${complete.length} predicted -> ${out}, ${incomplete} invalid -> ${join(dir, "housing.errors.csv")}`);
    const predicted = parse(readFileSync(out, "utf8"), { columns: true }) as { line: string; prediction: string }[];
    expect(predicted.map((p) => Number(p.line))).toEqual(complete.map((r) => r.line));
    expect(predicted.every((p) => Number(p.prediction) > 0)).toBe(true);
    const errors = parse(readFileSync(join(dir, "housing.errors.csv"), "utf8"), { columns: true }) as { line: string; column: string; value: string; reason: string }[];
    expect(new Set(errors.map((e) => e.line)).size).toBe(incomplete);
    expect(errors.every((e) => REQUIRED.includes(e.column) && e.value === "NA" && /is required/.test(e.reason))).toBe(true);
  });

  it("skips invalid rows by default and writes line, column, value and reason for every bad cell", async () => {
    const file = join(dir, "mixed.csv");
    const inputs: Record<number, Record<string, number | string>> = { 2: {}, 5: { ZN: "" }, 7: { RM: 7.5 }, 8: { RM: 19.5 } }; // by file line; RM 19.5 is valid but beyond the training range
    writeFileSync(file, [HEADER, row(inputs[2]), row({ RM: -1 }), row({ NOX: "abc", CRIM: "NA" }), row(inputs[5]), "1,2,3", row(inputs[7]), row(inputs[8])].join("\n"));
    const before = await storedPredictions();
    const out = join(dir, "mixed-out.csv");
    const result = await domus("predict", "--file", file, "--out", out, "--errors", join(dir, "mixed-errors.csv"));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`4 predicted -> ${out}, 3 invalid -> ${join(dir, "mixed-errors.csv")}`);
    const predicted = parse(readFileSync(out, "utf8"), { columns: true }) as { line: string; prediction: string; model_version: string; imputed: string; out_of_range: string; prediction_id: string }[];
    expect(predicted.map((p) => p.line)).toEqual(["2", "5", "7", "8"]);
    expect(predicted.map((p) => [p.imputed, p.out_of_range])).toEqual([
      ["", ""],
      ["ZN", ""],
      ["", ""],
      ["", "RM"],
    ]);
    expect(await storedPredictions()).toBe(before + 4);
    // prediction_id names the stored prediction of each row (what `domus outcomes` joins on).
    const stored = await server.app.database.prisma.prediction.findMany({ where: { id: { in: predicted.map((p) => p.prediction_id) } } });
    expect(new Map(stored.map((s) => [s.id, s.value]))).toEqual(new Map(predicted.map((p) => [p.prediction_id, Number(p.prediction)])));
    // The values (and flags) the single `predict` gives for the same rows.
    for (const p of predicted) {
      const cells: Record<string, number | string> = { ...FIRST_ROW, ...inputs[Number(p.line)] };
      const input = Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v === "" ? null : v]));
      const single = await server.gql<{ predict: { value: number; modelVersion: number; imputedFeatures: string[]; outOfRangeFeatures: string[] } }>(
        "mutation($input: HousingFeaturesInput!) { predict(input: $input) { value modelVersion imputedFeatures outOfRangeFeatures } }",
        { input },
      );
      expect(single.errors).toBeUndefined();
      const { value, modelVersion, imputedFeatures, outOfRangeFeatures } = single.data!.predict;
      expect([Number(p.prediction), Number(p.model_version), p.imputed, p.out_of_range]).toEqual([value, modelVersion, imputedFeatures.join(";"), outOfRangeFeatures.join(";")]);
    }
    const errors = parse(readFileSync(join(dir, "mixed-errors.csv"), "utf8"));
    expect(errors).toEqual([
      ["line", "column", "value", "reason"],
      ["3", "RM", "-1", "out of bounds: RM must be > 0 and <= 20"],
      ["4", "CRIM", "NA", "CRIM is required (only ZN, INDUS, CHAS may be missing)"],
      ["4", "NOX", "abc", "not a decimal number"],
      ["6", "", "", "expected 13 fields, found 3"],
    ]);
  });

  it("--on-invalid reject predicts nothing when a row is invalid", async () => {
    const file = join(dir, "reject.csv");
    writeFileSync(file, [HEADER, row(), row({ RM: 25 })].join("\n"));
    const before = await storedPredictions();
    const out = join(dir, "reject-out.csv");
    const result = await domus("predict", "--file", file, "--on-invalid", "reject", "--out", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`1 of 2 rows are invalid (${file}:3 column RM: out of bounds: RM must be > 0 and <= 20`);
    expect(result.stderr).toContain("nothing was predicted");
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(join(dir, "reject-out.errors.csv"), "utf8")).toContain("3,RM,25,");
    expect(await storedPredictions()).toBe(before);
    const usage = await domus("predict", "--file", file, "--on-invalid", "maybe");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--on-invalid must be skip or reject");
  });

  it("names the closest known column for a header typo unless --ignore-unknown-columns", async () => {
    const file = join(dir, "typo.csv");
    writeFileSync(file, [HEADER.replace("CHAS", "CHS"), row()].join("\n"));
    const typo = await domus("predict", "--file", file);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`${file}:1: unknown column "CHS" (did you mean CHAS?)`);
    const ignored = await domus("predict", "--file", file, "--ignore-unknown-columns");
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).toContain("ignoring column(s) CHS");
    expect(parse(ignored.stdout, { columns: true })[0]).toMatchObject({ line: "2", imputed: "CHAS" });
  });

  it("--keep-columns copies the input columns; quoted fields and CRLF line ends are read", async () => {
    const file = join(dir, "quoted.csv");
    const cells = HEADER.split(",").map((c) => String((FIRST_ROW as Record<string, number>)[c]));
    writeFileSync(file, `\uFEFF${HEADER},note,MEDV\r\n${cells.join(",")},"Main St, ""corner""",24.0\r\n${cells.map((c, i) => (i === 5 ? `"${c}"` : c)).join(",")},"two\r\nlines",21.6\r\n`);
    const result = await domus("predict", "--file", file, "--keep-columns", "--ignore-unknown-columns");
    expect(result.code).toBe(0);
    const rows = parse(result.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["line", ...HEADER.split(","), "note", "MEDV", "prediction", "model_version", "imputed", "out_of_range", "prediction_id"]);
    expect(rows.map((r) => [r.line, r.note, r.MEDV])).toEqual([
      ["2", 'Main St, "corner"', "24.0"],
      ["3", "two\nlines", "21.6"],
    ]);
    expect(rows[0]!.prediction).toBe(rows[1]!.prediction);
  });

  it("runs from any directory and sends the key file named after DATABASE_URL's database", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "domus-cwd-"));
    try {
      const { DOMUS_API_KEY: _unused, ...base } = env;
      const local = { ...base, DATABASE_URL: "file:./other.db" };
      writeFileSync(join(cwd, "other.db.admin.key"), `${ADMIN_KEY}\n`);
      const list = await domusIn({ cwd, env: local }, "models", "list", "--json");
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)[0]).toMatchObject({ version: 1 });
      writeFileSync(join(cwd, "other.db.admin.key"), "domus_not_this_servers_key\n");
      const wrong = await domusIn({ cwd, env: local }, "models", "list");
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/UNAUTHENTICATED: .*sent the key from other\.db\.admin\.key/);
      const none = await domusIn({ cwd, env: { ...base, DATABASE_URL: "file:./nothing.db" } }, "models", "list");
      expect(none.stderr).toMatch(/sent no key: none of nothing\.db\.admin\.key exists/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("lists, shows and promotes models; scripts read --json", async () => {
    const list = await domus("models", "list", "--json");
    expect(list.code).toBe(0);
    const models = JSON.parse(list.stdout) as { version: number; status: string }[];
    expect(models[0]).toMatchObject({ version: 1, status: "CHAMPION" });
    const table = await domus("models", "list");
    expect(table.stdout).toMatch(/^version\s+status\s+aliases\s+algorithm/);
    const promote = await domus("models", "promote", "1");
    expect(promote.code).toBe(1);
    expect(promote.stderr).toMatch(/CONFLICT: version 1 of boston-housing is already the champion/);
    const show = await domus("models", "show", "1");
    expect(show.stdout).toContain("test_rmse");
    expect(show.stdout).toMatch(/quality gate: passed: test R² 0\.\d+ >= 0\.75, no champion yet/);
  });

  it("lists experiments, checks drift and fails clearly without a key or a server", async () => {
    const experiments = await domus("experiments", "list", "--json");
    expect(JSON.parse(experiments.stdout).map((e: { name: string }) => e.name)).toContain("single-fit");
    const show = await domus("experiments", "show", "single-fit");
    expect(show.stdout).toMatch(/run\s+algorithm\s+status/);
    expect(show.stdout).toContain("best run by CV (lowest cv_rmse_mean): gbdt");
    const drift = await domus("drift", "reports", "--json");
    expect(drift.code).toBe(0);
    const noKey = await domus("models", "list", "--api-key", "domus_wrong");
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/UNAUTHENTICATED: invalid or revoked API key/);
    const noServer = await domus("models", "list", "--url", "http://127.0.0.1:9");
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toMatch(/cannot reach the server/);
    const help = await domus("watch", "--help");
    expect(help.stdout).toMatch(/Example:/);
    const bad = await domus("models", "frobnicate");
    expect(bad.code).toBe(2);
  });

  it("a first `domus serve` writes the key file of its database, which client commands with the same DATABASE_URL use", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "domus-serve-"));
    const { DOMUS_API_KEY: _unused, DOMUS_URL: _url, ...base } = env;
    const local = { ...base, DATABASE_URL: "file:./first.db", PORT: "0", TRAIN_ON_START: "false", LOG_LEVEL: "info", LOG_FORMAT: "json" };
    const child = spawn(process.execPath, [BIN, "serve"], { env: local, cwd });
    let logs = "";
    child.stdout.on("data", (d) => (logs += d));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      const url = await waitFor(
        () => `the server to start: ${logs}`,
        () =>
          logs
            .split("\n")
            .filter((l) => l.startsWith("{"))
            .map((l) => JSON.parse(l) as { msg: string; url?: string })
            .find((l) => l.msg === "domus is serving")?.url,
        { timeoutMs: 60_000, intervalMs: 50 },
      );
      expect(readFileSync(join(cwd, "first.db.admin.key"), "utf8")).toMatch(/^domus_/);
      const list = await domusIn({ cwd, env: { ...local, DOMUS_URL: url.replace(/\/graphql$/, "") } }, "models", "list", "--json");
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([]);
    } finally {
      child.kill("SIGTERM");
      await exited;
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);

  it("logs readable lines with LOG_FORMAT=pretty and JSON when stdout is not a terminal", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "domus-logs-"));
    try {
      const local = { ...env, DATABASE_URL: "file:./logs.db", LOG_LEVEL: "info" };
      const json = await domusIn({ cwd, env: local }, "migrate");
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout.trim().split("\n")[0]!)).toMatchObject({ level: 30, msg: "database migrated" });
      const pretty = await domusIn({ cwd, env: { ...local, LOG_FORMAT: "pretty" } }, "migrate");
      expect(pretty.stdout).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: database already up to date/m);
      const bad = await domusIn({ cwd, env: { ...local, LOG_FORMAT: "xml" } }, "migrate");
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("LOG_FORMAT must be one of json, pretty");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("watches live predictions, saying on stderr when it listens", async () => {
    const child = spawn(process.execPath, [BIN, "watch", "predictions", "--json"], { env });
    let output = "";
    let errors = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (errors += d));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    const until = (done: () => boolean, what: string) => waitFor(() => `${what}; stderr: ${errors}`, done, { timeoutMs: 120_000, intervalMs: 50 });
    try {
      await until(() => errors.includes("listening for predictions"), "listening");
      // Sent right after "listening": it must arrive.
      const res = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }", { i: FIRST_ROW });
      await until(() => output.includes(res.data!.predict.id), "the prediction");
      expect(JSON.parse(output.trim().split("\n")[0]!)).toMatchObject({ id: res.data!.predict.id, modelVersion: 1 });
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  }, 300_000);
});
