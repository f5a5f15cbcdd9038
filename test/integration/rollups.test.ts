/**
 * Monitoring rollups written with the log (src/db/rollups.ts) equal a recomputation from the raw
 * rows: counts, requests and sums exactly (sums to the last bits of summation order), min/max
 * exactly, quantiles within the sketch's error; across model versions, canary and shadow rows,
 * group commits and streams, on SQLite and (TEST_DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { type PredictionWriter, openPredictionWriter } from "../../src/db/prediction-writer.ts";
import { ROLLUP_BUCKET_MS, bucketOf } from "../../src/db/rollup-bucket.ts";
import { uuidv7 } from "../../src/ids.ts";
import type { Logger } from "../../src/logger.ts";
import { RetentionJob } from "../../src/modules/monitoring/retention.ts";
import { PerformanceService } from "../../src/modules/challengers/performance.service.ts";
import { pairedSquaredErrorTest, pairedTestFromSums } from "../../src/modules/challengers/paired-test.ts";
import { OutcomesService } from "../../src/modules/outcomes/outcomes.service.ts";
import { Role } from "../../src/modules/common/enums.ts";
import { openShadowWriter } from "../../src/modules/challengers/shadow-writer.ts";
import { DATABASE_KINDS, type TestDatabase, createDatabaseWithVersions } from "../helpers/databases.ts";
import { predictionTable } from "../helpers/prediction-rows.ts";
import { expectRollupsMatchRows } from "../helpers/rollups.ts";
import { expectSamplesMatchRows } from "../helpers/drift-samples.ts";

const FEATURES = ["RM", "LSTAT", "CRIM"];

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Rows of one request: `n` rows at `at`, some imputed / out of range. */
function request(version: number, n: number, at: Date, rnd: () => number, challenger = false) {
  const requestId = uuidv7();
  return predictionTable(
    Array.from({ length: n }, () => ({
      id: uuidv7(),
      requestId,
      modelVersionId: `mv-${version}`,
      modelName: "boston-housing",
      modelVersion: version,
      value: 5 + 45 * rnd(),
      features: { RM: 6, LSTAT: 5, CRIM: 0.1 },
      imputedFeatures: rnd() < 0.3 ? ["LSTAT"] : [],
      outOfRangeFeatures: rnd() < 0.2 ? ["RM", "CRIM"] : [],
      latencyMs: 0.05 + rnd(),
      apiKeyId: null,
      createdAt: at,
      challenger,
    })),
  );
}

describe.each(DATABASE_KINDS)("monitoring rollups (%s)", (kind) => {
  let database: TestDatabase;
  let db: Database;
  let writer: PredictionWriter;
  beforeAll(async () => {
    ({ database, db } = await createDatabaseWithVersions(kind, [1, 2, 3], FEATURES));
    writer = openPredictionWriter(database.url, { driftSample: { size: 5000, windowMs: 3_600_000 } }); // samples kept (DRIFT_SAMPLE_SIZE=5000)
  }, 60_000);
  afterAll(async () => {
    await writer?.close();
    await db?.close();
    await database?.drop();
  });

  it("equal a recomputation from the raw rows across versions, canary, shadows, group commits and streams", async () => {
    const rnd = lcg(42);
    const base = bucketOf(Date.now()) - 5 * ROLLUP_BUCKET_MS;
    const at = (k: number) => new Date(base + k * 1_700);
    // Group commits: several requests of two versions per transaction, spanning buckets.
    for (let t = 0; t < 12; t++) {
      await Promise.all([
        writer.insert([request(1, 1 + (t % 3), at(t), rnd), request(2, 2, at(t), rnd, true)]),
        writer.insert([request(1, 40, at(t + 1), rnd)]),
      ]);
    }
    // A stream: one batch, chunk by chunk, in one transaction.
    const stream = writer.stream();
    const big = request(1, 900, at(13), rnd);
    stream.write(big);
    await stream.commit();
    // An abandoned stream stores neither rows nor rollups.
    const abandoned = writer.stream();
    abandoned.write(request(1, 300, at(14), rnd));
    await abandoned.abort();
    // Shadow scores of the champion's rows.
    const champion = await db.prisma.prediction.findMany({ where: { modelVersion: 1 }, take: 500, select: { id: true, value: true, createdAt: true } });
    const shadow = openShadowWriter(database.url);
    try {
      await shadow.insert(
        champion.map((p) => ({
          id: uuidv7(),
          predictionId: p.id,
          modelVersionId: "mv-3",
          modelName: "boston-housing",
          modelVersion: 3,
          value: p.value + (rnd() - 0.5) * 4,
          latencyMs: 0.02 + rnd() / 10,
          createdAt: p.createdAt,
          championVersion: 1,
          championValue: p.value,
        })),
      );
    } finally {
      await shadow.close();
    }
    expect(await db.prisma.prediction.count()).toBe(12 * (2 + 40) + [0, 1, 2].map((k) => 4 * (1 + k)).reduce((a, b) => a + b) + 900);
    const keys = await expectRollupsMatchRows(db);
    expect(keys).toBeGreaterThan(6);
    // The drift samples, written in the same transactions, count and hold the same rows (the abandoned stream's are not there).
    expect(await expectSamplesMatchRows(db)).toBeGreaterThanOrEqual(2);

    // Outcomes as running sums: recorded in two calls, the sums equal a recomputation from the rows,
    // and the paired test read from them equals the two-pass test (scipy's ttest_rel, test/unit/paired-test.test.ts).
    const labelled = await db.prisma.prediction.findMany({ orderBy: { id: "asc" }, take: 700, select: { id: true } });
    const outcomes = new OutcomesService(db.prisma, { maxBatchSize: 10_000, maxActual: 500, rangeMargin: 0.5 });
    const actuals = labelled.map((p) => ({ predictionId: p.id, actual: 10 + 30 * rnd() }));
    const admin = { apiKeyId: null, role: Role.ADMIN };
    await outcomes.record(actuals.slice(0, 300), admin);
    await outcomes.record(actuals.slice(300), admin);
    // Corrections (replace: true) take the old errors out of the sums and put the new ones in: the
    // checks below recompute everything from the rows as they are after the corrections.
    const corrections = actuals.filter((_, i) => i % 3 === 0).map((o) => ({ predictionId: o.predictionId, actual: 10 + 30 * rnd() }));
    await expect(outcomes.record(corrections.slice(0, 5), admin)).rejects.toThrow(/already has an outcome \(pass replace: true/);
    expect(await outcomes.record(corrections, admin, true)).toBe(corrections.length);
    const stored = new Map((await db.prisma.outcome.findMany({ select: { predictionId: true, actual: true } })).map((o) => [o.predictionId, o.actual]));
    for (const c of corrections) expect(stored.get(c.predictionId)).toBeCloseTo(c.actual, 9);
    const rowsWithOutcomes = await db.prisma.prediction.findMany({
      where: { outcome: { isNot: null } },
      select: { modelVersion: true, value: true, createdAt: true, outcome: { select: { actual: true } }, shadows: { select: { modelVersion: true, value: true } } },
    });
    const championErrors: number[] = [];
    const challengerErrors: number[] = [];
    const squaredByVersion = new Map<number, { n: number; sq: number; abs: number }>();
    const addError = (v: number, e: number) => {
      const s = squaredByVersion.get(v) ?? { n: 0, sq: 0, abs: 0 };
      s.n++;
      s.sq += e * e;
      s.abs += Math.abs(e);
      squaredByVersion.set(v, s);
    };
    for (const r of rowsWithOutcomes) {
      const actual = (r.outcome as { actual: number }).actual;
      addError(r.modelVersion, r.value - actual);
      for (const sh of r.shadows) {
        addError(sh.modelVersion, sh.value - actual);
        if (r.modelVersion === 1 && sh.modelVersion === 3) {
          championErrors.push(r.value - actual);
          challengerErrors.push(sh.value - actual);
        }
      }
    }
    expect(championErrors.length).toBeGreaterThan(30);
    const performance = new PerformanceService(db.prisma, "boston-housing");
    const window = performance.window(new Date(base - 60_000), new Date(Date.now() + 60_000));
    const versions = await performance.performance(window.since, window.until);
    for (const v of versions) {
      const e = squaredByVersion.get(v.modelVersion);
      expect(v.outcomes).toBe(e?.n ?? 0);
      if (e) {
        expect(v.rmse).toBeCloseTo(Math.sqrt(e.sq / e.n), 9);
        expect(v.mae).toBeCloseTo(e.abs / e.n, 9);
      }
    }
    expect(versions.map((v) => v.predictions)).toEqual([
      await db.prisma.prediction.count({ where: { modelVersion: 1 } }),
      await db.prisma.prediction.count({ where: { modelVersion: 2 } }),
      await db.prisma.shadowPrediction.count({ where: { modelVersion: 3 } }),
    ]);
    const { pairs } = await performance.compare("boston-housing", window, 1, 3);
    expect(pairs.pairedRows).toBe(500);
    expect(pairs.differences.n).toBe(championErrors.length);
    const fromSums = pairedTestFromSums(pairs.differences.n, pairs.differences.sum, pairs.differences.sumSq);
    const twoPass = pairedSquaredErrorTest(championErrors, challengerErrors);
    expect(fromSums.statistic).toBeCloseTo(twoPass.statistic, 8);
    expect(fromSums.pValue).toBeCloseTo(twoPass.pValue, 10);
    const live = await new PerformanceService(db.prisma, "boston-housing", () => new Date(Date.now() + 60_000)).liveRmse();
    expect(live.get(1)).toBeCloseTo(Math.sqrt((squaredByVersion.get(1) as { n: number; sq: number }).sq / (squaredByVersion.get(1) as { n: number }).n), 9);

    // Retention: pruning the raw rows leaves the rollups and drift samples as they were; they go on their own schedule.
    const before = await db.prisma.monitoringRollup.findMany({ orderBy: [{ bucketStart: "asc" }, { modelVersion: "asc" }, { role: "asc" }] });
    const samplesBefore = await db.prisma.driftSample.count();
    const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
    const later = new Date(Date.now() + 91 * 86_400_000);
    const retention = new RetentionJob({ db: db.prisma, logger, retentionDays: 90, intervalMs: 60_000, rollupRetentionDays: 365, pauseMs: 0, batchSize: 500, clock: () => later });
    expect(await retention.prune()).toBeGreaterThan(0);
    expect(await db.prisma.prediction.count()).toBe(0);
    expect(await db.prisma.monitoringRollup.findMany({ orderBy: [{ bucketStart: "asc" }, { modelVersion: "asc" }, { role: "asc" }] })).toEqual(before);
    expect(await db.prisma.driftSample.count()).toBe(samplesBefore);
    const cutoff = base + 2 * ROLLUP_BUCKET_MS;
    const oldWindows = { windowStart: { lt: new Date(cutoff) } };
    const oldSamples = (await db.prisma.driftSample.count({ where: oldWindows })) + (await db.prisma.driftSampleWindow.count({ where: oldWindows }));
    const rollupRetention = new RetentionJob({ db: db.prisma, logger, retentionDays: 90, intervalMs: 60_000, rollupRetentionDays: 365, clock: () => new Date(cutoff + 365 * 86_400_000) });
    const oldOutcomeSums = await db.prisma.outcomeRollup.count({ where: { bucketStart: { lt: new Date(cutoff) } } });
    const oldRollups = before.filter((r) => r.bucketStart.getTime() < cutoff).length;
    expect(oldRollups).toBeGreaterThan(0);
    expect(await rollupRetention.pruneRollups()).toBe(oldRollups + oldOutcomeSums + oldSamples);
    expect(await db.prisma.monitoringRollup.count()).toBe(before.length - oldRollups);
    expect(await db.prisma.driftSampleWindow.count({ where: oldWindows })).toBe(0);
    expect(await db.prisma.driftSample.count({ where: oldWindows })).toBe(0);
  }, 120_000);
});
