/** Access control, abuse limits and key lifecycle over HTTP and WebSocket. */
import { statSync, readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSchema } from "graphql";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Role } from "../../src/modules/common/enums.ts";
import { hashSecret } from "../../src/modules/auth/api-keys.service.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";

type Who = "none" | "revoked" | "READ" | "PREDICT" | "ADMIN";
const RANK: Record<Exclude<Who, "none" | "revoked">, number> = { READ: 1, PREDICT: 2, ADMIN: 3 };

const OPERATIONS: { name: string; role: "PUBLIC" | "READ" | "PREDICT" | "ADMIN"; query: string; variables?: Record<string, unknown> }[] = [
  { name: "health", role: "PUBLIC", query: "{ health { status } }" },
  { name: "champion", role: "READ", query: "{ champion { version } }" },
  { name: "models", role: "READ", query: "{ models { version } }" },
  { name: "model", role: "READ", query: "{ model(version: 1) { version } }" },
  { name: "experiments", role: "READ", query: "{ experiments { name } }" },
  { name: "experiment", role: "READ", query: '{ experiment(id: "none") { name } }' },
  { name: "run", role: "READ", query: '{ run(id: "none") { name } }' },
  { name: "predictions", role: "READ", query: "{ predictions(first: 1) { totalCount } }" },
  { name: "servingMetrics", role: "READ", query: "{ servingMetrics { totalPredictions } }" },
  { name: "driftReports", role: "READ", query: "{ driftReports { id } }" },
  { name: "driftReport", role: "READ", query: '{ driftReport(id: "none") { id } }' },
  { name: "trainingJob", role: "READ", query: '{ trainingJob(id: "none") { id } }' },
  { name: "introspection", role: "READ", query: "{ __schema { queryType { name } } }" },
  { name: "apiKeys", role: "ADMIN", query: "{ apiKeys { id } }" },
  { name: "predict", role: "PREDICT", query: "mutation($i: HousingFeaturesInput!) { predict(input: $i) { value } }", variables: { i: FIRST_ROW } },
  { name: "batchPredict", role: "PREDICT", query: "mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", variables: { i: [FIRST_ROW] } },
  { name: "explain", role: "PREDICT", query: "mutation($i: HousingFeaturesInput!) { explain(input: $i) { prediction } }", variables: { i: FIRST_ROW } },
  { name: "startTraining", role: "ADMIN", query: "mutation { startTraining(input: { searchIterations: 0 }) { id } }" },
  { name: "promoteModel", role: "ADMIN", query: "mutation { promoteModel(version: 999) { version } }" },
  { name: "rollbackModel", role: "ADMIN", query: "mutation { rollbackModel { version } }" },
  { name: "runDriftCheck", role: "ADMIN", query: "mutation { runDriftCheck { id } }" },
  { name: "createApiKey", role: "ADMIN", query: 'mutation { createApiKey(name: "matrix", role: READ) { secret } }' },
  { name: "revokeApiKey", role: "ADMIN", query: 'mutation { revokeApiKey(id: "none") { id } }' },
  { name: "challenger", role: "READ", query: "{ challenger { mode } }" },
  { name: "challengerReport", role: "READ", query: "{ challengerReport { verdict } }" },
  { name: "performance", role: "READ", query: "{ performance { modelVersion } }" },
  { name: "setChallenger", role: "ADMIN", query: "mutation { setChallenger(version: 999, mode: SHADOW) { mode } }" },
  { name: "clearChallenger", role: "ADMIN", query: "mutation { clearChallenger }" },
  { name: "recordOutcomes", role: "PREDICT", query: 'mutation { recordOutcomes(outcomes: [{ predictionId: "none", actual: 20 }]) }' },
  { name: "datasets", role: "READ", query: "{ datasets { id } }" },
  { name: "dataset", role: "READ", query: '{ dataset(id: "none") { id } }' },
  { name: "retrainingPolicy", role: "READ", query: "{ retrainingPolicy { enabled } }" },
  { name: "retrainingTriggers", role: "READ", query: "{ retrainingTriggers { id } }" },
  {
    name: "batchPredictColumns",
    role: "PREDICT",
    query: "mutation($i: HousingColumnsInput!) { batchPredictColumns(input: $i) { count } }",
    variables: { i: Object.fromEntries(Object.entries(FIRST_ROW).map(([k, v]) => [k, [v]])) },
  },
  { name: "registerDataset", role: "ADMIN", query: 'mutation { registerDataset(name: "matrix", csv: "not,a,dataset") { id } }' },
  { name: "registerDatasetFromOutcomes", role: "ADMIN", query: "mutation { registerDatasetFromOutcomes { id } }" },
  { name: "setRetrainingPolicy", role: "ADMIN", query: "mutation { setRetrainingPolicy(input: {}) { enabled } }" },
];

/** Subscriptions run over graphql-ws only; each is checked there for every kind of caller. */
const SUBSCRIPTIONS: { name: string; role: "READ" | "PREDICT" | "ADMIN"; query: string }[] = [
  { name: "modelPromoted", role: "READ", query: "subscription { modelPromoted { version } }" },
  { name: "predictionMade", role: "READ", query: "subscription { predictionMade { id } }" },
  { name: "trainingProgress", role: "READ", query: 'subscription { trainingProgress(jobId: "none") { stage } }' },
  { name: "driftAlert", role: "READ", query: "subscription { driftAlert { id } }" },
  { name: "challengerReportUpdated", role: "READ", query: "subscription { challengerReportUpdated { verdict } }" },
];

describe("access control", () => {
  let server: TestServer;
  const keys: Record<Who, string> = { none: "", revoked: "", READ: "", PREDICT: "", ADMIN: ADMIN_KEY };
  beforeAll(async () => {
    server = await startTestServer("sqlite", { API_KEY_CACHE_TTL_MS: "60000" });
    const service = server.app.services.apiKeys;
    keys.READ = (await service.create("reader", Role.READ)).secret;
    keys.PREDICT = (await service.create("predictor", Role.PREDICT)).secret;
    const revoked = await service.create("revoked", Role.ADMIN);
    keys.revoked = revoked.secret;
    await service.revoke(revoked.apiKey.id);
  });
  afterAll(async () => {
    await server?.close();
  });

  const cases = OPERATIONS.flatMap((op) => (["none", "revoked", "READ", "PREDICT", "ADMIN"] as Who[]).map((who) => [op.name, who, op] as const));
  it.each(cases)("%s as %s", async (_name, who, op) => {
    const res = await server.gql(op.query, op.variables, { "x-api-key": keys[who] });
    const code = res.errors?.[0]?.extensions.code;
    const allowed = op.role === "PUBLIC" || (who !== "none" && who !== "revoked" && RANK[who] >= RANK[op.role]);
    if (allowed) {
      expect(["UNAUTHENTICATED", "FORBIDDEN"]).not.toContain(code);
    } else if (who === "none" || who === "revoked") {
      expect(code).toBe("UNAUTHENTICATED");
      expect(res.status).toBe(401);
      if (who === "revoked") expect(res.errors![0]!.message).toMatch(/invalid or revoked/);
    } else {
      expect(code).toBe("FORBIDDEN");
      expect(res.status).toBe(403);
      expect(res.errors![0]!.message).toMatch(new RegExp(`needs the ${op.role} role`));
    }
  });

  it("the matrix covers every root field of the schema", () => {
    const schema = buildSchema(readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8"));
    const tested = new Set([...OPERATIONS, ...SUBSCRIPTIONS].map((op) => op.name));
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
    expect(roots.filter((name) => !tested.has(name))).toEqual([]);
    expect(SUBSCRIPTIONS.map((s) => s.name).sort()).toEqual(Object.keys(schema.getSubscriptionType()!.getFields()).sort());
  });

  it.each(SUBSCRIPTIONS.flatMap((op) => (["READ", "PREDICT", "ADMIN"] as const).map((who) => [op.name, who, op] as const)))(
    "subscription %s as %s over WebSocket",
    async (_name, who, op) => {
      const sub = await subscribe(server, op.query, undefined, keys[who]);
      const allowed = RANK[who] >= RANK[op.role];
      const codes = (sub.received as { errors?: unknown[] }[]).flatMap((e) => ((e.errors ?? []) as unknown[]).flat()) as { extensions?: { code?: string } }[];
      if (allowed) expect(codes.map((e) => e.extensions?.code)).not.toContain("FORBIDDEN");
      else expect(codes[0]?.extensions?.code).toBe("FORBIDDEN");
      await sub.close();
    },
  );

  it("stores only a SHA-256 hash of a secret shown once, and lists keys without secrets", async () => {
    const created = await server.gql('mutation { createApiKey(name: "ci", role: PREDICT) { secret apiKey { id name role prefix revokedAt } } }');
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret).toMatch(/^domus_[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(apiKey).toMatchObject({ name: "ci", role: "PREDICT", revokedAt: null, prefix: secret.slice(0, 10) }); // "domus_" + 4 of 43 random characters
    const row = await server.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const list = await server.gql("{ apiKeys { id name role lastUsedAt } }");
    expect(JSON.stringify(list.data)).not.toContain(secret);
    // lastUsedAt is recorded in batches, not per request.
    await server.gql("{ champion { version } }", undefined, { "x-api-key": secret });
    await server.app.services.apiKeys.flushLastUsed();
    const used = await server.app.database.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("revocation takes effect on the next request and closes the key's subscriptions", async () => {
    const created = (await server.gql('mutation { createApiKey(name: "short-lived", role: READ) { secret apiKey { id } } }')).data!.createApiKey;
    expect((await server.gql("{ champion { version } }", undefined, { "x-api-key": created.secret })).errors).toBeUndefined();
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
    await new Promise((r) => socket.once("open", r));
    socket.send(JSON.stringify({ type: "connection_init", payload: { apiKey: created.secret } }));
    await new Promise((r) => socket.once("message", r)); // connection_ack
    const closed = new Promise<number>((r) => socket.once("close", (code) => r(code)));
    await server.gql(`mutation { revokeApiKey(id: "${created.apiKey.id}") { revokedAt } }`);
    expect([4403, 1006]).toContain(await closed); // a close frame if it leaves before the socket is terminated
    const after = await server.gql("{ champion { version } }", undefined, { "x-api-key": created.secret });
    expect(after.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("rejects WebSocket connections without a valid key with 4401, and operations above the key's role with FORBIDDEN", async () => {
    const { WebSocket } = await import("ws");
    for (const apiKey of [undefined, "domus_not_a_key"]) {
      const socket = new WebSocket(`${server.url.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws");
      await new Promise((r) => socket.once("open", r));
      const closed = new Promise<number>((r) => socket.once("close", (code) => r(code)));
      socket.send(JSON.stringify({ type: "connection_init", payload: apiKey ? { apiKey } : {} }));
      expect(await closed).toBe(4401);
    }
    const reader = await subscribe(server, 'mutation { createApiKey(name: "x", role: ADMIN) { secret } }', undefined, keys.READ);
    const [event] = await reader.take(1);
    const errors = (event!.errors as unknown[]).flat() as { extensions: { code: string } }[];
    expect(errors[0]!.extensions.code).toBe("FORBIDDEN");
    await reader.close();
  });

  it("serves artifacts and metrics only with a key or a valid signed URL", async () => {
    const res = await server.gql("{ champion { run { artifacts { id url } } } }");
    const artifact = res.data!.champion.run.artifacts[0];
    expect(artifact.url).toMatch(/^\/artifacts\/[^?]+\?expires=\d+&signature=[0-9a-f]{64}$/);
    expect((await fetch(`${server.url}${artifact.url}`)).status).toBe(200);
    expect((await fetch(`${server.url}/artifacts/${artifact.id}`)).status).toBe(401);
    expect((await fetch(`${server.url}${artifact.url.replace(/signature=[0-9a-f]{4}/, "signature=0000")}`)).status).toBe(401);
    expect((await fetch(`${server.url}/artifacts/${artifact.id}`, { headers: { "x-api-key": keys.READ } })).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${keys.READ}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("abuse limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    // TRUST_PROXY: each test speaks from its own X-Forwarded-For address, so address buckets do not mix.
    server = await startTestServer("sqlite", { RATE_LIMIT_PER_MINUTE: "60", RATE_LIMIT_ANONYMOUS_PER_MINUTE: "5", MAX_QUERY_DEPTH: "5", MAX_QUERY_COMPLEXITY: "40", MAX_BATCH_SIZE: "500", CORS_ORIGINS: "https://app.example.com", TRUST_PROXY: "127.0.0.1,::1" });
  });
  afterAll(async () => {
    await server?.close();
  });

  // Token buckets refill with time (performance.now); on a loaded machine slow requests would be
  // refilled as fast as they spend. The clock stands still in these tests, so only spending counts.
  beforeEach(() => {
    const frozen = performance.now();
    vi.spyOn(performance, "now").mockReturnValue(frozen);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("limits each key with a token bucket charged by cost: 429 with Retry-After, a batch row costs a token", async () => {
    const { secret } = await server.app.services.apiKeys.create("limited", Role.PREDICT);
    const batch = (n: number) => server.gql("mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count } }", { i: Array.from({ length: n }, () => FIRST_ROW) }, { "x-api-key": secret });
    const first = await batch(30);
    expect(first.data!.batchPredict.count).toBe(30); // 1 point + 30 rows: 31 tokens of 60
    const second = await batch(40); // 41 tokens: more than the 29 left (plus a token a second since)
    expect(second.errors![0]!.extensions.code).toBe("RATE_LIMITED");
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(second.data ?? null).toBeNull(); // refused before it ran
    expect((await server.gql("{ champion { version } }", undefined, { "x-api-key": secret })).errors).toBeUndefined(); // 1 token: still there
    let limited: Awaited<ReturnType<typeof server.gql>> | null = null;
    for (let i = 0; i < 120 && !limited; i++) {
      const res = await server.gql("{ champion { version } }", undefined, { "x-api-key": secret });
      if (res.errors?.[0]?.extensions.code === "RATE_LIMITED") limited = res;
    }
    expect(limited).not.toBeNull();
    expect(limited!.status).toBe(429);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Other keys are not affected.
    expect((await server.gql("{ champion { version } }")).errors).toBeUndefined();
  });

  it("limits requests without a valid key per client address (health, guessed keys)", async () => {
    const from = { "x-forwarded-for": "198.51.100.7" };
    expect((await server.gql("{ health { status } }", undefined, from)).errors).toBeUndefined(); // the admin key, now in use from there
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) codes.push((await server.gql("{ health { status } }", undefined, { ...from, "x-api-key": i % 2 ? "domus_guess" : "" })).errors?.[0]?.extensions.code);
    expect(codes.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    expect((await server.gql("{ health { status } }", undefined, from)).errors).toBeUndefined(); // a valid key has its own bucket
    // Another client (as the trusted proxy says) has its own bucket.
    expect((await server.gql("{ health { status } }", undefined, { "x-forwarded-for": "198.51.100.8", "x-api-key": "" })).errors).toBeUndefined();
  });

  it("rejects too deep and too complex queries with QUERY_TOO_COMPLEX", async () => {
    const deep = await server.gql("{ champion { run { experiment { runs { experiment { runs { name } } } } } } }");
    expect(deep.status).toBe(400);
    expect(deep.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect(deep.errors![0]!.message).toMatch(/depth 7 exceeds the limit of 5/);
    const wide = await server.gql(`{ ${Array.from({ length: 45 }, (_, i) => `a${i}: health { status }`).join(" ")} }`);
    expect(wide.errors![0]!.extensions.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("answers CORS preflights for configured origins only, never with a wildcard and credentials", async () => {
    const ok = await fetch(`${server.url}/graphql`, { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(ok.headers.get("access-control-allow-headers")).toContain("x-api-key");
    const other = await fetch(`${server.url}/graphql`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("first start without keys", () => {
  it("creates one admin key, writes it to a 0600 file, and does so only once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "domus-key-"));
    const file = join(dir, "admin.key");
    try {
      const server = await startTestServer("sqlite", { ADMIN_API_KEY: "", ADMIN_KEY_FILE: file });
      try {
        const secret = readFileSync(file, "utf8").trim();
        expect(secret).toMatch(/^domus_/);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const res = await server.gql("{ apiKeys { name role } }", undefined, { "x-api-key": secret });
        expect(res.data!.apiKeys).toEqual([{ name: "admin (first start)", role: "ADMIN" }]);
        expect((await server.app.services.apiKeys.bootstrap(null)).created).toBeNull();
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
