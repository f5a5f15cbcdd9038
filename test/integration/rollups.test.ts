/**
 * Monitoring rollups written with the log (src/db/rollups.ts) equal a recomputation from the raw
 * rows: counts, requests and sums exactly (sums to the last bits of summation order), min/max
 * exactly, quantiles within the sketch's error; across model versions, canary and shadow rows,
 * group commits and streams, on SQLite and (TEST_DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";
import { type PredictionWriter, openPredictionWriter } from "../../src/db/prediction-writer.ts";
import { ROLLUP_BUCKET_MS, bucketOf } from "../../src/db/rollups.ts";
import { uuidv7 } from "../../src/ids.ts";
import type { Logger } from "../../src/logger.ts";
import { RetentionJob } from "../../src/modules/monitoring/retention.ts";
import { openShadowWriter } from "../../src/modules/challengers/shadow-writer.ts";
import { DATABASE_KINDS, type TestDatabase, createTestDatabase } from "../helpers/databases.ts";
import { predictionTable } from "../helpers/prediction-rows.ts";
import { expectRollupsMatchRows } from "../helpers/rollups.ts";

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
    database = await createTestDatabase(kind);
    await migrate(database.url);
    db = openDatabase(database.url);
    for (const version of [1, 2, 3]) {
      await db.prisma.modelVersion.create({
        data: { id: `mv-${version}`, name: "boston-housing", version, status: "CANDIDATE", aliases: "[]", algorithm: "gbdt", features: JSON.stringify(FEATURES), metrics: "{}", artifact: "{}", referenceStats: "{}" },
      });
    }
    writer = openPredictionWriter(database.url);
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

    // Retention: pruning the raw rows leaves the rollups as they were; rollups go on their own schedule.
    const before = await db.prisma.monitoringRollup.findMany({ orderBy: [{ bucketStart: "asc" }, { modelVersion: "asc" }, { role: "asc" }] });
    const logger = { info: () => undefined, warn: () => undefined } as unknown as Logger;
    const later = new Date(Date.now() + 91 * 86_400_000);
    const retention = new RetentionJob(db.prisma, logger, { retentionDays: 90, intervalMs: 60_000, rollupRetentionDays: 365, pauseMs: 0, batchSize: 500 }, () => later);
    expect(await retention.prune()).toBeGreaterThan(0);
    expect(await db.prisma.prediction.count()).toBe(0);
    expect(await db.prisma.monitoringRollup.findMany({ orderBy: [{ bucketStart: "asc" }, { modelVersion: "asc" }, { role: "asc" }] })).toEqual(before);
    const cutoff = base + 2 * ROLLUP_BUCKET_MS;
    const rollupRetention = new RetentionJob(db.prisma, logger, { retentionDays: 90, intervalMs: 60_000, rollupRetentionDays: 365 }, () => new Date(cutoff + 365 * 86_400_000));
    const pruned = await rollupRetention.pruneRollups();
    expect(pruned).toBe(before.filter((r) => r.bucketStart.getTime() < cutoff).length);
    expect(pruned).toBeGreaterThan(0);
    expect(await db.prisma.monitoringRollup.count()).toBe(before.length - pruned);
  }, 120_000);
});
