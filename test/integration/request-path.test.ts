/**
 * One request path (src/server/request-pipeline.ts `prepare`): the same batch, sent over HTTP and
 * over WebSocket, as variables and as inline literals, gives the same result and the same errors —
 * valid rows, invalid rows under SKIP (RowErrors) and under REJECT (one BAD_USER_INPUT naming every
 * bad field). And client mistakes are client errors on every transport, never INTERNAL_SERVER_ERROR.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";
import { RawSocket } from "../helpers/ws.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Row = Record<string, Json>;

/** A JSON value as a GraphQL literal (object keys are field names; strings stay strings). */
function literal(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(", ")}}`;
  return JSON.stringify(value);
}

const ROW_FIELDS = "count rows predictions { value imputedFeatures features } errors { row fields message }";
const COLUMN_FIELDS = "count rows values imputedRows outOfRangeRows errors { row fields message }";

interface Batch {
  variables: { query: string; variables: Record<string, unknown> };
  inline: { query: string; variables: Record<string, unknown> };
}

/** The same batch as two documents: rows as a variable, and rows written inline. */
function rowBatch(rows: Row[], onInvalid: "SKIP" | "REJECT"): Batch {
  return {
    variables: {
      query: `mutation($inputs: [HousingFeaturesInput!]!, $onInvalid: InvalidRowPolicy) { batchPredict(inputs: $inputs, onInvalid: $onInvalid) { ${ROW_FIELDS} } }`,
      variables: { inputs: rows, onInvalid },
    },
    inline: { query: `mutation { batchPredict(inputs: ${literal(rows)}, onInvalid: ${onInvalid}) { ${ROW_FIELDS} } }`, variables: {} },
  };
}

function columnBatch(columns: Record<string, Json[]>, onInvalid: "SKIP" | "REJECT"): Batch {
  return {
    variables: {
      query: `mutation($input: HousingColumnsInput!, $onInvalid: InvalidRowPolicy) { batchPredictColumns(input: $input, onInvalid: $onInvalid) { ${COLUMN_FIELDS} } }`,
      variables: { input: columns, onInvalid },
    },
    inline: { query: `mutation { batchPredictColumns(input: ${literal(columns)}, onInvalid: ${onInvalid}) { ${COLUMN_FIELDS} } }`, variables: {} },
  };
}

/** What must be the same everywhere: data, and each error's message, path and extensions (without the request id and source locations). */
function comparable(answer: { data?: unknown; errors?: { message: string; path?: unknown; extensions?: Record<string, unknown> }[] }) {
  return {
    data: answer.data ?? null,
    errors: (answer.errors ?? []).map((e) => {
      const { requestId: _requestId, ...extensions } = e.extensions ?? {};
      return { message: e.message, path: e.path ?? null, extensions };
    }),
  };
}

const valid: Row = { ...FIRST_ROW };
const missingRm: Row = Object.fromEntries(Object.entries(FIRST_ROW).filter(([k]) => k !== "RM"));
const wrongType: Row = { ...FIRST_ROW, CRIM: "lots" };
const unknownField: Row = { ...FIRST_ROW, POOL: 1 };
const ROWS = [valid, missingRm, valid, wrongType, unknownField];

const COLUMNS: Record<string, Json[]> = Object.fromEntries(Object.entries(FIRST_ROW).map(([k, v]) => [k, [v, v, v]]));
COLUMNS.RM = [6.5, "six", null];

// One server and one open WebSocket for both groups below.
let server: TestServer;
let socket: RawSocket;
beforeAll(async () => {
  server = await startTestServer("sqlite");
  socket = await RawSocket.open(server.url, (await import("../helpers/server.ts")).ADMIN_KEY);
});
afterAll(async () => {
  socket?.close();
  await server?.close();
});

describe("one request path for HTTP and WebSocket", () => {
  const overHttp = async (request: { query: string; variables: Record<string, unknown> }) => {
    const res = await server.post(JSON.stringify(request));
    return { status: res.status, ...((await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
  };

  const cases: [string, Batch][] = [
    ["valid rows", rowBatch([valid, valid], "REJECT")],
    ["invalid rows under SKIP", rowBatch(ROWS, "SKIP")],
    ["invalid rows under REJECT", rowBatch(ROWS, "REJECT")],
    ["invalid columns under SKIP", columnBatch(COLUMNS, "SKIP")],
    ["invalid columns under REJECT", columnBatch(COLUMNS, "REJECT")],
  ];

  it.each(cases)("%s: the same answer over HTTP and WebSocket, as variables and inline", async (name, batch) => {
    const [httpVariables, httpInline] = [await overHttp(batch.variables), await overHttp(batch.inline)];
    const answers = [httpVariables, httpInline, await socket.request(batch.variables.query, batch.variables.variables), await socket.request(batch.inline.query)];
    const [reference, ...others] = answers.map(comparable) as [ReturnType<typeof comparable>, ...ReturnType<typeof comparable>[]];
    for (const other of others) expect(other).toEqual(reference);
    // Each case is what its name says (not four identical failures of some other kind).
    if (name === "valid rows") expect(reference.errors).toEqual([]);
    if (name.includes("SKIP")) {
      const data = Object.values(reference.data as Record<string, { errors: { row: number; fields: string[] }[]; count: number }>)[0]!;
      expect(data.errors.map((e) => e.row)).toEqual(name.includes("columns") ? [1, 2] : [1, 3, 4]);
      expect(data.count).toBe(name.includes("columns") ? 1 : 2);
    }
    if (name.includes("REJECT") && name.startsWith("invalid")) {
      expect(reference.errors).toHaveLength(1);
      expect(reference.errors[0]?.extensions.code).toBe("BAD_USER_INPUT");
      expect((reference.errors[0]?.extensions.fields as string[] | undefined)?.length ?? 0).toBeGreaterThanOrEqual(name.includes("columns") ? 2 : 3);
      // The same status over HTTP for both spellings of the batch.
      expect(httpVariables.status).toBe(httpInline.status);
    }
  });

  it("rows of a SKIP batch written inline name the row and the field as with variables", async () => {
    const batch = rowBatch(ROWS, "SKIP");
    const { data } = await overHttp(batch.inline);
    const errors = (data as { batchPredict: { errors: { row: number; fields: string[] }[] } }).batchPredict.errors;
    expect(errors.map((e) => e.fields)).toEqual([["inputs.1.RM"], ["inputs.3.CRIM"], ["inputs.4.POOL"]]);
  });
});

describe("client errors are never INTERNAL_SERVER_ERROR", () => {
  /** Sends a raw subscribe payload over the socket and returns the first answer. */
  const wsPayload = async (payload: Record<string, unknown>) => {
    const id = `raw-${Math.random().toString(36).slice(2)}`;
    socket.ws.send(JSON.stringify({ id, type: "subscribe", payload }));
    await socket.until(() => socket.of(id).some((m) => m.type === "next" || m.type === "error"));
    const first = socket.of(id).find((m) => m.type === "next" || m.type === "error")!;
    return (first.type === "error" ? { errors: first.payload } : first.payload) as { errors?: { message: string; extensions: { code: string; reason?: string } }[] };
  };

  const expectClientError = (errors: { extensions: { code: string } }[] | undefined, code = "BAD_USER_INPUT") => {
    expect(errors?.length).toBeGreaterThan(0);
    for (const e of errors ?? []) expect(e.extensions.code).toBe(code);
  };

  it("a subscription sent over HTTP: 400 BAD_USER_INPUT (reason BAD_REQUEST)", async () => {
    const res = await server.post(JSON.stringify({ query: "subscription { modelPromoted { version } }" }));
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string; reason?: string } }[] };
    expect(res.status).toBe(400);
    expectClientError(body.errors);
    expect(body.errors[0]?.message).toMatch(/WebSocket/);
  });

  it("variables of the wrong type: BAD_USER_INPUT naming the field, over HTTP (400) and WebSocket", async () => {
    const query = "mutation($input: HousingFeaturesInput!) { predict(input: $input) { value } }";
    const variables = { input: { ...FIRST_ROW, RM: "six" } };
    const http = await server.gql(query, variables);
    expect(http.status).toBe(400);
    expectClientError(http.errors);
    const ws = await socket.request(query, variables);
    expectClientError(ws.errors);
    expect(comparable(ws)).toEqual(comparable(http));
  });

  it("an unknown operation name: 400 BAD_USER_INPUT over HTTP, the same error over WebSocket", async () => {
    const query = "query A { health { status } } query B { health { status } }";
    const res = await server.post(JSON.stringify({ query, operationName: "C" }));
    const http = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(res.status).toBe(400);
    expectClientError(http.errors);
    expect(http.errors[0]?.message).toContain('"C"');
    const ws = await wsPayload({ query, operationName: "C" });
    expect(comparable(ws)).toEqual(comparable(http));
    // No operation name for a document of two: the same kind of answer.
    const unnamed = await server.post(JSON.stringify({ query }));
    expect(unnamed.status).toBe(400);
    expectClientError(((await unnamed.json()) as { errors: { extensions: { code: string } }[] }).errors);
  });

  it("a malformed JSON body: 400 BAD_USER_INPUT", async () => {
    const res = await server.post('{"query": "{ health { status } }"');
    expect(res.status).toBe(400);
    expectClientError(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors);
  });

  it("`variables` of the wrong JSON type: 400 BAD_USER_INPUT over HTTP; a protocol error (4400) over WebSocket", async () => {
    for (const variables of [[1, 2], "x", 3]) {
      const res = await server.post(JSON.stringify({ query: "{ health { status } }", variables }));
      expect(res.status).toBe(400);
      expectClientError(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors);
    }
    // graphql-ws refuses a subscribe message whose variables are not an object before Domus sees it:
    // the protocol's "invalid message" close (4400), not an internal error.
    const own = await RawSocket.open(server.url, (await import("../helpers/server.ts")).ADMIN_KEY);
    own.ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "{ health { status } }", variables: [1, 2] } }));
    await own.until(() => own.closeCode !== null);
    expect(own.closeCode).toBe(4400);
  });

  it("a document that does not parse or validate: the same BAD_USER_INPUT over both transports", async () => {
    for (const query of ["{ health { status }", "{ health { nope } }"]) {
      const res = await server.post(JSON.stringify({ query }));
      const http = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(res.status).toBe(400);
      expectClientError(http.errors);
      const ws = await socket.request(query);
      expect(comparable(ws)).toEqual(comparable(http));
    }
  });
});
