/**
 * The compiled executor (graphql-jit behind Apollo's gateway interface, GRAPHQL_JIT=true, the
 * default) answers exactly as graphql-js does (GRAPHQL_JIT=false): the same data, the same
 * errors with the same codes and field paths, for the operations clients send most and for the
 * refusals graphql-js words itself (variable coercion).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_ROW, type GraphQLResponse, type TestServer, startTestServer } from "../helpers/server.ts";

const CASES: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: "predict", query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value modelVersion imputedFeatures outOfRangeFeatures } }", variables: { i: FIRST_ROW } },
  {
    name: "predict with aliases, a fragment and an optional feature left out",
    query: "mutation($i: HousingFeaturesInput!) { a: predict(input: $i) { ...P } b: predict(input: $i) { value } } fragment P on Prediction { value imputedFeatures }",
    variables: { i: { ...FIRST_ROW, ZN: null } },
  },
  { name: "a variable of the wrong type (graphql-js coercion)", query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", variables: { i: { ...FIRST_ROW, RM: "six" } } },
  { name: "a missing required field (graphql-js coercion)", query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", variables: { i: { CRIM: 1 } } },
  { name: "a value the validator refuses (resolver error)", query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", variables: { i: { ...FIRST_ROW, RM: -1 } } },
  { name: "a pinned version that does not exist", query: "mutation($i: HousingFeaturesInput!) { predict(input: $i, modelVersion: 99) { value } }", variables: { i: FIRST_ROW } },
  { name: "the registry", query: "{ models { name version status algorithm } champion { version } }" },
  { name: "a batch", query: "mutation($r: [HousingFeaturesInput!]!) { batchPredict(inputs: $r, onInvalid: SKIP) { count rows predictions { value } errors { row fields } } }", variables: { r: [FIRST_ROW, { ...FIRST_ROW, NOX: 7 }] } },
];

/** A response with what differs between two servers' runs (ids, timings, request ids) taken out. */
function comparable(res: { status: number; data?: unknown; errors?: unknown }): unknown {
  return JSON.parse(
    JSON.stringify({ status: res.status, data: res.data ?? null, errors: res.errors ?? null }, (key, value) => (key === "requestId" || key === "id" || key === "totalLatencyMs" ? undefined : value)),
  );
}

describe("compiled executor", () => {
  let jit: TestServer;
  let plain: TestServer;
  beforeAll(async () => {
    [jit, plain] = await Promise.all([startTestServer("sqlite", { GRAPHQL_JIT: "true", MAX_BATCH_SIZE: "3000" }), startTestServer("sqlite", { GRAPHQL_JIT: "false", MAX_BATCH_SIZE: "3000" })]);
  });
  afterAll(async () => {
    await Promise.all([jit?.close(), plain?.close()]);
  });

  for (const c of CASES) {
    it(`answers ${c.name} as graphql-js does`, async () => {
      const [a, b] = [await jit.gql(c.query, c.variables), await plain.gql(c.query, c.variables)];
      expect(comparable(a)).toEqual(comparable(b));
    });
  }

  describe("a batch whose commit fails (the executor waits for a commit handed to it)", () => {
    const DOOMED = "doomed-batch";
    const COLUMNS = "mutation($c: HousingColumnsInput!) { batchPredictColumns(input: $c) { count values ids } }";
    const ROWS = "mutation($r: [HousingFeaturesInput!]!) { batchPredict(inputs: $r) { count predictions { id value } } }";
    /** n rows as columns: the first dataset row with RM varied so the trees take different paths. */
    const columns = (n: number) =>
      Object.fromEntries(Object.entries(FIRST_ROW).map(([name, v]) => [name, Array.from({ length: n }, (_, i) => (name === "RM" ? 4 + (i % 100) / 25 : v))]));
    const stored = (server: TestServer, requestId: string) => server.app.database.prisma.prediction.count({ where: { requestId } });

    beforeAll(async () => {
      // Every insert of this request id fails inside the writer's transaction, as a full disk would.
      for (const server of [jit, plain]) {
        await server.app.database.prisma.$executeRawUnsafe(
          `CREATE TRIGGER "test_refuse_doomed" BEFORE INSERT ON "Prediction" WHEN NEW."requestId" = '${DOOMED}' BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END`,
        );
      }
    });

    // 40 rows go through the group commit; 2,500 are streamed to the writer in chunks.
    for (const [name, query, variables] of [
      ["40 rows as columns", COLUMNS, { c: columns(40) }],
      ["2,500 rows as columns (streamed)", COLUMNS, { c: columns(2500) }],
      ["40 rows as rows", ROWS, { r: Array.from({ length: 40 }, () => FIRST_ROW) }],
    ] as const) {
      it(`answers ${name} with the field's error and no data, as graphql-js does, and stores and counts none of it`, async () => {
        const counted = async () => (await jit.app.services.metrics.predictions.get()).values.reduce((sum, v) => sum + v.value, 0);
        const before = await counted();
        const [a, b] = [await jit.gql(query, variables, { "x-request-id": DOOMED }), await plain.gql(query, variables, { "x-request-id": DOOMED })];
        expect(await counted()).toBe(before);
        expect(a.errors?.length).toBe(1);
        expect(a.errors?.[0]?.path).toEqual([query === ROWS ? "batchPredict" : "batchPredictColumns"]);
        expect(a.data ?? null).toBeNull();
        expect(comparable(a)).toEqual(comparable(b));
        expect(await stored(jit, DOOMED)).toBe(0);
        expect(await stored(plain, DOOMED)).toBe(0);
      });
    }

    // Not handed over (two root fields; predict awaits its own commit): the resolver throws a plain
    // error, which graphql-jit reports without `extensions` (the executor makes it graphql-js's).
    for (const [name, query, variables, paths] of [
      ["two batches in one operation", `mutation($c: HousingColumnsInput!) { a: batchPredictColumns(input: $c) { count } b: batchPredictColumns(input: $c) { count } }`, { c: columns(30) }, [["a"]]],
      ["predict", "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", { i: FIRST_ROW }, [["predict"]]],
    ] as const) {
      it(`answers ${name} whose commit fails with graphql-js's error, path and all`, async () => {
        const [a, b] = [await jit.gql(query, variables, { "x-request-id": DOOMED }), await plain.gql(query, variables, { "x-request-id": DOOMED })];
        expect(a.errors?.map((e) => e.path)).toEqual(paths);
        expect((a.errors?.[0] as { locations?: unknown } | undefined)?.locations).toBeDefined();
        expect(comparable(a)).toEqual(comparable(b));
        expect(await stored(jit, DOOMED)).toBe(0);
      });
    }

    it("answers a streamed batch that commits only once all of its rows are stored, with graphql-js's values", async () => {
      const requestId = "streamed-batch-ok";
      // The service hands its commit over when the compiled executor offers (and only then).
      const service = jit.app.services.predictions;
      const predictColumns = service.predictColumns;
      const handed: number[] = [];
      service.predictColumns = (batch, modelVersion, policy, caller) => {
        const offer = caller.deferCommit;
        if (offer) {
          handed.push(0);
          caller.deferCommit = (commit) => {
            handed[handed.length - 1]! += 1;
            offer(commit);
          };
        }
        return predictColumns.call(service, batch, modelVersion, policy, caller);
      };
      let a: GraphQLResponse<Record<string, any>>;
      try {
        a = await jit.gql(COLUMNS, { c: columns(2500) }, { "x-request-id": requestId });
      } finally {
        service.predictColumns = predictColumns;
      }
      expect(handed).toEqual([1]);
      const b = await plain.gql(COLUMNS, { c: columns(2500) }, { "x-request-id": requestId });
      expect(a.errors).toBeUndefined();
      expect(a.data!.batchPredictColumns.values).toEqual(b.data!.batchPredictColumns.values);
      expect(new Set(a.data!.batchPredictColumns.ids).size).toBe(2500);
      // Counted right after the answer: the answer waited for the commit.
      expect(await stored(jit, requestId)).toBe(2500);
      expect(await stored(plain, requestId)).toBe(2500);
    });
  });

  it("answers the same document many times with the same result (compiled once, reused)", async () => {
    const query = CASES[0]!.query;
    const results = await Promise.all(Array.from({ length: 20 }, () => jit.gql(query, { i: FIRST_ROW })));
    for (const r of results) expect(r.data).toEqual(results[0]!.data);
  });
});
