/**
 * `npm run bench`: starts Domus as its own process on a fresh database (or targets --url),
 * warms up, drives POST /graphql predict from a separate load generator (wrk -t2, or autocannon
 * when wrk is missing), times batches end to end as curl sees them (median and quartiles of 15), and prints one
 * JSON object: requests/s and latency percentiles with the durable prediction log on and off,
 * batchPredict and batchPredictColumns at 1k/10k rows, ready time and resident memory. When
 * /usr/bin/python3 has fastapi, uvicorn, uvloop, httptools and xgboost, the same run drives the
 * reference FastAPI + XGBoost server (bench/reference/fastapi_app.py) the same way and reports
 * the ratios.
 *
 *   --duration S (10)  --connections N (16)  --database-url URL (default: a fresh SQLite file)
 *   --url URL (an existing server: predict only)  --replicas 1,2 [--redis-url URL] (N servers on one database)
 *   --compiled (run dist/src/cli.js from `npm run build` instead of the TypeScript sources through tsx)
 *   --challenger (predict without a challenger and with a SHADOW one, alternating in 3 rounds, then the
 *                 measured split of a 10 % CANARY)
 *   --no-training (skip the predict-during-training measurement)
 *   --monitoring (bench/monitoring.ts: monitoring reads at 100k and 1M predictions, predict p99 with and
 *                 without a monitoring poller; SQLite, and PostgreSQL with --postgres-url ADMIN_URL, on a
 *                 fresh database created beside it; writes bench/reference/monitoring.json, or with
 *                 --skip-sqlite (PostgreSQL alone) monitoring-postgresql.json)
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, hostname, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { trainAndRegister, trainingRequestFromConfig } from "../src/modules/training/train-and-register.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { createLogger } from "../src/logger.ts";
import { SERVER_ENV, SERVER_NODE_FLAGS } from "../bin/launch.mjs";
import { EXAMPLE_ROW } from "../pipeline/features.ts";
import { measureMonitoring } from "./monitoring.ts";
import pg from "pg";

const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    connections: { type: "string" },
    "database-url": { type: "string" },
    url: { type: "string" },
    "api-key": { type: "string" },
    replicas: { type: "string" },
    "redis-url": { type: "string" },
    compiled: { type: "boolean" },
    challenger: { type: "boolean" },
    "no-training": { type: "boolean" },
    monitoring: { type: "boolean" },
    "postgres-url": { type: "string" },
    "skip-sqlite": { type: "boolean" },
  },
});
const duration = Number(values.duration ?? 10);
const connections = Number(values.connections ?? 16);
const root = new URL("..", import.meta.url).pathname;

/** The bench's own admin key (ADMIN_API_KEY of the server it starts; pass --api-key with --url). */
const BENCH_KEY = values["api-key"] ?? "domus_bench_admin_key_0123456789abcdef";

const FIRST_ROW = EXAMPLE_ROW;
const PREDICT = JSON.stringify({ query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value modelVersion } }", variables: { i: FIRST_ROW } });
const scratch = mkdtempSync(join(tmpdir(), "domus-bench-files-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

/** Batch rows: the first dataset row with RM varied so the trees take different paths. */
const batchRows = (n: number) => Array.from({ length: n }, (_, i) => ({ ...FIRST_ROW, RM: 4 + (i % 100) / 25 }));

async function prepareDatabase(given = values["database-url"]): Promise<{ url: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "domus-bench-"));
  const url = given ?? `file:${join(dir, "bench.db")}`;
  await migrate(url);
  const db = openDatabase(url);
  // The pipeline's GBDT with default hyperparameters as the champion.
  const config = loadConfig({ DATABASE_URL: url });
  await trainAndRegister(db.prisma, { ...trainingRequestFromConfig(config, "full", false), only: { algorithm: "gbdt", params: {} } }, createLogger({ logLevel: "silent" }));
  await db.close();
  return { url, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  // A given --database-url keeps its data (and gains one more model version per bench run).
}

async function startServer(env: Record<string, string>): Promise<{ url: string; pid: number; readyMs: number; stop: () => Promise<void> }> {
  const started = performance.now();
  // --compiled: the production build (npm run build; what the container runs) instead of tsx.
  const entry = values.compiled ? join(root, "dist/src/cli.js") : join(root, "bin/domus.mjs");
  // Launched as production launches it (bin/launch.mjs: the Dockerfile's flags and environment).
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, entry, "serve"], {
    // The bench measures the server, not the per-key rate limit.
    env: { ...process.env, ...SERVER_ENV, NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", TRAIN_ON_START: "false", ADMIN_API_KEY: BENCH_KEY, RATE_LIMIT_PER_MINUTE: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      output += d;
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  const readyMs = performance.now() - started;
  return {
    url,
    pid: child.pid as number,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

interface LoadResult {
  tool: "wrk" | "autocannon";
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  totalRequests: number;
}

interface Target {
  /** POST endpoint of one prediction. */
  url: string;
  body: string;
  headers: Record<string, string>;
}

const hasWrk = spawnSync("wrk", ["--version"]).error === undefined;

/** wrk -t2 (a C load generator, as the issue measured): a Lua script posts the body and prints a JSON summary. */
function wrkLoad(target: Target, seconds: number, conns: number): Promise<LoadResult> {
  const script = join(scratch, "post.lua");
  const headers = Object.entries({ "content-type": "application/json", ...target.headers })
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join("\n");
  writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(target.body)}\n${headers}\n` +
      `function done(s, latency, requests)\n` +
      `  io.write(string.format('\\n{"requests":%d,"durationUs":%d,"errors":%d,"non2xx":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n', ` +
      `s.requests, s.duration, s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout, s.errors.status, ` +
      `latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))\nend\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t2", `-c${conns}`, `-d${seconds}s`, "-s", script, target.url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || !line) return reject(new Error(`wrk exited with ${code}: ${out}`));
      const r = JSON.parse(line) as Record<string, number>;
      const ms = (us: number | undefined) => Number(((us ?? 0) / 1000).toFixed(2));
      resolve({
        tool: "wrk",
        requestsPerSecond: Math.round(((r.requests ?? 0) / (r.durationUs ?? 1)) * 1e6),
        p50Ms: ms(r.p50),
        p90Ms: ms(r.p90),
        p99Ms: ms(r.p99),
        maxMs: ms(r.max),
        errors: r.errors ?? 0,
        non2xx: r.non2xx ?? 0,
        totalRequests: r.requests ?? 0,
      });
    });
  });
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
function autocannonLoad(target: Target, seconds: number, conns: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const headerArgs = Object.entries({ "content-type": "application/json", ...target.headers }).flatMap(([k, v]) => ["-H", `${k}=${v}`]);
    const child = spawn(
      process.execPath,
      [join(root, "node_modules/autocannon/autocannon.js"), "-j", "-c", String(conns), "-d", String(seconds), "-m", "POST", ...headerArgs, "-b", target.body, target.url],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      resolve({
        tool: "autocannon",
        requestsPerSecond: r.requests.average,
        p50Ms: r.latency.p50,
        p90Ms: r.latency.p90,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        errors: r.errors + r.timeouts,
        non2xx: r.non2xx,
        totalRequests: r.requests.total,
      });
    });
  });
}

function loadTarget(target: Target, seconds: number, conns = connections): Promise<LoadResult> {
  return hasWrk ? wrkLoad(target, seconds, conns) : autocannonLoad(target, seconds, conns);
}

const domusPredict = (url: string): Target => ({ url: `${url}/graphql`, body: PREDICT, headers: { "x-api-key": BENCH_KEY } });
const load = (url: string, seconds: number, conns = connections) => loadTarget(domusPredict(url), seconds, conns);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

/**
 * End to end as a client sees it: curl posting the body from a file, new connection each time,
 * median of `repeats` wall times (curl's time_total). One checked request first (and warm-up).
 */
interface Timing {
  medianMs: number;
  /** First and third quartiles of the end-to-end times: a batch's time varies by a third from one to the next on a shared host. */
  quartilesMs?: [number, number];
  serverMs?: number;
  /** The server refused the request (e.g. an older build without the operation). */
  error?: string;
}

async function curlTimings(name: string, url: string, body: string, headers: Record<string, string>, check: (json: any) => number | null, repeats = 15): Promise<Timing> {
  const file = join(scratch, `${name}.json`);
  writeFileSync(file, body);
  const headerArgs = Object.entries({ "content-type": "application/json", ...headers }).flatMap(([k, v]) => ["-H", `${k}: ${v}`]);
  // The checked request goes through curl too: a pooled fetch connection may meet the server's keep-alive close.
  const serverMs = check(JSON.parse(execFileSync("curl", ["-s", ...headerArgs, "--data-binary", `@${file}`, url], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })));
  const wall: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const out = execFileSync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", ...headerArgs, "--data-binary", `@${file}`, url], { encoding: "utf8" });
    const [status, seconds] = out.trim().split(" ");
    if (status !== "200") throw new Error(`${name}: HTTP ${status}`);
    wall.push(Number(seconds) * 1000);
  }
  wall.sort((a, b) => a - b);
  // Linear interpolation between the two nearest ranks (so the quartiles of 15 sit symmetrically about the median).
  const at = (q: number) => {
    const pos = q * (wall.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, wall.length - 1);
    return Number(((wall[lo] as number) + ((wall[hi] as number) - (wall[lo] as number)) * (pos - lo)).toFixed(1));
  };
  return { medianMs: at(0.5), quartilesMs: [at(0.25), at(0.75)], ...(serverMs !== null ? { serverMs: Number(serverMs.toFixed(1)) } : {}) };
}

function graphqlData(json: any, field: string): any {
  if (json.errors) throw new Error(`${field}: ${JSON.stringify(json.errors).slice(0, 300)}`);
  return json.data[field];
}

const failed = (err: unknown): Timing => ({ medianMs: Number.NaN, error: (err as Error).message });

/** batchPredict (rows) and batchPredictColumns (columns), 1k and 10k rows each. */
async function batchTimings(url: string): Promise<Record<string, Timing>> {
  const out: Record<string, Timing> = {};
  const headers = { "x-api-key": BENCH_KEY };
  for (const n of [1000, 10_000]) {
    const rows = batchRows(n);
    const rowsBody = JSON.stringify({
      query: "mutation($inputs: [HousingFeaturesInput!]!) { batchPredict(inputs: $inputs) { totalLatencyMs predictions { value modelVersion } } }",
      variables: { inputs: rows },
    });
    out[`batchPredict${n / 1000}k`] = await curlTimings(`rows${n}`, `${url}/graphql`, rowsBody, headers, (j) => graphqlData(j, "batchPredict").totalLatencyMs).catch(failed);
    const columns = Object.fromEntries(Object.keys(FIRST_ROW).map((f) => [f, rows.map((r) => r[f as keyof typeof r])]));
    const columnsBody = JSON.stringify({
      query: "mutation($input: HousingColumnsInput!) { batchPredictColumns(input: $input) { totalLatencyMs values ids } }",
      variables: { input: columns },
    });
    out[`batchPredictColumns${n / 1000}k`] = await curlTimings(`columns${n}`, `${url}/graphql`, columnsBody, headers, (j) => graphqlData(j, "batchPredictColumns").totalLatencyMs).catch(failed);
  }
  return out;
}

/** Predict load while a full training job (startTraining) runs in the same server. */
async function loadDuringTraining(url: string): Promise<LoadResult & { trainingFinishedDuringLoad: boolean }> {
  const started = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": BENCH_KEY },
    body: JSON.stringify({ query: "mutation { startTraining { id } }" }),
  });
  const job = ((await started.json()) as { data: { startTraining: { id: string } } }).data.startTraining.id;
  const result = await load(url, duration);
  const status = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": BENCH_KEY },
    body: JSON.stringify({ query: "query($id: ID!) { trainingJob(id: $id) { status } }", variables: { id: job } }),
  });
  const finished = ((await status.json()) as { data: { trainingJob: { status: string } } }).data.trainingJob.status !== "RUNNING";
  return { ...result, trainingFinishedDuringLoad: finished };
}

async function measure(env: Record<string, string>, databaseUrl: string, options: { duringTraining?: boolean } = {}) {
  const server = await startServer({ DATABASE_URL: databaseUrl, ...env });
  try {
    await load(server.url, 2); // warm-up: JIT, caches, SQLite pages
    const predict = await load(server.url, duration);
    const rssAfterPredict = rssMb(server.pid);
    const batches = await batchTimings(server.url);
    const rssAfterBatches = rssMb(server.pid);
    const duringTraining = options.duringTraining ? await loadDuringTraining(server.url) : undefined;
    return { readyMs: Math.round(server.readyMs), rssMbAfterPredictLoad: rssAfterPredict, rssMbAfterBatches: rssAfterBatches, predict, batches, ...(duringTraining ? { predictDuringTraining: duringTraining } : {}) };
  } finally {
    await server.stop();
  }
}

const PYTHON = "/usr/bin/python3";

/** The reference FastAPI + XGBoost server, or the reason it cannot run here. */
async function startReference(): Promise<{ url: string; pid: number; stop: () => Promise<void> } | { skipped: string }> {
  const probe = spawnSync(PYTHON, ["-c", "import fastapi, uvicorn, uvloop, httptools, xgboost, numpy"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { skipped: `${PYTHON} lacks fastapi/uvicorn/uvloop/httptools/xgboost: ${(probe.stderr || String(probe.error)).trim().split("\n").at(-1)}` };
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(PYTHON, [join(root, "bench/reference/fastapi_app.py"), String(port), join(scratch, "xgboost-model.json"), join(root, "data/HousingData.csv")], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) return { skipped: `the reference server exited with ${child.exitCode}` };
    try {
      if ((await fetch(`${url}/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(FIRST_ROW) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      return { skipped: "the reference server did not answer within 120 s" };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid as number, stop: () => new Promise((resolve) => (child.once("exit", () => resolve()), child.kill("SIGTERM"))) };
}

async function measureReference() {
  const reference = await startReference();
  if ("skipped" in reference) return reference;
  try {
    const target: Target = { url: `${reference.url}/predict`, body: JSON.stringify(FIRST_ROW), headers: {} };
    await loadTarget(target, 2);
    const predict = await loadTarget(target, duration);
    const rssAfterPredict = rssMb(reference.pid);
    const out: Record<string, unknown> = { server: "FastAPI + uvicorn (uvloop, httptools), 1 worker, XGBoost 100 trees depth 3, pydantic validation", predict, rssMbAfterPredictLoad: rssAfterPredict };
    for (const n of [1000, 10_000]) {
      out[`batch${n / 1000}k`] = await curlTimings(`reference${n}`, `${reference.url}/predict/batch`, JSON.stringify(batchRows(n)), {}, (j) => {
        if (j.count !== n) throw new Error(`reference batch: ${JSON.stringify(j).slice(0, 200)}`);
        return null;
      });
    }
    out.rssMbAfterBatches = rssMb(reference.pid);
    return out;
  } finally {
    await reference.stop();
  }
}

/** N replicas on one database (PostgreSQL for N > 1), each driven by its own load generator with connections/N. */
async function measureReplicas(n: number, databaseUrl: string) {
  const env: Record<string, string> = { DATABASE_URL: databaseUrl, ...(values["redis-url"] ? { REDIS_URL: values["redis-url"] } : {}) };
  const servers = [];
  for (let i = 0; i < n; i++) servers.push(await startServer({ ...env, REPLICA_ID: `bench-${i}` }));
  try {
    await Promise.all(servers.map((s) => load(s.url, 2, Math.max(1, Math.floor(connections / n)))));
    const results = await Promise.all(servers.map((s) => load(s.url, duration, Math.max(1, Math.floor(connections / n)))));
    return {
      replicas: n,
      requestsPerSecond: Math.round(results.reduce((a, r) => a + r.requestsPerSecond, 0)),
      p50Ms: Math.max(...results.map((r) => r.p50Ms)),
      p99Ms: Math.max(...results.map((r) => r.p99Ms)),
      errors: results.reduce((a, r) => a + r.errors + r.non2xx, 0),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function adminGql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": BENCH_KEY }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A second version (champion); the first can then be its challenger. */
async function registerSecondVersion(databaseUrl: string): Promise<void> {
  const db = openDatabase(databaseUrl);
  const config = loadConfig({ DATABASE_URL: databaseUrl });
  await trainAndRegister(db.prisma, { ...trainingRequestFromConfig(config, "full", false), only: { algorithm: "gbdt", params: { maxDepth: 3 } }, gate: { minTestR2: 0.5, rmseTolerance: 10 } }, createLogger({ logLevel: "silent" }));
  await db.close();
}

/** Throughput without and with a SHADOW challenger (alternating rounds, same server), then a 10 % CANARY's measured split. */
async function measureChallenger(databaseUrl: string) {
  await registerSecondVersion(databaseUrl);
  const server = await startServer({ DATABASE_URL: databaseUrl });
  try {
    await load(server.url, 2);
    const rounds = [];
    for (let round = 0; round < 3; round++) {
      await adminGql(server.url, "mutation { clearChallenger }");
      const without = await load(server.url, duration);
      await adminGql(server.url, "mutation { setChallenger(version: 1, mode: SHADOW) { mode } }");
      const shadow = await load(server.url, duration);
      rounds.push({ withoutRps: Math.round(without.requestsPerSecond), shadowRps: Math.round(shadow.requestsPerSecond), ratio: Number((shadow.requestsPerSecond / without.requestsPerSecond).toFixed(3)), withoutP99Ms: without.p99Ms, shadowP99Ms: shadow.p99Ms });
    }
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { "x-api-key": BENCH_KEY } })).text();
    const shadowRows = (result: string) => Number(new RegExp(`domus_shadow_predictions_total\\{result="${result}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    const canaryStart = new Date().toISOString();
    await adminGql(server.url, "mutation { setChallenger(version: 1, mode: CANARY, trafficPercent: 10) { mode } }");
    await load(server.url, duration);
    const { servingMetrics } = await adminGql<{ servingMetrics: { totalPredictions: number; byModelVersion: Record<string, { count: number }> } }>(server.url, "query($s: DateTime) { servingMetrics(since: $s) { totalPredictions byModelVersion } }", { s: canaryStart });
    const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
    return {
      rounds,
      medianShadowRatio: ratios[1],
      shadowRowsStored: shadowRows("stored"),
      shadowRowsDropped: shadowRows("dropped"),
      canary: { trafficPercent: 10, predictions: servingMetrics.totalPredictions, answeredByChallengerPercent: Number(((100 * (servingMetrics.byModelVersion["1"]?.count ?? 0)) / servingMetrics.totalPredictions).toFixed(2)) },
    };
  } finally {
    await server.stop();
  }
}

/** A fresh PostgreSQL database beside the one `admin` names, dropped afterwards. */
async function freshPostgres(admin: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `domus_bench_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Live and dead tuples and autovacuum runs of the monitoring tables (pg_stat_user_tables). */
async function postgresTableStats(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT relname AS table, n_live_tup::int AS live, n_dead_tup::int AS dead, n_tup_hot_upd::int AS "hotUpdates", autovacuum_count::int AS autovacuums, pg_total_relation_size(relid)::bigint AS bytes
       FROM pg_stat_user_tables WHERE relname IN ('MonitoringRollup', 'OutcomeRollup', 'Prediction', 'ShadowPrediction') ORDER BY relname`,
    );
    return rows.map((r) => ({ ...r, bytes: Number(r.bytes) }));
  } finally {
    await client.end();
  }
}

/** The monitoring scenario on one database kind: a champion, a SHADOW challenger, one server. */
async function monitoringOn(databaseUrl: string) {
  const db = await prepareDatabase(databaseUrl);
  await registerSecondVersion(db.url);
  const server = await startServer({ DATABASE_URL: db.url });
  try {
    const loadAverageBefore = loadavg().map((l) => Number(l.toFixed(1)));
    const tableStats = db.url.startsWith("file:") ? undefined : () => postgresTableStats(db.url);
    const result = await measureMonitoring({ url: server.url, gql: adminGql, load: (url, seconds) => load(url, seconds), duration, ...(tableStats ? { tableStats } : {}) }, BENCH_KEY);
    return { loadAverageBefore, loadAverageAfter: loadavg().map((l) => Number(l.toFixed(1))), ...result };
  } finally {
    await server.stop();
    db.cleanup();
  }
}

if (values.compiled) execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });

if (values.monitoring) {
  const sqliteDir = mkdtempSync(join(tmpdir(), "domus-bench-monitoring-"));
  const runs: Record<string, unknown> = {};
  try {
    if (!values["skip-sqlite"]) runs.sqlite = await monitoringOn(`file:${join(sqliteDir, "bench.db")}`);
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
  }
  if (values["postgres-url"]) {
    const database = await freshPostgres(values["postgres-url"]);
    try {
      runs.postgresql = await monitoringOn(database.url);
    } finally {
      await database.drop();
    }
  }
  const report = {
    generatedBy: "npm run bench -- --monitoring",
    date: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
    loadGenerator: hasWrk ? `wrk -t2 -c${connections}` : `autocannon -c${connections}`,
    durationSeconds: duration,
    ...runs,
  };
  // --skip-sqlite: a PostgreSQL-only rerun, kept beside the full run.
  writeFileSync(join(root, `bench/reference/monitoring${values["skip-sqlite"] ? "-postgresql" : ""}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
} else if (values.challenger) {
  const db = await prepareDatabase();
  try {
    console.log(JSON.stringify({ machine: { cpus: cpus().length, node: process.version }, connections, durationSeconds: duration, ...(await measureChallenger(db.url)) }, null, 2));
  } finally {
    db.cleanup();
  }
} else if (values.replicas) {
  const db = await prepareDatabase();
  try {
    const counts = values.replicas.split(",").map(Number);
    const runs = [];
    for (const n of counts) runs.push(await measureReplicas(n, db.url));
    console.log(JSON.stringify({ machine: { cpus: cpus().length, node: process.version }, database: db.url.startsWith("file:") ? "sqlite" : "postgresql", connections, durationSeconds: duration, runs }, null, 2));
  } finally {
    db.cleanup();
  }
} else if (values.url) {
  console.log(JSON.stringify({ target: values.url, connections, durationSeconds: duration, predict: await load(values.url, duration) }, null, 2));
} else {
  const db = await prepareDatabase();
  try {
    const reference = await measureReference();
    const loggingOn = await measure({ PREDICTION_LOG_ENABLED: "true" }, db.url, { duringTraining: !values["no-training"] });
    const loggingOff = await measure({ PREDICTION_LOG_ENABLED: "false" }, db.url);
    const ms = (x: unknown) => (x as Timing).medianMs;
    const ratios =
      "skipped" in reference
        ? { skipped: reference.skipped }
        : {
            predictThroughput: Number((loggingOn.predict.requestsPerSecond / (reference.predict as LoadResult).requestsPerSecond).toFixed(2)),
            batchPredict10kTime: Number((ms(loggingOn.batches.batchPredict10k) / ms(reference.batch10k)).toFixed(3)),
            batchPredictColumns10kTime: Number((ms(loggingOn.batches.batchPredictColumns10k) / ms(reference.batch10k)).toFixed(3)),
            batchPredictColumns1kTime: Number((ms(loggingOn.batches.batchPredictColumns1k) / ms(reference.batch1k)).toFixed(3)),
          };
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version, loadAverage: loadavg().map((l) => Number(l.toFixed(1))) },
          database: db.url.startsWith("file:") ? "sqlite" : "postgresql",
          build: values.compiled ? "compiled" : "tsx",
          connections,
          durationSeconds: duration,
          loggingOn,
          loggingOff,
          throughputRatioOnOff: Number((loggingOn.predict.requestsPerSecond / loggingOff.predict.requestsPerSecond).toFixed(3)),
          reference,
          versusReference: ratios,
        },
        null,
        2,
      ),
    );
  } finally {
    db.cleanup();
  }
}
