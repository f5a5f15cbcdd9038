/**
 * Abuse resistance III (issue 25), items 5 and 6: outcome ownership, corrections and bounds; NUL
 * bytes; anonymous failures; anonymous health; artifact download headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../src/modules/common/enums.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";
import { RawSocket } from "../helpers/ws.ts";

const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id } }";
const RECORD = "mutation($o: [OutcomeInput!]!, $r: Boolean! = false) { recordOutcomes(outcomes: $o, replace: $r) }";

describe.each(DATABASE_KINDS)("abuse resistance III, items 5 and 6 (%s)", (kind) => {
  let server: TestServer;
  const keys = { A: "", B: "", READ: "" };
  beforeAll(async () => {
    server = await startTestServer(kind, { LOG_LEVEL: "silent" });
    keys.A = (await server.app.services.apiKeys.create("predictor-a", Role.PREDICT)).secret;
    keys.B = (await server.app.services.apiKeys.create("predictor-b", Role.PREDICT)).secret;
    keys.READ = (await server.app.services.apiKeys.create("reader", Role.READ)).secret;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const predict = async (key: string) => {
    const r = await server.gql<{ predict: { id: string } }>(PREDICT, { i: FIRST_ROW }, { "x-api-key": key });
    expect(r.errors).toBeUndefined();
    return r.data!.predict.id;
  };
  const outcomeOf = async (id: string) => (await server.app.database.prisma.outcome.findUnique({ where: { predictionId: id }, select: { actual: true } }))?.actual ?? null;

  it("5: a PREDICT key cannot record another key's outcome; the owner can, once, and corrects it with replace", async () => {
    const [mine, theirs] = [await predict(keys.A), await predict(keys.B)];
    // B's prediction in A's batch: FORBIDDEN naming it, and A's own row is not stored either.
    const foreign = await server.gql(RECORD, { o: [{ predictionId: mine, actual: 24 }, { predictionId: theirs, actual: 500 / 10 }] }, { "x-api-key": keys.A });
    expect(foreign.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", fields: ["outcomes.1.predictionId"] });
    expect(foreign.errors![0]!.message).toContain(theirs);
    expect(await outcomeOf(mine)).toBeNull();
    expect(await outcomeOf(theirs)).toBeNull();

    expect((await server.gql(RECORD, { o: [{ predictionId: mine, actual: 24 }] }, { "x-api-key": keys.A })).data).toEqual({ recordOutcomes: 1 });
    // A second outcome without replace is refused; another key cannot replace it either.
    const again = await server.gql(RECORD, { o: [{ predictionId: mine, actual: 30 }] }, { "x-api-key": keys.A });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["outcomes.0.predictionId"] });
    const hijack = await server.gql(RECORD, { o: [{ predictionId: mine, actual: 30 }], r: true }, { "x-api-key": keys.B });
    expect(hijack.errors![0]!.extensions).toMatchObject({ code: "FORBIDDEN", fields: ["outcomes.0.predictionId"] });
    expect(await outcomeOf(mine)).toBe(24);
    // The owner corrects it; an ADMIN key may record and correct any outcome.
    expect((await server.gql(RECORD, { o: [{ predictionId: mine, actual: 26.5 }], r: true }, { "x-api-key": keys.A })).data).toEqual({ recordOutcomes: 1 });
    expect(await outcomeOf(mine)).toBe(26.5);
    expect((await server.gql(RECORD, { o: [{ predictionId: theirs, actual: 21 }, { predictionId: mine, actual: 27 }], r: true })).data).toEqual({ recordOutcomes: 2 });
    expect([await outcomeOf(theirs), await outcomeOf(mine)]).toEqual([21, 27]);
    // The running sums hold one outcome per prediction, with the corrected values.
    const sums = await server.app.database.prisma.outcomeRollup.aggregate({ where: { kind: "VERSION" }, _sum: { n: true } });
    expect(sums._sum.n).toBe(await server.app.database.prisma.outcome.count());
  });

  it("5: actual is bounded by the training target's range widened by OUTCOME_RANGE_MARGIN", async () => {
    const id = await predict(keys.A);
    // MEDV in the training data lies in [5, 50]: with the default margin 0.5, 72.5 is the most accepted.
    const refused = await server.gql(RECORD, { o: [{ predictionId: id, actual: 73 }] }, { "x-api-key": keys.A });
    expect(refused.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["outcomes.0.actual"] });
    expect(refused.errors![0]!.message).toMatch(/OUTCOME_RANGE_MARGIN/);
    expect(await outcomeOf(id)).toBeNull();
    expect((await server.gql(RECORD, { o: [{ predictionId: id, actual: 72 }] }, { "x-api-key": keys.A })).data).toEqual({ recordOutcomes: 1 });
  });

  it("6: NUL bytes in string inputs are BAD_USER_INPUT naming the field, never stored, never INTERNAL", async () => {
    const before = await server.app.database.prisma.apiKey.count();
    const variable = await server.gql("mutation($n: String!) { createApiKey(name: $n, role: READ) { secret } }", { n: "evil\u0000key" });
    expect(variable.errors![0]!, JSON.stringify(variable.errors)).toMatchObject({ extensions: { code: "BAD_USER_INPUT", fields: ["name"] } });
    // Inside an input object: the path goes down to the field.
    const nested = await server.gql(RECORD, { o: [{ predictionId: "p\u0000", actual: 20 }] }, { "x-api-key": keys.A });
    expect(nested.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["outcomes.0.predictionId"] });
    // A literal in the document (the \u0000 escape of GraphQL strings).
    const literal = await server.gql('mutation { createApiKey(name: "evil\\u0000key", role: READ) { secret } }');
    expect(literal.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["createApiKey.name"] });
    const csv = await server.gql("mutation($c: String!) { registerDataset(name: \"nul\", csv: $c) { id } }", { c: "CRIM,MEDV\n1\u0000,2\n" });
    expect(csv.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["csv"] });
    // The same check on the WebSocket transport.
    const socket = await RawSocket.open(server.url, keys.A);
    try {
      const ws = await socket.request(RECORD, { o: [{ predictionId: "p\u0000", actual: 20 }] });
      expect(ws.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(ws.errors![0]!.message).toMatch(/NUL bytes/);
    } finally {
      socket.close();
    }
    expect(await server.app.database.prisma.apiKey.count()).toBe(before);
  });

  it("6: artifact downloads are sandboxed (CSP, nosniff), SVG and JSON as attachments", async () => {
    const res = await server.gql("{ champion { run { artifacts { id name contentType url } } } }");
    const artifacts = res.data!.champion.run.artifacts as { id: string; name: string; contentType: string; url: string }[];
    expect(artifacts.length).toBeGreaterThan(0);
    for (const a of artifacts) {
      const download = await fetch(`${server.url}${a.url}`);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      if (/svg|json/.test(a.contentType)) expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename=/);
      await download.arrayBuffer();
    }
    expect(artifacts.some((a) => /svg|json/.test(a.contentType))).toBe(true);
  });

  it("6: anonymous health shows status only; the version, replica and reasons need a READ key", async () => {
    const anonymous = { "x-api-key": "" };
    const minimal = await server.gql("{ health { status database championVersion } }", undefined, anonymous);
    expect(minimal.errors).toBeUndefined();
    expect(minimal.data!.health).toMatchObject({ status: expect.any(String), database: true, championVersion: 1 });
    for (const field of ["version", "uptimeSeconds", "replicaId", "leader", "reasons"]) {
      const detail = await server.gql(`{ health { status ${field} } }`, undefined, anonymous);
      expect(detail.errors![0]!.extensions.code, field).toBe("UNAUTHENTICATED");
      expect(JSON.stringify(detail.data ?? null)).not.toContain(field);
    }
    const full = await server.gql("{ health { status version uptimeSeconds replicaId leader reasons } }", undefined, { "x-api-key": keys.READ });
    expect(full.errors).toBeUndefined();
    expect(full.data!.health.replicaId).toEqual(expect.any(String));
    // Liveness and readiness probes are unchanged.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it("6: anonymous failures are counted in domus_errors_total, not stored row by row", async () => {
    const counted = async () => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { "x-api-key": keys.READ } })).text();
      return Number(/^domus_errors_total\{code="BAD_USER_INPUT"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    await server.app.services.errorLog.flush();
    const [rowsBefore, countBefore] = [await server.app.database.prisma.requestError.count(), await counted()];
    for (let i = 0; i < 20; i++) {
      const res = await server.gql(`{ health { nope${i} } }`, undefined, { "x-api-key": "" });
      expect(res.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    }
    const malformed = await server.post("{ not json", { "x-api-key": "" });
    expect(malformed.status).toBe(400);
    await server.app.services.errorLog.flush();
    expect(await server.app.database.prisma.requestError.count()).toBe(rowsBefore);
    expect((await counted()) - countBefore).toBeGreaterThanOrEqual(20);
    // A keyed caller's failure is still stored (servingMetrics' error rate).
    await server.gql("{ health { nope } }", undefined, { "x-api-key": keys.READ });
    await server.app.services.errorLog.flush();
    expect(await server.app.database.prisma.requestError.count()).toBe(rowsBefore + 1);
  });
});
