/**
 * Abuse resistance III (issue 25): fragment bombs, the document cache, charging before parsing,
 * revocation on open sockets, outcome ownership and the medium/low findings — each replayed over
 * HTTP and WebSocket where both apply. Servers run in production mode.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../src/modules/common/enums.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { type ServerProcess, runNode, spawnServer } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, createSeededDatabase, startTestServer } from "../helpers/server.ts";
import { RawSocket, whileHealthzAnswers } from "../helpers/ws.ts";

const BIN = fileURLToPath(new URL("../../bin/domus.mjs", import.meta.url));

/** `query { health { ...F0 } }`, Fi spreading F(i+1) twice: 2^k paths for a naive walk, under 1 KB. */
function fragmentBomb(k: number, leaf = "status"): string {
  const fragments = Array.from({ length: k }, (_, i) => `fragment F${i} on Health { ...F${i + 1} ...F${i + 1} }`);
  return `query { health { ...F0 } } ${fragments.join(" ")} fragment F${k} on Health { ${leaf} }`;
}

describe("abuse resistance III (production mode)", () => {
  let server: TestServer;
  const keys = { READ: "" };
  beforeAll(async () => {
    server = await startTestServer("sqlite", { NODE_ENV: "production", LOG_LEVEL: "silent" });
    keys.READ = (await server.app.services.apiKeys.create("reader", Role.READ)).secret;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it("1: a fragment bomb (k = 22, < 1 KB, no key) is answered while /healthz keeps answering, on both transports", async () => {
    const bomb = fragmentBomb(22);
    expect(Buffer.byteLength(bomb)).toBeLessThan(1024);
    const socket = await RawSocket.open(server.url, keys.READ);
    try {
      // whileHealthzAnswers fails when one /healthz poll waits longer than its deadline (main: > 60 s per bomb).
      const { polls } = await whileHealthzAnswers(
        server.url,
        async () => {
          const http = await server.gql(bomb, undefined, { "x-api-key": "" });
          expect(http.errors).toBeUndefined();
          expect(http.data?.health.status).toBe("ok");
          // The same document failing validation (an unknown leaf field) is refused as quickly.
          const invalid = await server.gql(fragmentBomb(22, "statuss"), undefined, { "x-api-key": "" });
          expect(invalid.status).toBe(400);
          expect(invalid.errors![0]!.message).toMatch(/Cannot query field "statuss"/);
          const ws = await socket.request(bomb);
          expect(ws.errors).toBeUndefined();
          expect(ws.data.health.status).toBe("ok");
        },
        20_000,
      );
      expect(polls).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });

  it("1: fragment spreads per document are capped (MAX_FRAGMENT_SPREADS), and aliases count through fragments", async () => {
    const spreads = `query { health { ${Array.from({ length: 51 }, () => "...S").join(" ")} } } fragment S on Health { status }`;
    const http = await server.gql(spreads, undefined, { "x-api-key": keys.READ });
    expect(http.status).toBe(400);
    expect(http.errors![0]!).toMatchObject({ message: "51 fragment spreads exceed the limit of 50 (MAX_FRAGMENT_SPREADS)", extensions: { code: "QUERY_TOO_COMPLEX" } });
    const socket = await RawSocket.open(server.url, keys.READ);
    try {
      expect((await socket.request(spreads)).errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
    } finally {
      socket.close();
    }
    // 4 aliases in a fragment spread 4 times: 16 aliased fields as executed, over MAX_QUERY_ALIASES (15).
    const aliased = "query { health { ...A ...A ...A ...A } } fragment A on Health { a: status b: status c: status d: status }";
    const refused = await server.gql(aliased, undefined, { "x-api-key": keys.READ });
    expect(refused.errors![0]!.message).toBe("16 aliases exceed the limit of 15 (MAX_QUERY_ALIASES)");
  });

  it("2: a query text over MAX_QUERY_BYTES is refused before parsing, on both transports", async () => {
    const padded = `{ health { status } } #${"x".repeat(70_000)}`;
    const http = await server.gql(padded, undefined, { "x-api-key": "" });
    expect(http.status).toBe(413);
    expect(http.errors![0]!).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(http.errors![0]!.message).toMatch(/^the query is 70023 bytes, more than the limit of 65536 bytes \(MAX_QUERY_BYTES\)/);
    const socket = await RawSocket.open(server.url, keys.READ);
    try {
      const ws = await socket.request(padded);
      expect(ws.errors![0]!.message).toMatch(/MAX_QUERY_BYTES/);
      expect(ws.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
      // The document cache is bounded by bytes: 200 distinct 60 KB documents leave at most DOCUMENT_CACHE_BYTES.
      for (let i = 0; i < 200; i++) expect((await socket.request(`{ health { status } } #${i} ${"y".repeat(60_000)}`)).errors).toBeUndefined();
      expect(server.app.pipeline.documents.calculatedSize).toBeLessThanOrEqual(server.app.config.documentCacheBytes);
      expect(server.app.pipeline.documents.size).toBeLessThan(200);
    } finally {
      socket.close();
    }
  });
});

/** Resident set size of a process, bytes (Linux). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

describe("abuse resistance III (production server process)", () => {
  let database: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    database = await createSeededDatabase("sqlite");
    server = await spawnServer({ NODE_ENV: "production", LOG_LEVEL: "info", DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_ANONYMOUS_PER_MINUTE: "0" });
  }, 240_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
    await database?.drop();
  });

  it("2: 300 distinct anonymous documents padded with 1 MB comments are refused and RSS stays bounded", async () => {
    const post = (query: string) => fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    for (let i = 0; i < 20; i++) await (await post(`{ health { status } } # warm-up ${i}`)).arrayBuffer();
    const before = rssOf(server.child.pid as number);
    const statuses = new Map<number, number>();
    const pad = "z".repeat(1024 * 1024);
    for (let i = 0; i < 300; i += 4) {
      const answers = await Promise.all([0, 1, 2, 3].map((j) => post(`{ health { status } } # ${i + j} ${pad}`)));
      for (const a of answers) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        await a.arrayBuffer();
      }
    }
    // Documents within MAX_QUERY_BYTES are cached, within DOCUMENT_CACHE_BYTES.
    for (let i = 0; i < 300; i++) expect((await post(`{ health { status } } # ${i} ${"w".repeat(60_000)}`)).status).toBe(200);
    const growth = rssOf(server.child.pid as number) - before;
    console.log(`RSS growth after 300 × 1 MB + 300 × 60 KB distinct documents: ${(growth / 1048576).toFixed(1)} MB`);
    expect(statuses).toEqual(new Map([[413, 300]]));
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 300_000);
});

describe("abuse resistance III: keys on open sockets and failed documents", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { NODE_ENV: "production", LOG_LEVEL: "silent", API_KEY_CACHE_TTL_MS: "3000", RATE_LIMIT_PER_MINUTE: "120" });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it("4: a key revoked by the offline CLI stops working on an open socket within 10 s, and the socket is terminated", async () => {
    const { apiKey, secret } = await server.app.services.apiKeys.create("predictor", Role.PREDICT);
    const socket = await RawSocket.open(server.url, secret);
    const predict = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }";
    expect((await socket.request(predict, { i: FIRST_ROW })).errors).toBeUndefined();
    // The offline CLI writes the database only; this server hears no event.
    const revoke = await runNode([BIN, "keys", "revoke", apiKey.id], { ...process.env, DATABASE_URL: server.database.url, NODE_ENV: "production" });
    expect(revoke.code, revoke.stderr).toBe(0);
    const revokedAt = Date.now();
    let stored = 0;
    while (socket.closeCode === null && Date.now() - revokedAt < 20_000) {
      const answer = await socket.request(predict, { i: FIRST_ROW }).catch(() => null);
      if (answer && !answer.errors) stored++;
    }
    const delay = Date.now() - revokedAt;
    console.log(`offline revocation seen on the open socket after ${delay} ms (${stored} predictions before)`);
    expect(socket.closeCode).not.toBeNull();
    expect(delay).toBeLessThan(10_000);
  }, 60_000);

  it("3: documents that fail to parse or validate cost tokens: a flood of them is rate-limited, on both transports", async () => {
    const { secret } = await server.app.services.apiKeys.create("reader", Role.READ);
    // 120 tokens a minute (2 a second, refilled continuously), 10 per failed document: the first 12
    // are answered, then the bucket only lets through what refilled meanwhile — on a slow host
    // more time passes, so the bound is computed from the time the flood took.
    const answeredAtMost = (startedAt: number) => Math.floor((120 + (2 * (performance.now() - startedAt)) / 1000) / 10) + 1;
    const codes: string[] = [];
    let started = performance.now();
    for (let i = 0; i < 30; i++) {
      const res = await server.gql(i % 2 ? `{ health { nope${i} } }` : `{ health { status `, undefined, { "x-api-key": secret });
      codes.push(res.errors![0]!.extensions.code as string);
    }
    expect(codes.slice(0, 12)).not.toContain("RATE_LIMITED");
    expect(codes.filter((c) => c !== "RATE_LIMITED").length).toBeLessThanOrEqual(answeredAtMost(started));
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThan(0);
    const other = (await server.app.services.apiKeys.create("reader 2", Role.READ)).secret;
    const socket = await RawSocket.open(server.url, other);
    try {
      const ws: string[] = [];
      started = performance.now();
      for (let i = 0; i < 30; i++) ws.push((await socket.request(`{ health { nope${i} } }`)).errors![0]!.extensions.code);
      expect(ws.slice(0, 12)).not.toContain("RATE_LIMITED");
      expect(ws.filter((c) => c !== "RATE_LIMITED").length).toBeLessThanOrEqual(answeredAtMost(started));
      expect(ws.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThan(0);
    } finally {
      socket.close();
    }
  });
});
