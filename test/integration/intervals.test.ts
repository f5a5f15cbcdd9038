/**
 * Prediction intervals end to end over HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
 * the registered version's calibration, Prediction.interval on predict and on the stored history
 * (recomputed from the stored row: the same numbers), batchPredictColumns' lower/upper equal to
 * the single-row intervals, level validation naming the field, and live coverage equal to a hand
 * count over the recorded outcomes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

vi.setConfig({ testTimeout: 120_000 });

const PREDICT =
  "mutation($i: HousingFeaturesInput!) { predict(input: $i) { id value modelVersion a: interval(level: 0.8) { level lower upper } b: interval { level lower upper } c: interval(level: 0.95) { level lower upper } } }";
const COLUMNS = "mutation($i: HousingColumnsInput!, $l: Float) { batchPredictColumns(input: $i, intervalLevel: $l) { count values ids intervalLevel lower upper } }";
const RECORD = "mutation($o: [OutcomeInput!]!) { recordOutcomes(outcomes: $o) }";
const FEATURES = Object.keys(FIRST_ROW);

const INPUTS = Array.from({ length: 20 }, (_, i) => {
  const row: Record<string, number> = { ...FIRST_ROW, RM: 4.6 + i * 0.17, LSTAT: 2 + i * 1.3, CRIM: 0.02 + i * 0.5 };
  if (i % 5 === 0) delete row.ZN;
  return row;
});

type Interval = { level: number; lower: number; upper: number };
type Predicted = { id: string; value: number; modelVersion: number; a: Interval; b: Interval; c: Interval };

describe.each(DATABASE_KINDS)("prediction intervals on %s", (kind) => {
  let server: TestServer;
  const predicted: Predicted[] = [];
  beforeAll(async () => {
    server = await startTestServer(kind);
    for (const input of INPUTS) {
      const res = await server.gql<{ predict: Predicted }>(PREDICT, { i: input });
      expect(res.errors).toBeUndefined();
      predicted.push(res.data!.predict);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it("registers the version with its CV+ calibration and test-split coverage", async () => {
    const res = await server.gql("{ champion { version calibration { method calibrationSize validationCoverage { level coverage meanWidth rows } } } }");
    const calibration = res.data!.champion.calibration;
    expect(calibration.method).toBe("cv-plus");
    expect(calibration.calibrationSize).toBe(506 - Math.ceil(0.2 * 506)); // every training row once, out of fold
    expect(calibration.validationCoverage.map((c: { level: number }) => c.level)).toEqual([0.8, 0.9, 0.95]);
    for (const c of calibration.validationCoverage) {
      expect(c.rows).toBe(Math.ceil(0.2 * 506));
      expect(c.coverage).toBeGreaterThan(0.6);
      expect(c.meanWidth).toBeGreaterThan(0);
    }
  });

  it("intervals contain the prediction, widen with the level, and are the same when read back from the log", async () => {
    for (const p of predicted) {
      expect(p.b.level).toBe(0.9);
      expect(p.a.lower).toBeLessThanOrEqual(p.value);
      expect(p.a.upper).toBeGreaterThanOrEqual(p.value);
      expect(p.b.lower).toBeLessThanOrEqual(p.a.lower);
      expect(p.b.upper).toBeGreaterThanOrEqual(p.a.upper);
      expect(p.c.lower).toBeLessThanOrEqual(p.b.lower);
      expect(p.c.upper).toBeGreaterThanOrEqual(p.b.upper);
    }
    const history = await server.gql("{ predictions(first: 50) { edges { node { id value interval { lower upper } } } } }");
    const byId = new Map(history.data!.predictions.edges.map((e: { node: { id: string; interval: Interval } }) => [e.node.id, e.node.interval]));
    for (const p of predicted) expect(byId.get(p.id)).toEqual({ lower: p.b.lower, upper: p.b.upper });
  });

  it("batchPredictColumns returns the same bounds per row, and none when not asked", async () => {
    const columns = Object.fromEntries(FEATURES.map((f) => [f, INPUTS.map((r) => r[f] ?? null)]));
    const res = await server.gql(COLUMNS, { i: columns, l: 0.9 });
    expect(res.errors).toBeUndefined();
    const batch = res.data!.batchPredictColumns;
    expect(batch.intervalLevel).toBe(0.9);
    expect(batch.values).toEqual(predicted.map((p) => p.value));
    expect(batch.lower).toEqual(predicted.map((p) => p.b.lower));
    expect(batch.upper).toEqual(predicted.map((p) => p.b.upper));
    const plain = (await server.gql(COLUMNS, { i: columns })).data!.batchPredictColumns;
    expect([plain.intervalLevel, plain.lower, plain.upper]).toEqual([null, null, null]);
  });

  it("refuses levels outside 0.5–0.99 naming the field, before storing anything", async () => {
    const before = await server.app.database.prisma.prediction.count();
    const one = await server.gql("mutation($i: HousingFeaturesInput!) { predict(input: $i) { value interval(level: 0.995) { lower } } }", { i: FIRST_ROW });
    expect(one.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(one.errors![0]!.extensions.fields).toEqual(["level"]);
    const columns = Object.fromEntries(FEATURES.map((f) => [f, [FIRST_ROW[f as keyof typeof FIRST_ROW]]]));
    const batch = await server.gql(COLUMNS, { i: columns, l: 0.3 });
    expect(batch.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(batch.errors![0]!.extensions.fields).toEqual(["intervalLevel"]);
    expect(batch.errors![0]!.message).toMatch(/intervalLevel must be between 0.5 and 0.99, got 0.3/);
    const coverage = await server.gql("{ performance { coverage(levels: [0.9, 1.5]) { level } } }");
    expect(coverage.errors![0]!.extensions.fields).toEqual(["levels.1"]);
    // The single predict stored its row before the field failed; the batch stored nothing.
    expect(await server.app.database.prisma.prediction.count()).toBe(before + 1);
  });

  it("live coverage equals a hand count over the recorded outcomes", async () => {
    // Actual values around the predictions: some inside every interval, some outside some.
    const outcomes = predicted.map((p, i) => ({ predictionId: p.id, actual: p.value + ((i % 7) - 3) * 1.9 }));
    expect((await server.gql(RECORD, { o: outcomes })).data!.recordOutcomes).toBe(outcomes.length);
    const hand = (["a", "b", "c"] as const).map((k) => {
      const inside = predicted.filter((p, i) => p[k].lower <= outcomes[i]!.actual && outcomes[i]!.actual <= p[k].upper).length;
      const width = predicted.reduce((s, p) => s + (p[k].upper - p[k].lower), 0) / predicted.length;
      return { level: predicted[0]![k].level, coverage: inside / predicted.length, width };
    });
    expect(new Set(hand.map((h) => h.coverage)).size).toBeGreaterThan(1); // the test can tell levels apart
    const res = await server.gql("{ performance { modelVersion outcomes coverage { level coverage meanWidth rows } } }");
    expect(res.errors).toBeUndefined();
    const version = res.data!.performance.find((p: { modelVersion: number }) => p.modelVersion === predicted[0]!.modelVersion);
    expect(version.outcomes).toBe(outcomes.length);
    version.coverage.forEach((c: { level: number; coverage: number; meanWidth: number; rows: number }, i: number) => {
      expect(c.level).toBe(hand[i]!.level);
      expect(c.rows).toBe(outcomes.length);
      expect(c.coverage).toBe(hand[i]!.coverage);
      expect(c.meanWidth).toBeCloseTo(hand[i]!.width, 9);
    });
     // The same figures on /metrics.
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { "x-api-key": ADMIN_KEY } })).text();
    for (const h of hand) {
      const line = metrics.split("\n").find((l) => l.startsWith(`domus_live_coverage{model_version="${version.modelVersion}",level="${h.level}"}`));
      expect(Number(line?.split(" ").pop())).toBe(h.coverage);
    }
  });

  it("keeps live coverage as running sums; corrections move them; other levels are recomputed", async () => {
    const prisma = server.app.database.prisma;
    const version = predicted[0]!.modelVersion;
    const sums = await prisma.coverageRollup.findMany({ where: { modelVersion: version } });
    expect([...new Set(sums.map((r) => r.level))].sort()).toEqual([0.8, 0.9, 0.95]);
    for (const level of [0.8, 0.9, 0.95]) expect(sums.filter((r) => r.level === level).reduce((n, r) => n + r.n, 0)).toBe(predicted.length);
    // Correct every third outcome to the prediction itself (inside every interval).
    const corrected = predicted.filter((_, i) => i % 3 === 0).map((p) => ({ predictionId: p.id, actual: p.value }));
    expect((await server.gql("mutation($o: [OutcomeInput!]!) { recordOutcomes(outcomes: $o, replace: true) }", { o: corrected })).data!.recordOutcomes).toBe(corrected.length);
    const actual = new Map((await prisma.outcome.findMany({ where: { predictionId: { in: predicted.map((p) => p.id) } } })).map((o) => [o.predictionId, o.actual]));
    const hand = (["a", "b", "c"] as const).map((k) => predicted.filter((p) => p[k].lower <= actual.get(p.id)! && actual.get(p.id)! <= p[k].upper).length / predicted.length);
    const res = await server.gql("{ performance { modelVersion coverage { level coverage rows } other: coverage(levels: [0.85, 0.8]) { level coverage rows } } }");
    expect(res.errors).toBeUndefined();
    const row = res.data!.performance.find((p: { modelVersion: number }) => p.modelVersion === version);
    expect(row.coverage.map((c: { coverage: number }) => c.coverage)).toEqual(hand);
    expect(row.coverage.map((c: { rows: number }) => c.rows)).toEqual([20, 20, 20]);
    // 0.85 is not kept as a sum: recomputed from the rows, and 0.8 the same either way.
    expect(row.other[1]).toEqual({ level: 0.8, coverage: hand[0], rows: 20 });
    expect(row.other[0].coverage).toBeGreaterThanOrEqual(hand[0]!);
    expect(row.other[0].coverage).toBeLessThanOrEqual(hand[1]!);
    // The sums alone (not a scan) give those figures.
    const again = await prisma.coverageRollup.findMany({ where: { modelVersion: version, level: 0.9 } });
    expect(again.reduce((n, r) => n + r.covered, 0) / again.reduce((n, r) => n + r.n, 0)).toBe(hand[1]);
  });

  it("a coverage drop below level − tolerance is a retraining trigger (policy onCoverage)", async () => {
    const set = await server.gql("mutation { setRetrainingPolicy(input: { enabled: true, onDrift: false, onCoverage: true, coverageTolerance: 0.05 }) { onCoverage coverageTolerance } }");
    expect(set.data!.setRetrainingPolicy).toEqual({ onCoverage: true, coverageTolerance: 0.05 });
    const bad = await server.gql("mutation { setRetrainingPolicy(input: { coverageTolerance: 0.9 }) { onCoverage } }");
    expect(bad.errors![0]!.extensions.fields).toEqual(["input.coverageTolerance"]);
    // 20 outcomes so far: below the minimum, no judgement.
    expect(await server.app.services.retraining.checkPerformance()).toBeNull();
    // 30 more, all far outside their intervals; a claimed cooldown keeps the test from training.
    const columns = Object.fromEntries(FEATURES.map((f) => [f, Array.from({ length: 30 }, (_, i) => INPUTS[i % INPUTS.length]![f] ?? null)]));
    const batch = (await server.gql(COLUMNS, { i: columns, l: 0.95 })).data!.batchPredictColumns;
    const outcomes = batch.ids.map((id: string, i: number) => ({ predictionId: id, actual: Math.min(50, batch.upper[i] + 15) }));
    expect((await server.gql(RECORD, { o: outcomes })).data!.recordOutcomes).toBe(30);
    await server.app.database.prisma.retrainingPolicy.updateMany({ data: { lastTriggeredAt: new Date() } });
    const trigger = await server.app.services.retraining.checkPerformance();
    expect(trigger?.reason).toBe("COVERAGE");
    expect(trigger?.outcome).toBe("COOLDOWN");
    expect(trigger?.detail).toMatch(/live coverage of v\d+'s 80 % intervals is \d+\.\d % over \d+ outcomes, below 75\.0 %/);
  });

  it("a large outcome batch (computed in slices) adds exactly its served intervals' coverage", async () => {
    const prisma = server.app.database.prisma;
    const version = predicted[0]!.modelVersion;
    const totals = async () => {
      const rows = await prisma.coverageRollup.findMany({ where: { modelVersion: version, level: 0.9 } });
      return { n: rows.reduce((s, r) => s + r.n, 0), covered: rows.reduce((s, r) => s + r.covered, 0), width: rows.reduce((s, r) => s + r.widthSum, 0) };
    };
    const before = await totals();
    const n = 1_100;
    const columns = Object.fromEntries(FEATURES.map((f) => [f, Array.from({ length: n }, (_, i) => INPUTS[i % INPUTS.length]![f] ?? null)]));
    const batch = (await server.gql(COLUMNS, { i: columns, l: 0.9 })).data!.batchPredictColumns;
    const outcomes = batch.ids.map((id: string, i: number) => ({ predictionId: id, actual: Math.max(1, batch.values[i] + ((i % 11) - 5) * 1.3) }));
    expect((await server.gql(RECORD, { o: outcomes })).data!.recordOutcomes).toBe(n);
    const covered = outcomes.filter((o: { actual: number }, i: number) => batch.lower[i] <= o.actual && o.actual <= batch.upper[i]).length;
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThan(n);
    const after = await totals();
    expect(after.n - before.n).toBe(n);
    expect(after.covered - before.covered).toBe(covered);
    const width = batch.upper.reduce((s: number, u: number, i: number) => s + (u - batch.lower[i]), 0);
    expect(after.width - before.width).toBeCloseTo(width, 6);
  });
});
