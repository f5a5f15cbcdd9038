import { describe, expect, it } from "vitest";
import type { PredictionWriter } from "../../src/db/prediction-writer.ts";
import { PredictionLog, type PredictionRecord } from "../../src/modules/predictions/prediction-log.ts";

function record(id: string): PredictionRecord {
  return {
    id,
    requestId: `r-${id}`,
    modelVersionId: "mv",
    modelName: "m",
    modelVersion: 1,
    value: 1,
    features: {},
    imputedFeatures: [],
    outOfRangeFeatures: [],
    latencyMs: 0.1,
    apiKeyId: null,
    createdAt: new Date(),
    challenger: false,
  };
}

/** A stand-in writer that records each insert (one call = one transaction). */
function fakeDb(options: { fail?: boolean; delayMs?: number } = {}) {
  const calls: string[][] = [];
  const db: PredictionWriter = {
    async insert(rows) {
      await new Promise((r) => setTimeout(r, options.delayMs ?? 1));
      if (options.fail) throw new Error("disk full");
      calls.push(rows.map((d) => d.id));
    },
    async close() {},
  };
  return { db, calls };
}

describe("PredictionLog group commit", () => {
  it("writes concurrent appends together and acknowledges each only after its write", async () => {
    const { db, calls } = fakeDb({ delayMs: 5 });
    const log = new PredictionLog(db, { maxRows: 1000, maxWaitMs: 2 });
    const acknowledged: string[] = [];
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append([record(String(i))]).then(() => acknowledged.push(String(i)))));
    expect(acknowledged).toHaveLength(50);
    expect(calls.flat().sort()).toEqual(Array.from({ length: 50 }, (_, i) => String(i)).sort());
    expect(calls.length).toBeLessThan(5); // grouped, not one write per prediction
    expect(log.stats.rowsWritten).toBe(50);
  });

  it("flushes at once when maxRows are waiting", async () => {
    const { db, calls } = fakeDb();
    const log = new PredictionLog(db, { maxRows: 3, maxWaitMs: 10_000 });
    await log.append([record("a"), record("b"), record("c")]);
    expect(calls).toEqual([["a", "b", "c"]]);
  });

  it("rejects every waiting request when the write fails, so nothing is acknowledged unstored", async () => {
    const { db } = fakeDb({ fail: true });
    const log = new PredictionLog(db, { maxRows: 100, maxWaitMs: 1 });
    const results = await Promise.allSettled([log.append([record("x")]), log.append([record("y")])]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(log.stats.failures).toBeGreaterThan(0);
  });

  it("flushes on close and refuses appends afterwards", async () => {
    const { db, calls } = fakeDb();
    const log = new PredictionLog(db, { maxRows: 100, maxWaitMs: 10_000 });
    const pending = log.append([record("late")]);
    await log.close();
    await pending;
    expect(calls).toEqual([["late"]]);
    await expect(log.append([record("after")])).rejects.toThrow(/closed/);
  });
});
