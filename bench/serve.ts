/**
 * `npm run bench`: starts Domus as its own process on a fresh database (or targets --url),
 * warms up, drives POST /graphql predict from a separate load-generator process (autocannon),
 * and prints one JSON object: requests/s and latency percentiles with the durable prediction log
 * on and off, batch timings, ready time and resident memory.
 *
 *   --duration S (10)  --connections N (16)  --database-url URL (default: a fresh SQLite file)
 *   --url URL (an existing server: predict only)  --replicas 1,2 [--redis-url URL] (N servers on one database)
 *   --compiled (run dist/src/cli.js from `npm run build` instead of the TypeScript sources through tsx)
 *   --challenger (predict without a challenger and with a SHADOW one, alternating in 3 rounds, then the
 *                 measured split of a 10 % CANARY)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { trainAndRegister, trainingRequestFromConfig } from "../src/modules/training/train-and-register.ts";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { createLogger } from "../src/logger.ts";

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
  },
});
const duration = Number(values.duration ?? 10);
const connections = Number(values.connections ?? 16);
const root = new URL("..", import.meta.url).pathname;

/** The bench's own admin key (ADMIN_API_KEY of the server it starts; pass --api-key with --url). */
const BENCH_KEY = values["api-key"] ?? "domus_bench_admin_key_0123456789abcdef";

const PREDICT = JSON.stringify({
  query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value modelVersion } }",
  variables: { i: { CRIM: 0.00632, ZN: 18, INDUS: 2.31, CHAS: 0, NOX: 0.538, RM: 6.575, AGE: 65.2, DIS: 4.09, RAD: 1, TAX: 296, PTRATIO: 15.3, B: 396.9, LSTAT: 4.98 } },
});

async function prepareDatabase(): Promise<{ url: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "domus-bench-"));
  const url = values["database-url"] ?? `file:${join(dir, "bench.db")}`;
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
  const child = spawn(process.execPath, [entry, "serve"], {
    // The bench measures the server, not the per-key rate limit.
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", TRAIN_ON_START: "false", ADMIN_API_KEY: BENCH_KEY, RATE_LIMIT_PER_MINUTE: "0", ...env },
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
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  totalRequests: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
function load(url: string, seconds: number, conns = connections): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, "node_modules/autocannon/autocannon.js"), "-j", "-c", String(conns), "-d", String(seconds), "-m", "POST", "-H", "content-type=application/json", "-H", `x-api-key=${BENCH_KEY}`, "-b", PREDICT, `${url}/graphql`],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}`));
      const r = JSON.parse(out);
      resolve({
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

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

async function batchTimings(url: string, rows: number, repeats = 10): Promise<{ medianMs: number; serverMedianMs: number }> {
  const input = JSON.parse(PREDICT).variables.i;
  const body = JSON.stringify({
    query: "mutation($inputs: [HousingFeaturesInput!]!) { batchPredict(inputs: $inputs) { totalLatencyMs predictions { value modelVersion } } }",
    variables: { inputs: Array.from({ length: rows }, (_, i) => ({ ...input, RM: 4 + (i % 100) / 25 })) },
  });
  const wall: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": BENCH_KEY }, body });
    const json = (await res.json()) as { data: { batchPredict: { totalLatencyMs: number } } };
    wall.push(performance.now() - t0);
    server.push(json.data.batchPredict.totalLatencyMs);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return { medianMs: Number(median(wall).toFixed(2)), serverMedianMs: Number(median(server).toFixed(2)) };
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
    const rss = rssMb(server.pid);
    const batch1k = await batchTimings(server.url, 1000);
    const batch10k = await batchTimings(server.url, 10_000);
    const duringTraining = options.duringTraining ? await loadDuringTraining(server.url) : undefined;
    return { readyMs: Math.round(server.readyMs), rssMbAfterLoad: rss, predict, batch1k, batch10k, ...(duringTraining ? { predictDuringTraining: duringTraining } : {}) };
  } finally {
    await server.stop();
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

/** Throughput without and with a SHADOW challenger (alternating rounds, same server), then a 10 % CANARY's measured split. */
async function measureChallenger(databaseUrl: string) {
  // A second version (champion); the first becomes the challenger.
  const db = openDatabase(databaseUrl);
  const config = loadConfig({ DATABASE_URL: databaseUrl });
  await trainAndRegister(db.prisma, { ...trainingRequestFromConfig(config, "full", false), only: { algorithm: "gbdt", params: { maxDepth: 3 } }, gate: { minTestR2: 0.5, rmseTolerance: 10 } }, createLogger({ logLevel: "silent" }));
  await db.close();
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

if (values.compiled) {
  const { execFileSync } = await import("node:child_process");
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
}

if (values.challenger) {
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
    const loggingOn = await measure({ PREDICTION_LOG_ENABLED: "true" }, db.url, { duringTraining: true });
    const loggingOff = await measure({ PREDICTION_LOG_ENABLED: "false" }, db.url);
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
          database: db.url.startsWith("file:") ? "sqlite" : "postgresql",
          connections,
          durationSeconds: duration,
          loggingOn,
          loggingOff,
          throughputRatioOnOff: Number((loggingOn.predict.requestsPerSecond / loggingOff.predict.requestsPerSecond).toFixed(3)),
        },
        null,
        2,
      ),
    );
  } finally {
    db.cleanup();
  }
}
