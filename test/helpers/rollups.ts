/** Rollups against the raw rows they summarise (test/integration/rollups.test.ts, crash.test.ts). */
import { expect } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { bucketOf } from "../../src/db/rollup-bucket.ts";
import { decodeSketch, sketchQuantile } from "../../src/db/sketch.ts";
import { quantileSorted } from "../../models/stats.ts";

/** Recomputes every rollup key's aggregates from the raw rows and compares with MonitoringRollup. */
export async function expectRollupsMatchRows(db: Database): Promise<number> {
  const featuresOf = new Map((await db.prisma.modelVersion.findMany({ select: { name: true, version: true, features: true } })).map((v) => [`${v.name}|${v.version}`, JSON.parse(v.features) as string[]]));
  const [predictions, shadows, rollups] = await Promise.all([
    db.prisma.prediction.findMany({ select: { requestId: true, modelName: true, modelVersion: true, challenger: true, value: true, latencyMs: true, createdAt: true, imputedFeatures: true, outOfRangeFeatures: true } }),
    db.prisma.shadowPrediction.findMany({ select: { modelName: true, modelVersion: true, value: true, latencyMs: true, createdAt: true, prediction: { select: { modelVersion: true, value: true } } } }),
    db.prisma.monitoringRollup.findMany(),
  ]);
  type Group = { values: number[]; latencies: number[]; requests: Set<string>; imputed: number[]; outOfRange: number[]; absDiff: number };
  const groups = new Map<string, Group>();
  const group = (key: string, width = 0) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values: [], latencies: [], requests: new Set(), imputed: new Array<number>(width).fill(0), outOfRange: new Array<number>(width).fill(0), absDiff: 0 }));
    return g;
  };
  for (const p of predictions) {
    const features = featuresOf.get(`${p.modelName}|${p.modelVersion}`) ?? [];
    const g = group(`${bucketOf(p.createdAt.getTime())}|${p.modelName}|${p.modelVersion}|${p.challenger ? "CHALLENGER" : "CHAMPION"}|0`, features.length);
    g.values.push(p.value);
    g.latencies.push(p.latencyMs);
    g.requests.add(p.requestId);
    for (const f of JSON.parse(p.imputedFeatures) as string[]) (g.imputed[features.indexOf(f)] as number)++;
    for (const f of JSON.parse(p.outOfRangeFeatures) as string[]) (g.outOfRange[features.indexOf(f)] as number)++;
  }
  for (const s of shadows) {
    const g = group(`${bucketOf(s.createdAt.getTime())}|${s.modelName}|${s.modelVersion}|SHADOW|${s.prediction.modelVersion}`);
    g.values.push(s.value);
    g.latencies.push(s.latencyMs);
    g.absDiff += Math.abs(s.prediction.value - s.value);
  }
  expect(new Set(rollups.map((r) => `${r.bucketStart.getTime()}|${r.modelName}|${r.modelVersion}|${r.role}|${r.pairedVersion}`))).toEqual(new Set(groups.keys()));
  const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
  for (const r of rollups) {
    const g = groups.get(`${r.bucketStart.getTime()}|${r.modelName}|${r.modelVersion}|${r.role}|${r.pairedVersion}`) as Group;
    expect(r.count).toBe(g.values.length);
    if (r.role !== "SHADOW") {
      // A request's rows are stored together: it is counted once, in its first rollup of the transaction.
      expect(r.requests).toBe(g.requests.size);
      expect(JSON.parse(r.imputed)).toEqual(g.imputed);
      expect(JSON.parse(r.outOfRange)).toEqual(g.outOfRange);
    }
    close(r.valueSum, g.values.reduce((a, b) => a + b, 0));
    close(r.valueSumSq, g.values.reduce((a, b) => a + b * b, 0));
    close(r.latencySum, g.latencies.reduce((a, b) => a + b, 0));
    close(r.absDiffSum, g.absDiff);
    expect(r.valueMin).toBe(Math.min(...g.values));
    expect(r.valueMax).toBe(Math.max(...g.values));
    expect(r.latencyMax).toBe(Math.max(...g.latencies));
    const sorted = Float64Array.from(g.values).sort();
    const sketch = decodeSketch(r.valueSketch);
    expect(sketch.count).toBe(g.values.length);
    // The sketch returns a value within 0.5 % of an order statistic near the rank (no interpolation).
    for (const q of [0.5, 0.95, 0.99]) {
      const h = (sorted.length - 1) * q;
      const lo = sorted[Math.floor(h)] as number;
      const hi = sorted[Math.ceil(h)] as number;
      const v = sketchQuantile(sketch, q);
      expect(v).toBeGreaterThanOrEqual(Math.min(lo, quantileSorted(sorted, q)) * 0.995 - 1e-12);
      expect(v).toBeLessThanOrEqual(hi * 1.005 + 1e-12);
    }
  }
  return rollups.length;
}

