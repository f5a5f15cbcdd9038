/**
 * Challengers end to end over HTTP: set/clear with the gate's floor, SHADOW scoring that never
 * changes a response and links every shadow row, outcomes (once each, validated, all or nothing),
 * the report and its paired test, live performance, the report subscription, CANARY routing
 * (share and stickiness) and promotion of the challenger.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { trainAndRegister as runTraining, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { createLogger } from "../../src/logger.ts";
import { Role } from "../../src/modules/common/enums.ts";
import { routesToChallenger } from "../../src/modules/challengers/challenger-router.ts";
import { challengerVerdict, pairedSquaredErrorTest } from "../../src/modules/challengers/paired-test.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { waitFor } from "../helpers/wait.ts";
import { FIRST_ROW, TEST_MODEL, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";

const PREDICT = "mutation($i: HousingFeaturesInput!, $v: Int, $k: String) { predict(input: $i, modelVersion: $v, routingKey: $k) { id requestId value modelName modelVersion features imputedFeatures outOfRangeFeatures latencyMs createdAt challenger } }";
const BATCH = "mutation($i: [HousingFeaturesInput!]!) { batchPredict(inputs: $i) { count modelVersion predictions { id value modelVersion features imputedFeatures outOfRangeFeatures challenger } } }";
const SET = "mutation($v: Int!, $m: ChallengerMode!, $p: Float) { setChallenger(version: $v, mode: $m, trafficPercent: $p) { mode trafficPercent since modelVersion { version aliases status } } }";
const RECORD = "mutation($o: [OutcomeInput!]!) { recordOutcomes(outcomes: $o) }";
const REPORT = "{ challengerReport { challenger { mode modelVersion { version } } champion { modelVersion predictions outcomes rmse mae meanPrediction latency { count } } candidate { modelVersion predictions outcomes rmse mae meanPrediction latency { count } } pairedRows pairedOutcomes meanAbsDifference pValue verdict } }";
const MIN_PAIRS = 12;
// Every step waits on a real server; a CI host running other jobs can be slow.
vi.setConfig({ testTimeout: 120_000 });

/** Inputs that differ (and some with imputed optional features), all within the physical bounds. */
const INPUTS = Array.from({ length: 24 }, (_, i) => {
  const row: Record<string, number> = { ...FIRST_ROW, RM: 4.5 + i * 0.15, LSTAT: 2 + i * 1.1, CRIM: 0.01 + i * 0.4 };
  if (i % 4 === 0) delete row.ZN;
  if (i % 6 === 0) delete row.CHAS;
  return row;
});

/** A response without what differs per request by design (id, request, time). */
function stable(p: Record<string, unknown>) {
  const { id: _id, requestId: _r, createdAt: _c, latencyMs: _l, ...rest } = p;
  return rest;
}

describe.each(DATABASE_KINDS)("challengers on %s", (kind) => {
  let server: TestServer;
  const keys = { READ: "", PREDICT: "" };
  beforeAll(async () => {
    server = await startTestServer(kind, { MAX_BATCH_SIZE: "40", CHALLENGER_MIN_PAIRED_OUTCOMES: String(MIN_PAIRS), CHALLENGER_REPORT_THROTTLE_MS: "100" });
    // Version 2: a different (shallower) GBDT, promoted by the gate; version 1 becomes ARCHIVED and challenges it.
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    await runTraining(server.app.database.prisma, { ...base, only: { algorithm: "gbdt", params: { nEstimators: 25, maxDepth: 2, learningRate: 0.3 } }, gate: { minTestR2: 0.5, rmseTolerance: 10 } }, createLogger({ logLevel: "silent" }));
    await server.app.services.modelStore.refresh();
    expect(server.app.services.modelStore.champion?.version).toBe(2);
    keys.READ = (await server.app.services.apiKeys.create("reader", Role.READ)).secret;
    keys.PREDICT = (await server.app.services.apiKeys.create("predictor", Role.PREDICT)).secret;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it("refuses the champion, a version below the gate's R² floor, unknown versions and wrong shares; PREDICT may not set", async () => {
    const champion = await server.gql(SET, { v: 2, m: "SHADOW" });
    expect(champion.errors![0]!.extensions.code).toBe("CONFLICT");
    const db = server.app.database.prisma;
    const v1 = await db.modelVersion.findFirstOrThrow({ where: { version: 1 } });
    await db.modelVersion.update({ where: { id: v1.id }, data: { metrics: JSON.stringify({ ...JSON.parse(v1.metrics), test_r2: 0.5 }) } });
    try {
      const low = await server.gql(SET, { v: 1, m: "SHADOW" });
      expect(low.errors![0]!.extensions.code).toBe("CONFLICT");
      expect(low.errors![0]!.message).toMatch(/test R² 0\.5000, below the quality gate's floor 0\.75/);
    } finally {
      await db.modelVersion.update({ where: { id: v1.id }, data: { metrics: v1.metrics } });
    }
    expect((await server.gql(SET, { v: 99, m: "SHADOW" })).errors![0]!.extensions.code).toBe("NOT_FOUND");
    for (const [mode, percent] of [["SHADOW", 5], ["CANARY", 0], ["CANARY", 60]] as const) {
      const bad = await server.gql(SET, { v: 1, m: mode, p: percent });
      expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["trafficPercent"] });
    }
    const forbidden = await server.gql(SET, { v: 1, m: "SHADOW" }, { "x-api-key": keys.PREDICT });
    expect(forbidden.errors![0]!.extensions.code).toBe("FORBIDDEN");
    expect((await server.gql("{ challenger { mode } challengerReport { verdict } }")).data).toEqual({ challenger: null, challengerReport: null });
    expect((await server.gql("mutation { clearChallenger }")).data).toEqual({ clearChallenger: false });
  });

  const shadowed: { id: string; value: number; input: Record<string, number> }[] = [];

  it("SHADOW: responses are identical with and without it, and every row gets a linked shadow score", async () => {
    const send = async () => {
      const singles = [];
      for (const input of INPUTS.slice(0, 8)) singles.push((await server.gql(PREDICT, { i: input })).data!.predict);
      const batch = (await server.gql(BATCH, { i: INPUTS })).data!.batchPredict;
      return { singles, batch };
    };
    const before = await send();
    const set = await server.gql(SET, { v: 1, m: "SHADOW" });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setChallenger).toMatchObject({ mode: "SHADOW", trafficPercent: 0, modelVersion: { version: 1, aliases: ["challenger"], status: "ARCHIVED" } });
    const after = await send();
    expect(after.singles.map(stable)).toEqual(before.singles.map(stable));
    expect(after.batch.predictions.map(stable)).toEqual(before.batch.predictions.map(stable));
    expect(after.batch.predictions.every((p: { modelVersion: number; challenger: boolean }) => p.modelVersion === 2 && !p.challenger)).toBe(true);

    const answered = [...after.singles.map((p: { id: string; value: number }, i: number) => ({ id: p.id, value: p.value, input: INPUTS[i]! })), ...after.batch.predictions.map((p: { id: string; value: number }, i: number) => ({ id: p.id, value: p.value, input: INPUTS[i]! }))];
    const db = server.app.database.prisma;
    const rows = await waitFor("the shadow scores", async () => {
      const found = await db.shadowPrediction.findMany({ select: { predictionId: true, modelVersion: true, value: true } });
      return found.length >= answered.length ? found : null;
    }, { timeoutMs: 60_000, intervalMs: 100 });
    expect(rows).toHaveLength(answered.length);
    const byPrediction = new Map(rows.map((r) => [r.predictionId, r]));
    // Version 1's own answer for each input, asked directly.
    for (const a of answered) {
      const shadow = byPrediction.get(a.id);
      expect(shadow, `shadow of ${a.id}`).toBeDefined();
      expect(shadow!.modelVersion).toBe(1);
      const direct = (await server.gql(PREDICT, { i: a.input, v: 1 })).data!.predict;
      expect(shadow!.value).toBe(direct.value); // bit-identical: same model, same features, exact doubles stored
    }
    shadowed.push(...answered);
    // Requests that pinned a version are not shadowed.
    expect(await db.shadowPrediction.count()).toBe(answered.length);
  }, 180_000);

  it("reports paired rows with no outcomes as not enough data", async () => {
    const res = await server.gql(REPORT);
    expect(res.errors).toBeUndefined();
    const report = res.data!.challengerReport;
    const rows = await server.app.database.prisma.shadowPrediction.findMany({ select: { value: true, prediction: { select: { value: true } } } });
    const meanAbs = rows.reduce((s, r) => s + Math.abs(r.prediction.value - r.value), 0) / rows.length;
    expect(report).toMatchObject({ challenger: { mode: "SHADOW", modelVersion: { version: 1 } }, pairedRows: shadowed.length, pairedOutcomes: 0, pValue: null, verdict: "not enough data" });
    expect(report.meanAbsDifference).toBeCloseTo(meanAbs, 9);
    expect(report.meanAbsDifference).toBeGreaterThan(0);
    expect(report.champion).toMatchObject({ modelVersion: 2, outcomes: 0, rmse: null, mae: null });
    // Version 1 scored every row in the shadow, and answered the same inputs once more when asked directly.
    expect(report.candidate).toMatchObject({ modelVersion: 1, predictions: 2 * shadowed.length, outcomes: 0, rmse: null });
  });

  it("validates outcomes and stores none of a call with a bad one", async () => {
    const db = server.app.database.prisma;
    const [a, b] = shadowed as [(typeof shadowed)[number], (typeof shadowed)[number]];
    const cases: [unknown[], string[]][] = [
      [[{ predictionId: a.id, actual: 0 }], ["outcomes.0.actual"]],
      [[{ predictionId: a.id, actual: 20 }, { predictionId: b.id, actual: -3 }], ["outcomes.1.actual"]],
      [[{ predictionId: a.id, actual: 501 }], ["outcomes.0.actual"]],
      [[{ predictionId: a.id, actual: 20 }, { predictionId: a.id, actual: 21 }], ["outcomes.1.predictionId"]],
      [[{ predictionId: a.id, actual: 20 }, { predictionId: "no-such-prediction", actual: 21 }], ["outcomes.1.predictionId"]],
      // Every problem in one answer, in row order: a range error does not hide an unknown id.
      [[{ predictionId: "no-such-prediction", actual: 501 }, { predictionId: a.id, actual: 20 }, { predictionId: "nor-this", actual: 20 }], ["outcomes.0.actual", "outcomes.0.predictionId", "outcomes.2.predictionId"]],
      [[], ["outcomes"]],
      [Array.from({ length: 41 }, () => ({ predictionId: a.id, actual: 20 })), ["outcomes"]],
    ];
    for (const [outcomes, fields] of cases) {
      const res = await server.gql(RECORD, { o: outcomes });
      expect(res.errors![0]!.extensions, JSON.stringify(outcomes).slice(0, 80)).toMatchObject({ code: "BAD_USER_INPUT", fields });
    }
    expect(await db.outcome.count()).toBe(0);
    const read = await server.gql(RECORD, { o: [{ predictionId: a.id, actual: 20 }] }, { "x-api-key": keys.READ });
    expect(read.errors![0]!.extensions.code).toBe("FORBIDDEN");
  });

  it("stores an outcome once per prediction: a repeat names it and nothing of that call is kept", async () => {
    const db = server.app.database.prisma;
    const [a, b, c] = shadowed as [(typeof shadowed)[number], (typeof shadowed)[number], (typeof shadowed)[number]];
    const first = await server.gql(RECORD, { o: [{ predictionId: a.id, actual: 24 }] });
    expect(first.data).toEqual({ recordOutcomes: 1 });
    const again = await server.gql(RECORD, { o: [{ predictionId: b.id, actual: 22 }, { predictionId: a.id, actual: 30 }, { predictionId: c.id, actual: 18 }] });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["outcomes.1.predictionId"] });
    expect(again.errors![0]!.message).toMatch(/already has an outcome/);
    expect(await db.outcome.findMany({ select: { predictionId: true, actual: true } })).toEqual([{ predictionId: a.id, actual: 24 }]);
  });

  it("runs the paired test once enough paired outcomes exist, and reports live performance and RMSE", async () => {
    const events = await subscribe(server, "subscription { challengerReportUpdated { pairedOutcomes verdict } }");
    try {
      // Actual values: the dataset's MEDV would do; any plausible values test the arithmetic.
      const actual = (i: number) => 12 + ((i * 7) % 30);
      const below = shadowed.slice(1, MIN_PAIRS - 1).map((s, i) => ({ predictionId: s.id, actual: actual(i + 1) }));
      expect((await server.gql(RECORD, { o: below })).data).toEqual({ recordOutcomes: below.length });
      const insufficient = (await server.gql(REPORT)).data!.challengerReport;
      expect(insufficient).toMatchObject({ pairedOutcomes: MIN_PAIRS - 1, pValue: null, verdict: "not enough data" });
      // The subscription sees the new outcomes (throttled, so possibly in one report).
      await waitFor("a report with the outcomes", async () => events.received.some((e) => (e.data as any)?.challengerReportUpdated?.pairedOutcomes === MIN_PAIRS - 1), { timeoutMs: 30_000, intervalMs: 100 });

      const rest = shadowed.slice(MIN_PAIRS - 1).map((s, i) => ({ predictionId: s.id, actual: actual(i + MIN_PAIRS) }));
      expect((await server.gql(RECORD, { o: rest })).data).toEqual({ recordOutcomes: rest.length });
      const report = (await server.gql(REPORT)).data!.challengerReport;
      expect(report.pairedOutcomes).toBe(shadowed.length);

      // The same numbers by hand from the stored rows.
      const db = server.app.database.prisma;
      const pairs = await db.shadowPrediction.findMany({ select: { value: true, prediction: { select: { value: true, outcome: { select: { actual: true } } } } } });
      const championErrors = pairs.map((p) => p.prediction.value - p.prediction.outcome!.actual);
      const challengerErrors = pairs.map((p) => p.value - p.prediction.outcome!.actual);
      const test = pairedSquaredErrorTest(championErrors, challengerErrors);
      expect(report.pValue).toBeCloseTo(test.pValue, 9);
      expect(report.verdict).toBe(challengerVerdict(test, pairs.length, { minPairs: MIN_PAIRS, significance: 0.05 }));
      const rmse = (errors: number[]) => Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
      expect(report.candidate.rmse).toBeCloseTo(rmse(challengerErrors), 9);
      expect(report.candidate.mae).toBeCloseTo(challengerErrors.reduce((s, e) => s + Math.abs(e), 0) / challengerErrors.length, 9);
      // The champion also answered pinned requests without outcomes; its RMSE is over the ones with outcomes.
      expect(report.champion.outcomes).toBe(shadowed.length);
      expect(report.champion.rmse).toBeCloseTo(rmse(championErrors), 9);

      const performance = (await server.gql("{ performance { modelVersion predictions outcomes rmse } }")).data!.performance;
      expect(performance.map((p: { modelVersion: number }) => p.modelVersion)).toEqual([1, 2]);
      expect(performance[0]).toMatchObject({ modelVersion: 1, outcomes: shadowed.length });
      expect(performance[0].rmse).toBeCloseTo(rmse(challengerErrors), 9);
      const metrics = await (await fetch(`${server.url}/metrics`, { headers: { "x-api-key": keys.READ } })).text();
      const gauge = /domus_live_rmse\{model_version="1"\} ([0-9.e+-]+)/.exec(metrics);
      expect(Number(gauge?.[1])).toBeCloseTo(rmse(challengerErrors), 6);
      expect(metrics).toMatch(/domus_live_rmse\{model_version="2"\}/);
    } finally {
      await events.close();
    }
  });

  it("CANARY: answers its share of 2,000 requests within ±3 points, sticky per routing key, and marks them", async () => {
    const set = await server.gql(SET, { v: 1, m: "CANARY", p: 10 });
    expect(set.data!.setChallenger).toMatchObject({ mode: "CANARY", trafficPercent: 10 });
    const total = 2000;
    let byChallenger = 0;
    const workers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < total / 8; i++) {
        const p = (await server.gql(PREDICT, { i: FIRST_ROW })).data!.predict;
        expect(p.challenger).toBe(p.modelVersion === 1);
        if (p.challenger) byChallenger++;
      }
    });
    await Promise.all(workers);
    const share = (100 * byChallenger) / total;
    expect(share).toBeGreaterThanOrEqual(7);
    expect(share).toBeLessThanOrEqual(13);
    // Sticky: a key always gets the version its hash chooses, on every request.
    for (let k = 0; k < 40; k++) {
      const key = `customer-${k}`;
      const expected = routesToChallenger(key, { name: server.app.config.modelName, version: 1, trafficPercent: 10 }) ? 1 : 2;
      for (let r = 0; r < 3; r++) expect((await server.gql(PREDICT, { i: FIRST_ROW, k: key })).data!.predict.modelVersion).toBe(expected);
    }
    const stored = await server.app.database.prisma.prediction.count({ where: { challenger: true } });
    expect(stored).toBeGreaterThanOrEqual(byChallenger);
    const listed = (await server.gql("{ predictions(first: 500) { edges { node { modelVersion challenger } } } }")).data!.predictions.edges;
    expect(listed.every((e: { node: { modelVersion: number; challenger: boolean } }) => e.node.challenger === (e.node.modelVersion === 1))).toBe(true);
  }, 300_000);

  it("promoting the challenger ends the challenge and keeps its report with the promotion", async () => {
    // Even a version the gate rejected (on offline RMSE against the champion) is promotable as the challenger.
    await server.app.database.prisma.modelVersion.updateMany({ where: { version: 1 }, data: { status: "REJECTED" } });
    const promoted = await server.gql("mutation { promoteModel(version: 1) { version status aliases } }");
    expect(promoted.data!.promoteModel).toEqual({ version: 1, status: "CHAMPION", aliases: ["champion"] });
    expect((await server.gql("{ challenger { mode } }")).data).toEqual({ challenger: null });
    const event = await server.app.database.prisma.modelEvent.findFirstOrThrow({ where: { action: "PROMOTED", modelVersion: { version: 1 } }, orderBy: { id: "desc" } });
    const details = JSON.parse(event.details!);
    expect(details.challengerReport).toMatchObject({ challenger: { mode: "CANARY", trafficPercent: 10 }, pairedOutcomes: shadowed.length });
    const cleared = await server.app.database.prisma.modelEvent.findFirstOrThrow({ where: { action: "CHALLENGER_CLEARED" }, orderBy: { id: "desc" } });
    expect(cleared.reason).toBe("promoted to champion");
    // Served by the new champion, no canary any more.
    for (let i = 0; i < 20; i++) expect((await server.gql(PREDICT, { i: FIRST_ROW })).data!.predict).toMatchObject({ modelVersion: 1, challenger: false });
  });
});
