import { describe, expect, it } from "vitest";
import { type PredictionWriter, gatheringStream } from "../../src/db/prediction-writer.ts";
import type { PredictionTable } from "../../src/db/prediction-columns.ts";
import { PredictionLog } from "../../src/modules/predictions/prediction-log.ts";
import { type PredictionRowInput, predictionTable } from "../helpers/prediction-rows.ts";

function record(id: string, modelVersionId = "mv"): PredictionRowInput {
  return {
    id,
    requestId: `r-${id}`,
    modelVersionId,
    modelName: "m",
    modelVersion: 1,
    value: 1,
    features: { RM: 6 },
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
    async insert(tables) {
      await new Promise((r) => setTimeout(r, options.delayMs ?? 1));
      if (options.fail) throw new Error("disk full");
      calls.push(tables.flatMap((t) => t.ids));
    },
    stream() {
      return gatheringStream((tables) => db.insert(tables));
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
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(predictionTable([record(String(i))])).then(() => acknowledged.push(String(i)))));
    expect(acknowledged).toHaveLength(50);
    expect(calls.flat().sort()).toEqual(Array.from({ length: 50 }, (_, i) => String(i)).sort());
    expect(calls.length).toBeLessThan(5); // grouped, not one write per prediction
    expect(log.stats.rowsWritten).toBe(50);
  });

  it("flushes at once when maxRows are waiting", async () => {
    const { db, calls } = fakeDb();
    const log = new PredictionLog(db, { maxRows: 3, maxWaitMs: 10_000 });
    await log.append(predictionTable([record("a"), record("b"), record("c")]));
    expect(calls).toEqual([["a", "b", "c"]]);
  });

  it("rejects every waiting request when the write fails, so nothing is acknowledged unstored", async () => {
    const { db } = fakeDb({ fail: true });
    const log = new PredictionLog(db, { maxRows: 100, maxWaitMs: 1 });
    const results = await Promise.allSettled([log.append(predictionTable([record("x")])), log.append(predictionTable([record("y")]))]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(log.stats.failures).toBeGreaterThan(0);
  });

  it("writes one table per model version, each row once, with its request's segment", async () => {
    const tables: PredictionTable[][] = [];
    const db: PredictionWriter = {
      async insert(t) {
        tables.push([...t]);
      },
      stream: () => gatheringStream(async () => undefined),
      async close() {},
    };
    const log = new PredictionLog(db, { maxRows: 1000, maxWaitMs: 5 });
    await Promise.all([log.append(predictionTable([record("a1", "v1"), record("a2", "v1")])), log.append(predictionTable([record("b1", "v2")])), log.append(predictionTable([record("c1", "v1")]))]);
    const written = tables.flat();
    expect(written.flatMap((t) => t.ids).sort()).toEqual(["a1", "a2", "b1", "c1"]);
    const v1 = written.filter((t) => t.modelVersionId === "v1").flatMap((t) => t.segments.map((s) => [t.ids[s.start], s.requestId]));
    expect(v1).toEqual(expect.arrayContaining([["a1", "r-a1"], ["a2", "r-a2"], ["c1", "r-c1"]]));
    for (const t of written) expect(new Set(t.ids).size).toBe(t.rows);
  });

  it("flushes on close and refuses appends afterwards", async () => {
    const { db, calls } = fakeDb();
    const log = new PredictionLog(db, { maxRows: 100, maxWaitMs: 10_000 });
    const pending = log.append(predictionTable([record("late")]));
    await log.close();
    await pending;
    expect(calls).toEqual([["late"]]);
    await expect(log.append(predictionTable([record("after")]))).rejects.toThrow(/closed/);
  });
});

describe("PredictionLog stall detection (/readyz)", () => {
  it("reports how long the oldest write has waited for its commit, and 0 once it is done", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const db: PredictionWriter = { insert: () => gate, stream: () => gatheringStream(() => gate), async close() {} };
    const log = new PredictionLog(db, { maxRows: 1, maxWaitMs: 0 });
    expect(log.stalledMs()).toBe(0);
    const appended = log.append(predictionTable([record("a")]));
    const started = performance.now();
    while (performance.now() - started < 30) await new Promise((r) => setImmediate(r));
    expect(log.stalledMs()).toBeGreaterThanOrEqual(25);
    release();
    await appended;
    await log.flush();
    expect(log.stalledMs()).toBe(0);
  });
});
