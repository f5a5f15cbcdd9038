/**
 * Abuse resistance III (issue 25): fragment bombs, the document cache, charging before parsing,
 * revocation on open sockets, outcome ownership and the medium/low findings — each replayed over
 * HTTP and WebSocket where both apply. Servers run in production mode.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../src/modules/common/enums.ts";
import { type TestServer, startTestServer } from "../helpers/server.ts";
import { RawSocket, whileHealthzAnswers } from "../helpers/ws.ts";

/** `query { health { ...F0 } }`, Fi spreading F(i+1) twice: 2^k paths for a naive walk, under 1 KB. */
export function fragmentBomb(k: number, leaf = "status"): string {
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
        5_000,
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
});
