/** Drift against the training data: shifted traffic raises an alert naming the shifted features; held-out data does not. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, FEATURE_SPECS, readHousingCsv } from "../../pipeline/dataset.ts";
import { pick, trainTestSplit } from "../../pipeline/split.ts";
import { Topic } from "../../src/pubsub.ts";
import { ADMIN_KEY, type TestServer, startTestServer, subscribe } from "../helpers/server.ts";

const data = readHousingCsv("data/HousingData.csv");
const split = trainTestSplit(data.rows.length, 0.2, 42); // the test server trains with TRAIN_SEED 42
/** Held-out rows as API inputs: optional features omitted when missing; rows missing a required feature skipped. */
const heldOut = pick(data.rows, split.test)
  .filter((row) => FEATURE_SPECS.every((s, j) => s.optional || !Number.isNaN(row[j]!)))
  .map((row) => Object.fromEntries(FEATURES.flatMap((f, j) => (Number.isNaN(row[j]!) ? [] : [[f, row[j]!]]))) as Record<string, number>);
// One pass over the held-out rows per window: repeating rows would fake a larger sample and shrink p-values.
const WINDOW = heldOut.length;
const traffic = (shift: (r: Record<string, number>) => Record<string, number>) => heldOut.map(shift);

const BATCH = "mutation($inputs: [HousingFeaturesInput!]!) { batchPredict(inputs: $inputs) { count } }";
const REPORTS = "{ driftReports(limit: 10) { id modelVersion sufficientData message datasetDrift driftShare driftShareThreshold currentSize sampleSize referenceSize features { feature method score threshold detected referenceSize currentSize referenceMean currentMean } predictionDrift { method score detected } } }";

describe("drift detection", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { DRIFT_CHECK_MIN_INTERVAL_MS: "0", DRIFT_CHECK_EVERY: String(WINDOW), DRIFT_WINDOW_SIZE: String(WINDOW), DRIFT_SAMPLE_SIZE: "200", DRIFT_SHARE_THRESHOLD: "0.1" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("says there is not enough data below DRIFT_MIN_ROWS", async () => {
    const res = await server.gql("mutation { runDriftCheck { sufficientData message datasetDrift features { feature } currentSize } }");
    expect(res.errors).toBeUndefined();
    expect(res.data!.runDriftCheck).toMatchObject({ sufficientData: false, datasetDrift: false, features: [], currentSize: 0 });
    expect(res.data!.runDriftCheck.message).toMatch(/not enough data: 0 prediction\(s\).*at least 30/);
  });

  it("raises no alert for held-out data, and alerts naming RM and LSTAT for shifted traffic", async () => {
    const alerts = await subscribe(server, "subscription { driftAlert { message driftedFeatures report { id datasetDrift modelVersion } } }");
    try {
      expect((await server.gql(BATCH, { inputs: traffic((r) => r) })).errors).toBeUndefined();
      await server.app.services.drift.idle();
      let reports = (await server.gql(REPORTS)).data!.driftReports;
      const control = reports[0];
      // The window fits in the sample (DRIFT_SAMPLE_SIZE 200): every row of it is tested.
      expect(control).toMatchObject({ sufficientData: true, datasetDrift: false, currentSize: WINDOW, sampleSize: WINDOW, referenceSize: 404 });
      expect(control.features.length).toBeGreaterThanOrEqual(10);
      for (const f of control.features) {
        expect(f.referenceSize).toBeGreaterThan(300);
        expect(["KS", "Z_PROPORTION", "CHI_SQUARE"]).toContain(f.method);
      }
      expect(control.features.find((f: { feature: string }) => f.feature === "CHAS").method).toBe("Z_PROPORTION");
      expect(control.predictionDrift.method).toBe("KS");
      // The check is complete (idle): had it alerted, the alert row would exist (stored before it is published).
      expect(await server.app.database.prisma.driftAlert.count()).toBe(0);

      const shifted = traffic((r) => ({ ...r, RM: (r.RM as number) + 1.5, LSTAT: Math.min(100, (r.LSTAT as number) * 1.6) }));
      expect((await server.gql(BATCH, { inputs: shifted })).errors).toBeUndefined();
      await server.app.services.drift.idle();
      // The first alert the subscriber receives is this one: the held-out traffic published none before it.
      const [event] = await alerts.take(1);
      const alert = (event!.data as any).driftAlert;
      expect(alert.driftedFeatures.sort()).toEqual(["LSTAT", "RM"]);
      expect(alert.message).toMatch(/RM/);
      expect(alert.report.datasetDrift).toBe(true);
      reports = (await server.gql(REPORTS)).data!.driftReports;
      const drifted = reports[0];
      const rm = drifted.features.find((f: { feature: string }) => f.feature === "RM");
      expect(rm).toMatchObject({ method: "KS", detected: true });
      expect(rm.score).toBeLessThan(0.05);
      expect(rm.currentMean - rm.referenceMean).toBeGreaterThan(1);
      expect(drifted.predictionDrift.detected).toBe(true);

      // The same drift again: no second alert while the drifted set does not change.
      expect((await server.gql(BATCH, { inputs: shifted })).errors).toBeUndefined();
      await server.app.services.drift.idle();
      const latest = (await server.gql(REPORTS)).data!.driftReports[0];
      expect(latest.datasetDrift).toBe(true);
      expect(await server.app.database.prisma.driftAlert.count()).toBe(1);
      // And none reached the subscriber: a marker published now is the next event it receives.
      server.app.services.pubsub.publish(Topic.DriftAlert, { ...alert, message: "marker", report: { ...alert.report, id: latest.id } });
      const events = await alerts.take(2);
      expect((events[1]!.data as any).driftAlert.message).toBe("marker");
    } finally {
      await alerts.close();
    }
  });

  it("reads a report back by id and exports drift scores to Prometheus", async () => {
    const latest = (await server.gql(REPORTS)).data!.driftReports[0];
    const one = await server.gql("query($id: ID!) { driftReport(id: $id) { id datasetDrift } }", { id: latest.id });
    expect(one.data!.driftReport).toEqual({ id: latest.id, datasetDrift: true });
    const text = await (await fetch(`${server.url}/metrics`, { headers: { "x-api-key": ADMIN_KEY } })).text();
    expect(text).toMatch(/domus_feature_drift_score\{feature="RM",method="KS"\} [0-9.e-]+/);
  });

  it("checks every prediction since a time on a uniform sample of DRIFT_SAMPLE_SIZE of them", async () => {
    const res = await server.gql("mutation($s: DateTime) { runDriftCheck(since: $s) { sufficientData currentSize sampleSize windowStart windowEnd features { feature currentSize } } }", { s: "2000-01-01T00:00:00.000Z" });
    expect(res.errors).toBeUndefined();
    const report = res.data!.runDriftCheck;
    // Three windows' worth of traffic (held-out, shifted, shifted): more than the sample holds.
    expect(report).toMatchObject({ sufficientData: true, currentSize: 3 * WINDOW, sampleSize: 200 });
    expect(Date.parse(report.windowStart)).toBeLessThanOrEqual(Date.parse(report.windowEnd));
    for (const f of report.features) expect(f.currentSize).toBeLessThanOrEqual(200);
  });
});
