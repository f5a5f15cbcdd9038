/**
 * The compiled executor (graphql-jit behind Apollo's gateway interface, GRAPHQL_JIT=true, the
 * default) answers exactly as graphql-js does (GRAPHQL_JIT=false): the same data, the same
 * errors with the same codes and field paths, for the operations clients send most and for the
 * refusals graphql-js words itself (variable coercion).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

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
    [jit, plain] = await Promise.all([startTestServer("sqlite", { GRAPHQL_JIT: "true" }), startTestServer("sqlite", { GRAPHQL_JIT: "false" })]);
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

  it("answers the same document many times with the same result (compiled once, reused)", async () => {
    const query = CASES[0]!.query;
    const results = await Promise.all(Array.from({ length: 20 }, () => jit.gql(query, { i: FIRST_ROW })));
    for (const r of results) expect(r.data).toEqual(results[0]!.data);
  });
});
