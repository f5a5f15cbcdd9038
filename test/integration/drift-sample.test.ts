/**
 * Drift on a bounded sample (issue 23 item 4), through the prediction writer on SQLite and
 * (TEST_DATABASE_URL) PostgreSQL: the reservoir written with the rows stays at its size however
 * many rows a window gets, holds the rows Algorithm R keeps (uniform over the window, the same as
 * the draws computed without a database), and the drift window reader merges windows in
 * proportion to their rows; a window that fits in the sample is tested on exactly the rows the
 * log gives, so drift decisions on it are today's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { WindowDraws, placeRows } from "../../src/db/drift-sample.ts";
import type { PredictionTable } from "../../src/db/prediction-columns.ts";
import { type PredictionWriter, openPredictionWriter } from "../../src/db/prediction-writer.ts";
import { uuidv7 } from "../../src/ids.ts";
import { DriftWindowReader, allocate } from "../../src/modules/drift/drift-window.ts";
import { DATABASE_KINDS, type TestDatabase, createDatabaseWithVersions } from "../helpers/databases.ts";
import { expectSamplesMatchRows } from "../helpers/drift-samples.ts";
import { chiSquareUniformP, ksUniformP } from "../helpers/uniformity.ts";

const HOUR = 3_600_000;
/** Fixed windows (the draws hash the window's start: a fixed start makes every run draw the same). */
const H0 = Date.UTC(2026, 10, 2, 8);
const FEATURES = ["RM", "LSTAT", "CRIM"];

/** `rows` rows of one request at `at`; row k's value is `first + k` (its index in the window), so a sample row names its row. */
function table(version: number, first: number, rows: number, at: number): PredictionTable {
  const features = new Float64Array(rows * FEATURES.length);
  const imputed = new Uint32Array(rows);
  for (let k = 0; k < rows; k++) {
    const i = first + k;
    features.set([4 + (i % 97) / 20, 2 + (i % 31), (i % 13) / 10], k * FEATURES.length);
    imputed[k] = i % 5 === 0 ? 2 : 0;
  }
  return {
    modelVersionId: `mv-${version}`,
    modelName: "boston-housing",
    modelVersion: version,
    featureNames: FEATURES,
    rows,
    ids: Array.from({ length: rows }, () => uuidv7()),
    values: Float64Array.from({ length: rows }, (_, k) => first + k),
    features,
    imputed,
    outOfRange: new Uint32Array(rows),
    challenger: false,
    segments: [{ start: 0, requestId: uuidv7(), apiKeyId: null, createdAtMs: at, latencyMs: 0.1 }],
  };
}

/** Writes `n` rows of a version into one window, spread evenly over it, in transactions of `chunk` rows. */
async function fill(writer: PredictionWriter, version: number, windowStart: number, n: number, chunk: number): Promise<void> {
  for (let first = 0; first < n; first += chunk) {
    const rows = Math.min(chunk, n - first);
    await writer.insert([table(version, first, rows, windowStart + Math.floor((first / n) * (HOUR - 1000)))]);
  }
}

describe.each(DATABASE_KINDS)("drift samples (%s)", (kind) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    ({ database, db } = await createDatabaseWithVersions(kind, [1, 2, 3], FEATURES));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  /** `n` rows of a version in groups of `group` (a group starting at row k written at `start` + k s), through a writer keeping samples of `size`. */
  const writeGroups = async (size: number, version: number, start: number, n: number, group: number) => {
    const writer = openPredictionWriter(database.url, { driftSample: { size, windowMs: HOUR } });
    try {
      for (let first = 0; first < n; first += group) await writer.insert([table(version, first, group, start + first * 1000)]);
    } finally {
      await writer.close();
    }
  };

  it("a 100k-row window keeps 2,000 rows, uniform over the window, as the draws say", async () => {
    const writer = openPredictionWriter(database.url, { driftSample: { size: 2000, windowMs: HOUR } });
    try {
      // Transactions of different sizes, and one streamed batch in chunks.
      await fill(writer, 1, H0, 60_000, 3000);
      const stream = writer.stream();
      for (let first = 60_000; first < 70_000; first += 1000) stream.write(table(1, first, 1000, H0 + HOUR - 900));
      await stream.commit();
      for (let first = 70_000; first < 100_000; first += 7_500) await writer.insert([table(1, first, 7_500, H0 + HOUR - 500)]);
    } finally {
      await writer.close();
    }
    const window = await db.prisma.driftSampleWindow.findUniqueOrThrow({ where: { windowStart_modelName_modelVersion: { windowStart: new Date(H0), modelName: "boston-housing", modelVersion: 1 } } });
    expect(window).toMatchObject({ size: 2000, seen: 100_000 });
    const samples = await db.prisma.driftSample.findMany({ where: { modelVersion: 1 }, orderBy: { slot: "asc" } });
    expect(samples.length).toBe(2000);
    // Each slot holds the row its seq names (value = index in the window), and the draws computed
    // without a database keep the same rows in the same slots.
    for (const s of samples) expect(s.value).toBe(s.seq);
    const expected: number[] = [];
    for (const [slot, seq] of placeRows(new WindowDraws({ windowStart: H0, modelName: "boston-housing", modelVersion: 1 }), 0, 100_000, 2000)) expected[slot] = seq;
    expect(samples.map((s) => s.seq)).toEqual(expected);
    const seqs = samples.map((s) => s.seq);
    expect(chiSquareUniformP(seqs, 100_000)).toBeGreaterThan(0.05);
    expect(ksUniformP(seqs, 100_000)).toBeGreaterThan(0.05);
    // The same test rejects the most recent 2,000 rows: taking those instead would fail here.
    expect(ksUniformP(Array.from({ length: 2000 }, (_, i) => 98_000 + i), 100_000)).toBeLessThan(1e-12);
    expect(await expectSamplesMatchRows(db)).toBe(1);
  }, 300_000);

  it("merges windows in proportion to their rows, whole or cut at `since`", async () => {
    const writer = openPredictionWriter(database.url, { driftSample: { size: 1000, windowMs: HOUR } });
    const h = [H0 + 10 * HOUR, H0 + 11 * HOUR, H0 + 12 * HOUR];
    try {
      await fill(writer, 2, h[0]!, 12_000, 1000);
      await fill(writer, 2, h[1]!, 4000, 100);
      await fill(writer, 2, h[2]!, 800, 100);
    } finally {
      await writer.close();
    }
    const reader = (windowSize: number) => new DriftWindowReader(db.prisma, { windowSize, sampleSize: 1000, sampleWindowMs: HOUR });
    const perWindow = (rows: { createdAt: Date }[]) => h.map((start) => rows.filter((r) => r.createdAt.getTime() >= start && r.createdAt.getTime() < start + HOUR).length);

    const all = await reader(500).read("boston-housing", 2, new Date(h[0]!));
    expect(all.currentSize).toBe(16_800);
    expect(all.rows.length).toBe(1000);
    expect(perWindow(all.rows)).toEqual([714, 238, 48]);
    expect(perWindow(all.rows)).toEqual(allocate([{ rows: 12_000, available: 1000 }, { rows: 4000, available: 1000 }, { rows: 800, available: 800 }], 1000));
    const values = all.rows.map((r) => `${r.createdAt.getTime()}|${r.value}`);
    expect(new Set(values).size).toBe(1000);
    // Within the big window the chosen rows are spread over it, not bunched at either end.
    const first = all.rows.filter((r) => r.createdAt.getTime() < h[1]!).map((r) => r.value);
    expect(chiSquareUniformP(first, 12_000, 10)).toBeGreaterThan(0.01);

    // Without `since`, whole windows, newest first, until they hold DRIFT_WINDOW_SIZE rows.
    const recent = await reader(4500).read("boston-housing", 2);
    expect(recent.currentSize).toBe(4800);
    expect(perWindow(recent.rows)).toEqual([0, 833, 167]);

    // `since` halfway through the overflowed middle window: its rows since then are estimated from its sample.
    const since = new Date(h[1]! + HOUR / 2);
    const cut = await reader(500).read("boston-housing", 2, since);
    const exact = await db.prisma.prediction.count({ where: { modelVersion: 2, createdAt: { gte: since } } });
    expect(cut.rows.every((r) => r.createdAt >= since)).toBe(true);
    expect(Math.abs(cut.currentSize - exact)).toBeLessThan(0.1 * exact);
    const [, middle, last] = perWindow(cut.rows);
    expect(middle! + last!).toBe(cut.rows.length);
    // The middle window's sample since then (~half of its 1,000 slots) bounds the merge: smaller than 1,000, still proportional.
    expect(cut.rows.length).toBeLessThan(1000);
    expect(Math.abs(last! - (cut.rows.length * 800) / cut.currentSize)).toBeLessThan(1);
    expect(await expectSamplesMatchRows(db)).toBe(4);
  }, 300_000);

  it("a window that fits in the sample is tested on exactly the rows the log gives (today's decisions)", async () => {
    const start = H0 + 20 * HOUR;
    await writeGroups(5000, 3, start, 700, 35);
    const fromLog = await new DriftWindowReader(db.prisma, { windowSize: 700, sampleSize: 5000, sampleWindowMs: HOUR }).read("boston-housing", 3);
    const fromSample = await new DriftWindowReader(db.prisma, { windowSize: 700, sampleSize: 5000, sampleWindowMs: HOUR }).read("boston-housing", 3, new Date(start));
    const strip = (rows: { features: string; imputedFeatures: string; value: number; createdAt: Date }[]) => rows.map((r) => ({ features: r.features, imputedFeatures: r.imputedFeatures, value: r.value, createdAt: r.createdAt }));
    expect(fromLog.rows.length).toBe(700);
    expect(fromSample.currentSize).toBe(700);
    expect(strip(fromSample.rows)).toEqual(strip(fromLog.rows));
  }, 120_000);

  it("with DRIFT_SAMPLE_SIZE=0 (the default) writes no samples and reads the most recent rows (since `since`) from the log", async () => {
    const before = { samples: await db.prisma.driftSample.count(), windows: await db.prisma.driftSampleWindow.count() };
    const start = H0 + 30 * HOUR;
    await writeGroups(0, 2, start, 300, 30);
    expect(await db.prisma.driftSample.count()).toBe(before.samples);
    expect(await db.prisma.driftSampleWindow.count()).toBe(before.windows);
    const reader = new DriftWindowReader(db.prisma, { windowSize: 100, sampleSize: 0, sampleWindowMs: HOUR });
    const recent = await reader.read("boston-housing", 2);
    expect(recent.rows.map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, k) => 299 - k));
    // Rows are written 30 at a time, each group 30 s after the last: since 240 s, the last two groups.
    const since = await reader.read("boston-housing", 2, new Date(start + 240 * 1000));
    expect(since.rows.map((r) => r.value)).toEqual(Array.from({ length: 60 }, (_, k) => 299 - k));
    expect(since.currentSize).toBe(60);
  }, 120_000);
});
