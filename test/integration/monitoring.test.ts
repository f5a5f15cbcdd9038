/** The prediction log read back: pagination, serving metrics, Prometheus metrics, live predictions. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPredictionWriter } from "../../src/db/prediction-writer.ts";
import { bucketOf } from "../../src/db/rollup-bucket.ts";
import { RetentionJob } from "../../src/modules/monitoring/retention.ts";
import { latencyStats, predictionStats } from "../../src/modules/monitoring/serving-metrics.service.ts";
import { Topic } from "../../src/pubsub.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";
import { predictionTable } from "../helpers/prediction-rows.ts";

const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id value modelVersion } }";

describe("percentile definitions (hand-computed, type 7)", () => {
  it("latency percentiles interpolate between closest ranks", () => {
    // 1..10: h = 9q; p50 → h 4.5 → 5 + 0.5 = 5.5; p95 → h 8.55 → 9 + 0.55 = 9.55; p99 → h 8.91 → 9.91.
    expect(latencyStats([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ count: 10, meanMs: 5.5, p50Ms: 5.5, p95Ms: expect.closeTo(9.55, 12), p99Ms: expect.closeTo(9.91, 12), maxMs: 10 });
    expect(latencyStats([])).toEqual({ count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 });
  });

  it("prediction quartiles and population std", () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population std 2; p25 → h 1.75 → 4; median → h 3.5 → 4.5; p75 → h 5.25 → 5 + 0.25·2 = 5.5.
    expect(predictionStats([9, 2, 4, 4, 5, 4, 7, 5])).toEqual({ count: 8, mean: 5, std: 2, min: 2, max: 9, p25: 4, median: 4.5, p75: 5.5 });
  });
});

describe.each(DATABASE_KINDS)("monitoring on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("stores exactly N rows for N concurrent predicts, each acknowledged one present", async () => {
    const before = await server.app.database.prisma.prediction.count();
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => server.gql(PREDICT, { i: { ...FIRST_ROW, RM: 5 + i / 32 } })));
    const ids = results.map((r) => r.data!.predict.id as string);
    expect(new Set(ids).size).toBe(64);
    expect(await server.app.database.prisma.prediction.count()).toBe(before + 64);
    expect(await server.app.database.prisma.prediction.count({ where: { id: { in: ids } } })).toBe(64);
    // Group commit: fewer transactions than predictions.
    expect(server.app.predictionLog.stats.flushes).toBeLessThan(server.app.predictionLog.stats.rowsWritten);
  });

  it("pages through predictions newest first with opaque keyset cursors", async () => {
    const total = await server.app.database.prisma.prediction.count();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await server.gql("query($after: String) { predictions(first: 25, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id createdAt modelVersion features } } } }", { after });
      expect(res.errors).toBeUndefined();
      const conn = res.data.predictions;
      expect(conn.totalCount).toBe(total);
      seen.push(...conn.edges.map((e: any) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(conn.pageInfo.startCursor).toBe(conn.edges[0]?.cursor ?? null);
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(Math.ceil(total / 25));
    expect(new Set(seen).size).toBe(total);
    const filtered = await server.gql("{ predictions(filter: { modelVersion: 999 }) { totalCount edges { cursor } } }");
    expect(filtered.data!.predictions).toEqual({ totalCount: 0, edges: [] });
    const bad = await server.gql('{ predictions(after: "not-a-cursor") { totalCount } }');
    expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["after"] });
    const big = await server.gql("{ predictions(first: 100000) { totalCount } }");
    expect(big.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["first"] });
  });

  it("computes serving metrics over a window from known rows", async () => {
    // Ten rows one hour ago (from a rollup bucket's edge) with latencies 1..10 ms and values 10..100, in two requests.
    const writer = openPredictionWriter(server.database.url);
    const champion = server.app.services.modelStore.champion!;
    const base = new Date(bucketOf(Date.now() - 3_600_000));
    await writer.insert([
      predictionTable(Array.from({ length: 10 }, (_, i) => ({
        id: randomUUID(),
        requestId: i < 5 ? "window-a" : "window-b",
        modelVersionId: champion.id,
        modelName: champion.name,
        modelVersion: champion.version,
        value: 10 * (i + 1),
        features: {},
        imputedFeatures: [],
        outOfRangeFeatures: [],
        latencyMs: i + 1,
        apiKeyId: null,
        createdAt: new Date(base.getTime() + i * 1000),
      }))),
    ]);
    await writer.close();
    await server.app.database.prisma.requestError.createMany({ data: [{ requestId: "e1", code: "BAD_USER_INPUT", createdAt: new Date(base.getTime() + 500) }] });
    // A window off the bucket edges is widened to them: [base, base + 60 s).
    const since = new Date(base.getTime() + 1).toISOString();
    const until = new Date(base.getTime() + 60_000 - 1).toISOString();
    const res = await server.gql(
      "query($s: DateTime, $u: DateTime) { servingMetrics(since: $s, until: $u) { windowStart windowEnd totalPredictions predictionsPerMinute successfulRequests errorCount errorRate errorsByCode latency { count meanMs p50Ms p95Ms p99Ms maxMs } predictions { count mean min max p25 median p75 } byModelVersion } }",
      { s: since, u: until },
    );
    expect(res.errors).toBeUndefined();
    const m = res.data!.servingMetrics;
    expect(m).toMatchObject({ totalPredictions: 10, successfulRequests: 2, errorCount: 1, errorsByCode: { BAD_USER_INPUT: 1 } });
    expect(m.errorRate).toBeCloseTo(1 / 3, 12);
    expect(m.predictionsPerMinute).toBeCloseTo(10, 9);
    expect(m).toMatchObject({ windowStart: base.toISOString(), windowEnd: new Date(base.getTime() + 60_000).toISOString() });
    // Counts, means and extremes exact; percentiles DDSketch estimates within 0.5 % of an order statistic at the rank.
    expect(m.latency).toMatchObject({ count: 10, meanMs: 5.5, maxMs: 10 });
    expect(m.predictions).toMatchObject({ count: 10, mean: 55, min: 10, max: 100 });
    const near = (x: number, ...candidates: number[]) => candidates.some((c) => Math.abs(x - c) <= 0.005 * c + 1e-9);
    expect(near(m.latency.p50Ms, 5, 6), String(m.latency.p50Ms)).toBe(true);
    expect(near(m.latency.p99Ms, 9, 10), String(m.latency.p99Ms)).toBe(true);
    expect(near(m.predictions.median, 50, 60), String(m.predictions.median)).toBe(true);
    expect(m.byModelVersion[String(champion.version)].count).toBe(10);
    const inverted = await server.gql("query($s: DateTime, $u: DateTime) { servingMetrics(since: $s, until: $u) { totalPredictions } }", { s: until, u: since });
    expect(inverted.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("prunes predictions older than the retention window in batches, keeping newer ones", async () => {
    const writer = openPredictionWriter(server.database.url);
    const champion = server.app.services.modelStore.champion!;
    const row = (createdAt: Date) => ({
      id: randomUUID(), requestId: "retention", modelVersionId: champion.id, modelName: champion.name, modelVersion: champion.version,
      value: 1, features: {}, imputedFeatures: [], outOfRangeFeatures: [], latencyMs: 1, apiKeyId: null, createdAt, challenger: false,
    });
    const old = Array.from({ length: 25 }, (_, i) => row(new Date(Date.now() - (100 + i) * 86_400_000)));
    await writer.insert([predictionTable(old)]);
    await writer.close();
    const before = await server.app.database.prisma.prediction.count();
    const job = new RetentionJob({ db: server.app.database.prisma, logger: server.app.logger, retentionDays: 90, intervalMs: 60_000, batchSize: 10, pauseMs: 1 });
    expect(await job.prune()).toBe(25);
    expect(await server.app.database.prisma.prediction.count()).toBe(before - 25);
    expect(await server.app.database.prisma.prediction.count({ where: { id: { in: old.map((o) => o.id) } } })).toBe(0);
    expect(await job.prune()).toBe(0);
    await job.stop();
  });

  it("exposes Prometheus metrics", async () => {
    await server.gql(PREDICT, { i: { ...FIRST_ROW, RM: 50 } }); // an error: RM out of bounds
    await server.app.services.errorLog.flush();
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    const version = server.app.services.modelStore.champion!.version;
    expect(text).toMatch(new RegExp(`domus_predictions_total\\{model_version="${version}"\\} \\d+`));
    expect(text).toMatch(/domus_errors_total\{code="BAD_USER_INPUT"\} [1-9]/);
    expect(text).toContain(`domus_champion_version ${version}`);
    expect(text).toMatch(/domus_http_request_duration_seconds_bucket\{le="0.00025",route="\/graphql",status="200"\}/);
    expect(text).toContain("domus_process_cpu_user_seconds_total");
    expect(text).toMatch(/domus_prediction_log_rows_total [1-9]/);
  });

  it("streams predictionMade to subscribers, filtered by model version", async () => {
    const version = server.app.services.modelStore.champion!.version;
    const all = await subscribe(server, "subscription { predictionMade { id value modelVersion imputedFeatures } }");
    const other = await subscribe(server, "subscription { predictionMade(modelVersion: 999) { id } }");
    try {
      const { ZN, ...input } = FIRST_ROW;
      const res = await server.gql(PREDICT, { i: input });
      const [event] = await all.take(1);
      expect(event!.data).toEqual({ predictionMade: { id: res.data!.predict.id, value: res.data!.predict.value, modelVersion: version, imputedFeatures: ["ZN"] } });
      // The filtered subscriber must have dropped that event. Proof without waiting for time: a
      // marker of version 999 published after it reaches the filtered subscriber first.
      const marker = randomUUID();
      server.app.services.pubsub.publish(Topic.PredictionMade, { ...event!.data!.predictionMade, id: marker, modelVersion: 999 });
      const [first] = await other.take(1);
      expect(first!.data).toEqual({ predictionMade: { id: marker } });
    } finally {
      await all.close();
      await other.close();
    }
  });
});
