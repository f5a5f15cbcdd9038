/**
 * Abuse resistance (issue 12): each finding of the probe, replayed over HTTP and WebSocket where
 * both apply, must be refused or bounded — and /healthz must keep answering meanwhile.
 * Address-based limits are kept apart per test with X-Forwarded-For (the server trusts the
 * loopback proxy), so the tests do not share buckets.
 */
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sqlitePath } from "../../src/db/client.ts";
import { hashSecret } from "../../src/modules/auth/api-keys.service.ts";
import { Role } from "../../src/modules/common/enums.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";
import { RawSocket, whileHealthzAnswers } from "../helpers/ws.ts";

const DEEP = "{ experiments { runs { experiment { runs { experiment { runs { experiment { runs { experiment { runs { experiment { name } } } } } } } } } } } }";
/** Depth 7, within MAX_QUERY_DEPTH, but 10 experiments × 10 runs × … priced far above MAX_QUERY_COMPLEXITY. */
const NESTED_LISTS = "{ experiments { runs { experiment { runs { experiment { runs { name } } } } } } }";
const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }";
const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;
const predictAliases = (n: number) => `mutation($i: HousingFeaturesInput!) { ${Array.from({ length: n }, (_, i) => `p${i}: predict(input: $i) { value }`).join(" ")} }`;

let address = 0;
/** A fresh client address (as the trusted proxy reports it). */
const from = () => ({ "x-forwarded-for": `203.0.113.${++address}` });

describe("abuse resistance (development mode)", () => {
  let server: TestServer;
  const keys = { READ: "", READ2: "", PREDICT: "" };
  beforeAll(async () => {
    server = await startTestServer("sqlite", {
      RATE_LIMIT_PER_MINUTE: "3000",
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: "10",
      WS_MAX_CONNECTIONS_PER_KEY: "3",
      WS_MAX_CONNECTIONS_PER_ADDRESS: "4",
      WS_MAX_SUBSCRIPTIONS_PER_KEY: "8",
      TRUST_PROXY: "127.0.0.1,::1",
      API_KEY_CACHE_TTL_MS: "600000",
    });
    const service = server.app.services.apiKeys;
    keys.READ = (await service.create("reader", Role.READ)).secret;
    keys.READ2 = (await service.create("reader 2", Role.READ)).secret;
    keys.PREDICT = (await service.create("predictor", Role.PREDICT)).secret;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const storedPredictions = () => server.app.database.prisma.prediction.count();

  it("H1: depth and cost limits hold on both transports, before anything runs", async () => {
    const socket = await RawSocket.open(server.url, keys.READ, from());
    try {
      await whileHealthzAnswers(server.url, async () => {
        for (const query of [DEEP, NESTED_LISTS]) {
          const http = await server.gql(query, undefined, { "x-api-key": keys.READ });
          expect(http.status).toBe(400);
          expect(http.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
          expect(http.data ?? null).toBeNull();
          const ws = await socket.request(query);
          expect(ws.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
        }
      });
      expect((await socket.request(NESTED_LISTS)).errors![0]!.message).toMatch(/query cost \d+ exceeds the limit of 2000/);
    } finally {
      socket.close();
    }
  });

  it("H2: a huge document is refused by its token count, and requests without a key are limited before parsing", async () => {
    // Over MAX_QUERY_TOKENS (5,000) but under MAX_QUERY_BYTES (64 KiB; larger texts are refused
    // before parsing: abuse-3.test.ts).
    const huge = `{ ${"__typename ".repeat(5_500)}}`; // 60.5 KB
    // One address each: a refused document drains an anonymous bucket (below).
    const { result } = await whileHealthzAnswers(server.url, () =>
      Promise.all([1, 2, 3].map(() => server.gql(huge, undefined, { ...from(), "x-api-key": "" }))),
    );
    for (const res of result) {
      expect(res.status).toBe(400);
      expect(res.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", reason: "MAX_TOKENS" });
    }
    // Invalid documents without a key take FAILED_DOCUMENT_TOKENS (10) of their address's bucket
    // (RATE_LIMIT_ANONYMOUS_PER_MINUTE 10 here): the first is answered, the next are refused
    // before parsing.
    const address2 = from();
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await server.gql("{ nope }", undefined, { ...address2, "x-api-key": "" })).errors![0]!.extensions.code);
    expect(codes).toEqual(["BAD_USER_INPUT", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    // Valid anonymous documents take one token each: ten health checks from a fresh address pass.
    const address3 = from();
    for (let i = 0; i < 10; i++) expect((await server.gql("{ health { status } }", undefined, { ...address3, "x-api-key": "" })).status).toBe(200);
    const limited = await server.gql("{ health { status } }", undefined, { ...address3, "x-api-key": "" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("H3: servingMetrics is computed once per request and window, and aliases are capped", async () => {
    const compute = vi.spyOn(server.app.services.servingMetrics, "compute");
    try {
      const http = await server.gql(aliases(15, "servingMetrics { totalPredictions }"), undefined, { "x-api-key": keys.READ });
      expect(http.errors).toBeUndefined();
      expect(Object.keys(http.data!)).toHaveLength(15);
      expect(compute).toHaveBeenCalledTimes(1);
      const socket = await RawSocket.open(server.url, keys.READ2, from());
      const ws = await socket.request(aliases(15, "servingMetrics { totalPredictions }"));
      socket.close();
      expect(ws.errors).toBeUndefined();
      expect(compute).toHaveBeenCalledTimes(2);
      const tooMany = await server.gql(aliases(16, "servingMetrics { totalPredictions }"), undefined, { "x-api-key": keys.READ });
      expect(tooMany.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
      expect(tooMany.errors![0]!.message).toMatch(/16 aliases exceed the limit of 15/);
      expect(compute).toHaveBeenCalledTimes(2);
    } finally {
      compute.mockRestore();
    }
  });

  it("H4: sockets and subscriptions per key and per address are capped; a big fan-out is delivered while /healthz answers", async () => {
    const address = from();
    const sockets = [await RawSocket.open(server.url, keys.READ, address), await RawSocket.open(server.url, keys.READ, address), await RawSocket.open(server.url, keys.READ, address)];
    const extra = await RawSocket.open(server.url, keys.READ, address);
    try {
      expect(sockets.every((s) => s.acknowledged)).toBe(true);
      expect(extra.closeCode).toBe(4429);
      expect(extra.closeReason).toMatch(/WS_MAX_CONNECTIONS_PER_KEY/);
      // 8 subscriptions for the key over its three sockets; the ninth is refused.
      const subscriptions = [0, 0, 0, 1, 1, 1, 2, 2].map((i) => ({ socket: sockets[i]!, id: sockets[i]!.subscribe("subscription { predictionMade { value } }") }));
      const ninth = sockets[2]!.subscribe("subscription { predictionMade { value } }");
      await sockets[2]!.until(() => sockets[2]!.of(ninth).length > 0);
      expect(sockets[2]!.of(ninth)[0]).toMatchObject({ type: "error", payload: [{ extensions: { code: "QUERY_TOO_COMPLEX" } }] });
      await vi.waitFor(() => expect(server.app.services.pubsub.subscriberCount("PREDICTION_MADE" as never)).toBeGreaterThanOrEqual(8), { timeout: 20_000, interval: 50 });
      const { polls } = await whileHealthzAnswers(server.url, async () => {
        const batch = await server.gql("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", { i: Array.from({ length: 200 }, () => FIRST_ROW) });
        expect(batch.data!.batchPredict.count).toBe(200);
        for (const s of subscriptions) await s.socket.until(() => s.socket.of(s.id).length >= 200, 60_000);
      });
      expect(polls).toBeGreaterThan(0);
      for (const s of subscriptions) expect(s.socket.of(s.id).filter((m) => m.type === "next")).toHaveLength(200);
      // Per address, counted before any key is checked: a fourth socket from the address is closed at once.
      const other = from();
      const idle = [await RawSocket.open(server.url, undefined, other), await RawSocket.open(server.url, undefined, other), await RawSocket.open(server.url, undefined, other), await RawSocket.open(server.url, undefined, other)];
      const fifth = await RawSocket.open(server.url, undefined, other);
      await fifth.until(() => fifth.closeCode !== null);
      expect(fifth.closeCode).toBe(4429);
      expect(fifth.closeReason).toMatch(/WS_MAX_CONNECTIONS_PER_ADDRESS/);
      for (const s of idle) s.close();
    } finally {
      for (const s of [...sockets, extra]) s.close();
    }
  });

  it("M1: WebSocket operations draw on the same rate-limit bucket as HTTP", async () => {
    const { secret } = await server.app.services.apiKeys.create("m1", Role.PREDICT);
    const batch = await server.gql("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", { i: Array.from({ length: 2999 }, () => FIRST_ROW) }, { "x-api-key": secret });
    expect(batch.data!.batchPredict.count).toBe(2999); // 3000 tokens: the whole bucket
    // 1001 tokens: far more than refills (50 a second) before the next request.
    const thousand = { i: Array.from({ length: 1000 }, () => FIRST_ROW) };
    const socket = await RawSocket.open(server.url, secret, from());
    try {
      const ws = await socket.request("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", thousand);
      expect(ws.errors![0]!.extensions).toMatchObject({ code: "RATE_LIMITED" });
      expect(ws.errors![0]!.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      socket.close();
    }
    const http = await server.gql("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", thousand, { "x-api-key": secret });
    expect(http.status).toBe(429);
  });

  it("M2: aliased predict is capped, and each alias is a stored prediction row", async () => {
    const socket = await RawSocket.open(server.url, keys.PREDICT, from());
    try {
      const tooMany = await server.gql(predictAliases(16), { i: FIRST_ROW }, { "x-api-key": keys.PREDICT });
      expect(tooMany.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
      expect((await socket.request(predictAliases(16), { i: FIRST_ROW })).errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
      const before = await storedPredictions();
      const ok = await server.gql(predictAliases(15), { i: FIRST_ROW }, { "x-api-key": keys.PREDICT });
      expect(ok.errors).toBeUndefined();
      await vi.waitFor(async () => expect(await storedPredictions()).toBe(before + 15), { timeout: 20_000, interval: 50 });
    } finally {
      socket.close();
    }
  });

  it("M3: schema hints are not given to callers without a key", async () => {
    const anonymous = await server.gql("{ championn { version } }", undefined, { ...from(), "x-api-key": "" });
    expect(anonymous.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(anonymous.errors![0]!.message).not.toMatch(/Did you mean/);
    const withKey = await server.gql("{ championn { version } }", undefined, { "x-api-key": keys.READ });
    expect(withKey.errors![0]!.message).toMatch(/Did you mean "champion"/);
  });

  it("M4: list sizes are priced: `first` multiplies, on both transports", async () => {
    const one = "predictions(first: 500) { edges { node { id features } } }";
    expect((await server.gql(`{ ${one} }`, undefined, { "x-api-key": keys.READ })).errors).toBeUndefined();
    const two = `{ a: ${one} b: ${one} }`;
    const http = await server.gql(two, undefined, { "x-api-key": keys.READ });
    expect(http.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
    const socket = await RawSocket.open(server.url, keys.READ, from());
    try {
      expect((await socket.request(two)).errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
    } finally {
      socket.close();
    }
  });

  it("L1: every key check is rate-limited per address: /graphql, /metrics, /artifacts and the WebSocket handshake", async () => {
    const check = async (send: (headers: Record<string, string>) => Promise<Response>) => {
      const headers = { ...from(), "x-api-key": "domus_wrong" };
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await send(headers);
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    };
    const graphql = await check((headers) => server.post(JSON.stringify({ query: "{ champion { version } }" }), headers));
    expect(graphql).toEqual([...Array(10).fill(401), 429, 429]);
    expect(await check((headers) => fetch(`${server.url}/metrics`, { headers }))).toEqual([...Array(10).fill(401), 429, 429]);
    expect(await check((headers) => fetch(`${server.url}/artifacts/none`, { headers }))).toEqual([...Array(10).fill(401), 429, 429]);
    const address = from();
    const closes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const socket = await RawSocket.open(server.url, "domus_wrong", address);
      await socket.until(() => socket.closeCode !== null);
      closes.push(socket.closeCode!);
    }
    expect(closes).toEqual([...Array(10).fill(4401), 4429, 4429]);
  });

  it("L3/L4: client mistakes are client errors without internals", async () => {
    const farFuture = Buffer.from(JSON.stringify(["+275760-09-13T00:00:00.000Z", "x"])).toString("base64url");
    const cursor = await server.gql("query($a: String) { predictions(after: $a) { totalCount } }", { a: farFuture });
    expect(cursor.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["after"] });
    expect(JSON.stringify(cursor.errors)).not.toMatch(/\.ts|node_modules|at /);
    const artifact = await fetch(`${server.url}/artifacts/%E0%A4%A`, { headers: { "x-api-key": ADMIN_KEY } });
    expect(artifact.status).toBe(400);
    expect(((await artifact.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("L5/L6: refusals are counted in /metrics, not stored row by row; the SQLite files are 0600", async () => {
    await server.app.services.errorLog.flush();
    const stored = await server.app.database.prisma.requestError.count({ where: { code: { in: ["UNAUTHENTICATED", "RATE_LIMITED"] } } });
    expect(stored).toBe(0);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { "x-api-key": ADMIN_KEY } })).text();
    expect(metrics).toMatch(/domus_refusals_total\{reason="invalid_key",bucket="address"\} [1-9]/);
    expect(metrics).toMatch(/domus_errors_total\{code="RATE_LIMITED"\} [1-9]/);
    const path = sqlitePath(server.database.url);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect((statSync(file).mode & 0o777).toString(8)).toBe("600");
  });
});

describe("abuse resistance (production mode)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { NODE_ENV: "production", LOG_LEVEL: "silent", RATE_LIMIT_ANONYMOUS_PER_MINUTE: "5" });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it("M3: no introspection and no schema hints on either transport, even with a key", async () => {
    const socket = await RawSocket.open(server.url, ADMIN_KEY);
    try {
      for (const query of ["{ __schema { types { name } } }", '{ __type(name: "Query") { name } }']) {
        const http = await server.gql(query);
        expect(http.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", reason: "INTROSPECTION_DISABLED" });
        expect((await socket.request(query)).errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", reason: "INTROSPECTION_DISABLED" });
      }
      const http = await server.gql("{ championn { version } }");
      expect(http.errors![0]!.message).not.toMatch(/Did you mean/);
      expect((await socket.request("{ championn { version } }")).errors![0]!.message).not.toMatch(/Did you mean/);
    } finally {
      socket.close();
    }
  });

  it("L2: a user-chosen ADMIN_API_KEY is stored as scrypt with a non-secret prefix; one stored the old way is migrated and keeps working", async () => {
    const prisma = server.app.database.prisma;
    const service = server.app.services.apiKeys;
    const admin = await prisma.apiKey.findFirstOrThrow({ where: { name: "admin (ADMIN_API_KEY)" } });
    expect(admin.secretHash).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(admin.prefix).toMatch(/^custom_[0-9a-f]{4}$/);
    expect(JSON.stringify(admin)).not.toContain(hashSecret(ADMIN_KEY));
    expect(JSON.stringify(admin)).not.toContain(ADMIN_KEY.slice(0, 12));
    // A database from before: SHA-256 and 12 characters of the secret.
    const chosen = "my-own-admin-secret-of-24";
    const legacy = await prisma.apiKey.create({ data: { name: "admin (ADMIN_API_KEY)", role: "ADMIN", secretHash: hashSecret(chosen), prefix: chosen.slice(0, 12) } });
    try {
      await service.bootstrap(chosen);
      const migrated = await prisma.apiKey.findUniqueOrThrow({ where: { id: legacy.id } });
      expect(migrated.secretHash.startsWith("scrypt$")).toBe(true);
      expect(migrated.prefix).toMatch(/^custom_/);
      expect((await service.authenticate(chosen))?.keyId).toBe(legacy.id);
      expect((await server.gql("{ apiKeys { id } }", undefined, { "x-api-key": chosen })).errors).toBeUndefined();
    } finally {
      await service.bootstrap(ADMIN_KEY); // back to the server's own
    }
    expect((await server.gql("{ apiKeys { id } }")).errors).toBeUndefined();
  });

  it("L7: without TRUST_PROXY, X-Forwarded-For does not pick the bucket", async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) codes.push((await server.gql("{ health { status } }", undefined, { "x-api-key": "", "x-forwarded-for": `198.51.100.${i}` })).errors?.[0]?.extensions.code);
    expect(codes).toEqual([undefined, undefined, undefined, undefined, undefined, "RATE_LIMITED"]);
  });
});
