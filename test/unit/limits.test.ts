/** The request pipeline's parts on their own: cost model, access table, rate limiter, fan-out scheduler. */
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { type GraphQLSchema, getOperationAST, parse } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../src/modules/common/enums.ts";
import { PUBLIC, accessTable, accessTableMarkdown } from "../../src/modules/auth/access.ts";
import { RateLimiter } from "../../src/modules/auth/rate-limiter.ts";
import { Topic, createDomusPubSub } from "../../src/pubsub.ts";
import { buildDomusSchema } from "../../src/schema.ts";
import { ASSUMED_LIST_SIZE, FIELD_COSTS, INTROSPECTION_POINTS, ROWS_PER_POINT, costTableMarkdown, operationCost } from "../../src/server/cost.ts";
import { RequestPipeline } from "../../src/server/request-pipeline.ts";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildDomusSchema();
});

const SIZES = { driftWindowSize: 500 };

const cost = (query: string, variables: Record<string, unknown> = {}, sizes = SIZES) => {
  const document = parse(query);
  return operationCost(schema, document, getOperationAST(document)!, variables, sizes);
};

describe("cost model", () => {
  it("prices predict and explain as a batch row each, repeated per alias; a batch per input", () => {
    expect(cost("mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }")).toEqual({ points: 1, rows: 1 });
    expect(cost("mutation($i: HousingFeaturesInput!) { a: predict(input: $i) { value } b: predict(input: $i) { value } c: explain(input: $i) { prediction } }")).toEqual({ points: 3, rows: 3 });
    expect(cost("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count predictions { value } } }", { i: Array(250).fill({}) })).toEqual({ points: 2, rows: 250 });
  });

  it("multiplies lists by first/limit (defaults included) and assumes a size for the others", () => {
    expect(cost("{ predictions(first: 500) { edges { node { id } } } }").points).toBe(1 + 500 * 2);
    expect(cost("{ predictions { edges { node { id } } } }").points).toBe(1 + 50 * 2); // first defaults to 50
    expect(cost("query($n: Int) { predictions(first: $n) { edges { node { id } } } }", { n: 10 }).points).toBe(1 + 10 * 2);
    expect(cost("{ driftReports(limit: 100) { id } }").points).toBe(1 + 100 * 5);
    expect(cost("{ experiments { runs { name } } }").points).toBe(1 + ASSUMED_LIST_SIZE * 1);
    // Windowed rollup reads: 1 point + 1 per 60 buckets (10 min) of the window widened to bucket edges.
    expect(cost("{ servingMetrics { totalPredictions } }").points).toBe(1 + Math.ceil(362 / 60));
    expect(cost('{ servingMetrics(since: "2026-01-01T00:00:00Z", until: "2026-01-01T00:15:00Z") { totalPredictions } }').points).toBe(1 + Math.ceil(92 / 60));
    expect(cost('{ performance(since: "2026-01-01T00:00:00Z", until: "2026-01-02T00:00:00Z") { modelVersion } }').points).toBe(1 + Math.ceil(8642 / 60));
  });

  it("prices reads of many rows by the rows or buckets they read, not a flat 100", () => {
    // challengerReport merges the rollups from `since`: 1 point + 1 per 60 buckets; 24 h without `since`.
    const since = new Date(Date.now() - 15 * 60_000).toISOString();
    expect(cost("query($s: DateTime) { challengerReport(since: $s) { pairedRows } }", { s: since }).points).toBeLessThanOrEqual(1 + Math.ceil(92 / 60) + 1);
    expect(cost("{ challengerReport { pairedRows } }").points).toBe(1 + Math.ceil(8642 / 60));
    // runDriftCheck reads DRIFT_WINDOW_SIZE predictions: 1 point + 1 per ROWS_PER_POINT rows, so a larger window costs more.
    const drift = (rows: number) => cost("mutation { runDriftCheck { id } }", {}, { driftWindowSize: rows }).points;
    expect(drift(500)).toBe(1 + 500 / ROWS_PER_POINT);
    expect(drift(5000)).toBe(1 + 5000 / ROWS_PER_POINT);
    expect(drift(5000)).toBeGreaterThan(drift(500));
    expect(cost("{ __schema { types { name fields { name } } } }").points).toBe(INTROSPECTION_POINTS);
  });

  it("follows fragments and honours @skip/@include", () => {
    expect(cost("query { ...F } fragment F on Query { experiments { runs { name } } }").points).toBe(1 + ASSUMED_LIST_SIZE);
    expect(cost("query($s: Boolean!) { health { status } experiments @skip(if: $s) { name } }", { s: true }).points).toBe(1);
  });

  it("prices the rows of every PREDICT mutation (a new one must declare them in FIELD_COSTS)", () => {
    const predictMutations = [...accessTable().mutation].filter(([, access]) => access === Role.PREDICT).map(([field]) => field);
    expect(predictMutations).toEqual(expect.arrayContaining(["predict", "batchPredict", "explain"]));
    for (const field of predictMutations) expect(FIELD_COSTS[`Mutation.${field}`]?.rows, field).toBeDefined();
  });
});

describe("access table", () => {
  it("is derived from @Authorized on the resolvers and matches the contract's roles", () => {
    const table = accessTable();
    expect(table.query.get("health")).toBe(PUBLIC);
    expect(table.query.get("apiKeys")).toBe(Role.ADMIN);
    for (const [field, access] of table.query) if (!["health", "apiKeys", "__typename"].includes(field)) expect(access, field).toBe(Role.READ);
    for (const field of ["predict", "batchPredict", "explain"]) expect(table.mutation.get(field), field).toBe(Role.PREDICT);
    for (const field of ["promoteModel", "rollbackModel", "startTraining", "runDriftCheck", "createApiKey", "revokeApiKey"]) expect(table.mutation.get(field), field).toBe(Role.ADMIN);
    for (const [field, access] of table.subscription) if (field !== "__typename") expect(access, field).toBe(Role.READ);
  });

  it("docs/security.md documents the access and cost tables as the code declares them", () => {
    const readme = readFileSync(new URL("../../docs/security.md", import.meta.url), "utf8");
    expect(readme).toContain(accessTableMarkdown(accessTable()));
    expect(readme).toContain(costTableMarkdown());
  });
});

describe("rate limiter", () => {
  it("keeps a bounded number of buckets and forgets idle ones (they would be full again)", () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`address-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    expect(limiter.take("a", 60).allowed).toBe(true);
    expect(limiter.take("a", 1)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 30_000;
    expect(limiter.take("a", 30).allowed).toBe(true); // half refilled
    now += 61_000;
    expect(limiter.check("a").allowed).toBe(true);
    expect(limiter.take("a", 60).allowed).toBe(true); // idle for a minute: full
  });

  it("charges an operation its cost: fifteen aliased predicts take thirty tokens", async () => {
    const now = 0;
    const keyLimiter = new RateLimiter(100, () => now);
    const pipeline = new RequestPipeline({
      schema,
      access: accessTable(),
      authenticate: async () => null,
      cachedPrincipal: () => undefined,
      keyLimiter,
      addressLimiter: new RateLimiter(10, () => now),
      readSizes: SIZES,
      maxTokens: 5000,
      maxDepth: 10,
      maxAliases: 15,
      maxFragmentSpreads: 50,
      maxQueryBytes: 65_536,
      documentCacheBytes: 8_388_608,
      maxComplexity: 2000,
      introspection: true,
      hideSuggestions: false,
    });
    const query = `mutation($i: HousingFeaturesInput!) { ${Array.from({ length: 15 }, (_, i) => `p${i}: predict(input: $i) { value }`).join(" ")} }`;
    const prepared = pipeline.prepare(query, null, { i: {} }, { principal: { keyId: "k", role: Role.PREDICT, name: "k" }, apiKeyPresented: true, clientAddress: "x" }, "http");
    expect(prepared).toMatchObject({ ok: true, cost: { points: 15, rows: 15 } });
    expect(keyLimiter.check("k").remaining).toBe(70);
  });
});

describe("fan-out", () => {
  it("delivers a big fan-out over several event-loop turns, in order and complete", async () => {
    const pubsub = createDomusPubSub({ deliveriesPerTurn: 100 });
    const subscribers = Array.from({ length: 20 }, () => pubsub.subscribe<number>(Topic.PredictionMade));
    const received = subscribers.map(() => [] as number[]);
    let turnsDuringDelivery = 0;
    let delivering = true;
    const tick = () => {
      if (!delivering) return;
      turnsDuringDelivery++;
      setImmediate(tick);
    };
    const consumers = subscribers.map(async (events, s) => {
      for await (const value of events) {
        received[s]!.push(value);
        if (received[s]!.length === 200) break;
      }
    });
    setImmediate(tick);
    for (let i = 0; i < 200; i++) pubsub.publish(Topic.PredictionMade, i); // 4,000 deliveries, 100 a turn
    await Promise.all(consumers);
    delivering = false;
    for (const values of received) expect(values).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(turnsDuringDelivery).toBeGreaterThanOrEqual(4000 / 100 - 1);
  });
});
