/** End-to-end request latency (RequestRollup): recorded per operation and transport, read by servingMetrics.requestLatency. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestLatencyLog, operationLabel } from "../../src/modules/monitoring/request-latency.ts";
import { parse, type OperationDefinitionNode } from "graphql";
import { decodeSketch, sketchQuantile } from "../../src/db/sketch.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id value } }";
const LATENCY = "{ servingMetrics { requestLatency { operation transport count failed meanMs p50Ms p95Ms p99Ms maxMs } } }";

describe("operation labels", () => {
  it("are the root fields, sorted, deduplicated, at most three", () => {
    const label = (q: string) => operationLabel(parse(q).definitions[0] as OperationDefinitionNode);
    expect(label("{ servingMetrics { totalPredictions } performance { modelVersion } }")).toBe("performance+servingMetrics");
    expect(label("{ a: health { status } b: health { status } }")).toBe("health");
    expect(label("{ health { status } models { id } servingMetrics { totalPredictions } performance { modelVersion } }")).toBe("health+models+performance+…");
  });
});

describe.each(DATABASE_KINDS)("request latency on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("rolls up one replica's timings per bucket: totals equal the recorded values, a flush rewrites a bucket idempotently", async () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 5);
    const db = server.app.database.prisma;
    const log = new RequestLatencyLog({ db, replicaId: "replica-under-test", logger: server.app.logger, flushMs: 60_000, now: () => now });
    const first = [1, 2, 3, 4, 100];
    for (const ms of first) log.record("predict", "HTTP", ms, ms === 100);
    await log.flush();
    log.record("predict", "HTTP", 5, false); // same bucket: the row is rewritten with all six
    await log.flush();
    now += 10_000;
    log.record("predict", "WS", 7, false);
    await log.flush();
    await log.flush(); // nothing changed: nothing written
    const rows = await db.requestRollup.findMany({ where: { replicaId: "replica-under-test" }, orderBy: { bucketStart: "asc" } });
    expect(rows.map((r) => [r.bucketStart.getTime(), r.transport, r.count, r.failed, r.latencySum, r.latencyMax])).toEqual([
      [Date.UTC(2026, 0, 1), "HTTP", 6, 1, 115, 100],
      [Date.UTC(2026, 0, 1, 0, 0, 10), "WS", 1, 0, 7, 7],
    ]);
    const sketch = decodeSketch(rows[0]!.latencySketch);
    expect(sketch.count).toBe(6);
    expect(Math.abs(sketchQuantile(sketch, 0) - 1)).toBeLessThanOrEqual(0.005 * 1);
    expect(Math.abs(sketchQuantile(sketch, 1) - 100)).toBeLessThanOrEqual(0.005 * 100);
  });

  it("servingMetrics.requestLatency counts HTTP and WebSocket requests per operation, apart from model compute", async () => {
    const n = 7;
    for (let i = 0; i < n; i++) expect((await server.gql(PREDICT, { i: FIRST_ROW })).errors).toBeUndefined();
    const { createClient } = await import("graphql-ws");
    const { default: WebSocket } = await import("ws");
    const client = createClient({ url: `${server.url.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { apiKey: ADMIN_KEY } });
    try {
      for (let i = 0; i < 3; i++) {
        const result = await new Promise<unknown>((resolve, reject) => {
          let value: unknown;
          client.subscribe({ query: PREDICT, variables: { i: FIRST_ROW } }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
        });
        expect((result as { errors?: unknown }).errors).toBeUndefined();
      }
    } finally {
      await client.dispose();
    }
    // The WebSocket operations complete after the client saw their result: wait until all three are counted.
    const deadline = Date.now() + 30_000;
    type Stats = { count: number; failed: number; meanMs: number; p50Ms: number; p99Ms: number; maxMs: number };
    let ws: Stats | undefined;
    let http: Stats | undefined;
    for (;;) {
      await server.app.services.requestLatency.flush();
      const res = await server.gql(LATENCY);
      expect(res.errors).toBeUndefined();
      const list = res.data!.servingMetrics.requestLatency as (Stats & { operation: string; transport: string })[];
      http = list.find((r) => r.operation === "predict" && r.transport === "HTTP");
      ws = list.find((r) => r.operation === "predict" && r.transport === "WS");
      if ((ws?.count ?? 0) >= 3 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(http).toMatchObject({ count: n, failed: 0 });
    expect(ws).toMatchObject({ count: 3, failed: 0 });
    for (const r of [http!, ws!]) {
      expect(r.meanMs).toBeGreaterThan(0);
      expect(r.p50Ms).toBeLessThanOrEqual(r.p99Ms);
      expect(r.p99Ms).toBeLessThanOrEqual(r.maxMs);
      expect(r.meanMs).toBeLessThanOrEqual(r.maxMs);
    }
  });
});
