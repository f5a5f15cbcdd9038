/**
 * `npm run bench -- --monitoring` (issue 23): monitoring reads at traffic speed, on one server.
 *
 * (a) Bulk-loads 100,000 then 1,000,000 predictions into the last hour through
 *     `batchPredictColumns` (10,000-row batches, a SHADOW challenger set so the shadow rollups and
 *     `challengerReport` have rows), and times `servingMetrics(since: 1 h ago)`, `performance` and
 *     `challengerReport` at each size (median of `repeats`, each request with its own fresh
 *     `since`): the 1M / 100k ratio of each (done when ≤ 3).
 * (b) `predict` p99 under the load generator (wrk -t2 or autocannon) without, then with, a poller
 *     asking every second for `servingMetrics` and `performance` over a fresh 15-minute window
 *     (which holds the 1M rows), back to back: the with / without ratio (done when ≤ 1.5).
 */
import { EXAMPLE_ROW } from "../pipeline/features.ts";

interface LoadLike {
  tool: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

export interface MonitoringBenchDeps {
  /** Server base URL (no /graphql). */
  url: string;
  gql: <T>(url: string, query: string, variables?: Record<string, unknown>) => Promise<T>;
  load: (url: string, seconds: number) => Promise<LoadLike>;
  /** Seconds of each predict load run. */
  duration: number;
  repeats?: number;
  /** PostgreSQL: the monitoring tables' live and dead tuples (what a read of them visits). */
  tableStats?: () => Promise<unknown>;
}

const BATCH = 10_000;
const HOUR_MS = 3_600_000;

const SERVING = "query($s: DateTime) { servingMetrics(since: $s) { totalPredictions latency { p99Ms } predictions { mean } requestLatency { operation count } byModelVersion } }";
const PERFORMANCE = "query($s: DateTime) { performance(since: $s) { modelVersion predictions outcomes rmse meanPrediction latency { p99Ms } coverage { level coverage rows } } }";
const CHALLENGER = "query($s: DateTime) { challengerReport(since: $s) { pairedRows pairedOutcomes meanAbsDifference pValue verdict } }";

/** One 10k-row columnar batch (RM varied so the trees take different paths). */
function columnsBody(offset: number): string {
  const columns = Object.fromEntries(
    Object.entries(EXAMPLE_ROW).map(([f, v]) => [f, Array.from({ length: BATCH }, (_, i) => (f === "RM" ? 4 + ((offset + i) % 100) / 25 : v))]),
  );
  return JSON.stringify({ query: "mutation($input: HousingColumnsInput!) { batchPredictColumns(input: $input) { totalLatencyMs } }", variables: { input: columns } });
}

async function bulkLoad(deps: MonitoringBenchDeps, rows: number, headers: Record<string, string>): Promise<{ ms: number; retried: number }> {
  const started = performance.now();
  let retried = 0;
  // Two batches in flight: the writer streams one while the next is predicted.
  let next = 0;
  const worker = async () => {
    while (next < rows) {
      const offset = next;
      next += BATCH;
      const body = columnsBody(offset);
      // As a client would: a batch refused with SERVICE_UNAVAILABLE (nothing stored) is sent again after retryAfterSeconds.
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${deps.url}/graphql`, { method: "POST", headers, body });
        const answer = (await res.json()) as { errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[] };
        if (!answer.errors) break;
        const retry = answer.errors[0]?.extensions;
        if (retry?.code !== "SERVICE_UNAVAILABLE" || attempt >= 5) throw new Error(`batchPredictColumns: ${JSON.stringify(answer.errors).slice(0, 300)}`);
        retried++;
        await new Promise((r) => setTimeout(r, (retry.retryAfterSeconds ?? 1) * 1000));
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return { ms: Math.round(performance.now() - started), retried };
}

/** Median and quartiles of `repeats` timed reads, each with its own `since` (now − window). */
async function timeRead(deps: MonitoringBenchDeps, query: string, windowMs: number): Promise<{ medianMs: number; quartilesMs: [number, number]; sample: unknown }> {
  const times: number[] = [];
  let sample: unknown;
  const repeats = deps.repeats ?? 7;
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    sample = await deps.gql(deps.url, query, { s: new Date(Date.now() - windowMs).toISOString() });
    if (i > 0) times.push(performance.now() - t0); // the first one warms up
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.round(q * (times.length - 1))] as number).toFixed(1));
  return { medianMs: at(0.5), quartilesMs: [at(0.25), at(0.75)], sample };
}

async function timeReads(deps: MonitoringBenchDeps) {
  return {
    servingMetrics: await timeRead(deps, SERVING, HOUR_MS),
    performance: await timeRead(deps, PERFORMANCE, HOUR_MS),
    challengerReport: await timeRead(deps, CHALLENGER, HOUR_MS),
  };
}

/** predict under load with a poller (servingMetrics + performance over a fresh 15 min, every second). */
async function loadWithPoller(deps: MonitoringBenchDeps) {
  let stop = false;
  const pollMs: number[] = [];
  const poller = (async () => {
    while (!stop) {
      const t0 = performance.now();
      const since = new Date(Date.now() - 15 * 60_000).toISOString();
      await Promise.all([deps.gql(deps.url, SERVING, { s: since }), deps.gql(deps.url, PERFORMANCE, { s: since })]);
      const took = performance.now() - t0;
      pollMs.push(took);
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - took)));
    }
  })();
  try {
    const predict = await deps.load(deps.url, deps.duration);
    return { predict, polls: pollMs.length, pollMedianMs: Number((pollMs.sort((a, b) => a - b)[Math.floor(pollMs.length / 2)] ?? 0).toFixed(1)), pollMaxMs: Number(Math.max(0, ...pollMs).toFixed(1)) };
  } finally {
    stop = true;
    await poller;
  }
}

const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

export async function measureMonitoring(deps: MonitoringBenchDeps, adminKey: string) {
  const headers = { "content-type": "application/json", "x-api-key": adminKey };
  await deps.gql(deps.url, "mutation { setChallenger(version: 1, mode: SHADOW) { mode } }");
  const load100k = await bulkLoad(deps, 100_000, headers);
  const at100k = await timeReads(deps);
  const load900k = await bulkLoad(deps, 900_000, headers);
  const at1M = await timeReads(deps);
  const tablesAt1M = deps.tableStats ? await deps.tableStats() : undefined;
  const total = (at1M.servingMetrics.sample as { servingMetrics: { totalPredictions: number } }).servingMetrics.totalPredictions;

  await deps.load(deps.url, 2); // warm-up
  const without = await deps.load(deps.url, deps.duration);
  const withPoller = await loadWithPoller(deps);
  const strip = (r: Awaited<ReturnType<typeof timeReads>>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, { medianMs: v.medianMs, quartilesMs: v.quartilesMs }]));
  return {
    bulkLoad: { rowsPerBatch: BATCH, first100kMs: load100k.ms, next900kMs: load900k.ms, batchesRetried: load100k.retried + load900k.retried, predictionsInLastHour: total },
    reads100k: strip(at100k),
    reads1M: strip(at1M),
    ...(tablesAt1M ? { tablesAt1M } : {}),
    ratio1Mto100k: {
      servingMetrics: ratio(at1M.servingMetrics.medianMs, at100k.servingMetrics.medianMs),
      performance: ratio(at1M.performance.medianMs, at100k.performance.medianMs),
      challengerReport: ratio(at1M.challengerReport.medianMs, at100k.challengerReport.medianMs),
    },
    predictUnderPoller: {
      without,
      withPoller,
      p99RatioWithToWithout: ratio(withPoller.predict.p99Ms, without.p99Ms),
    },
  };
}
