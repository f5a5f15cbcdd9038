/** Drift samples against the raw rows they sample (test/integration/drift-sample.test.ts, rollups.test.ts, crash.test.ts). */
import { expect } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { DEFAULT_DRIFT_SAMPLE_WINDOW_MS } from "../../src/db/drift-sample.ts";

/**
 * Every sample window counts exactly the logged rows of its window, model name and version; holds
 * min(seen, size) slots, each a distinct row of that window (same features, imputed names, value and
 * time); and holds every row when they fit. Returns the number of windows.
 */
export async function expectSamplesMatchRows(db: Database, windowMs = DEFAULT_DRIFT_SAMPLE_WINDOW_MS): Promise<number> {
  const [predictions, windows, samples] = await Promise.all([
    db.prisma.prediction.findMany({ select: { modelName: true, modelVersion: true, features: true, imputedFeatures: true, value: true, createdAt: true } }),
    db.prisma.driftSampleWindow.findMany(),
    db.prisma.driftSample.findMany(),
  ]);
  const keyOf = (windowStart: number, modelName: string, modelVersion: number) => `${windowStart}|${modelName}|${modelVersion}`;
  const contentOf = (r: { features: string; imputedFeatures: string; value: number; createdAt: Date }) => `${r.createdAt.getTime()}|${r.features}|${r.imputedFeatures}|${r.value}`;
  const rows = new Map<string, Map<string, number>>();
  for (const p of predictions) {
    const key = keyOf(Math.floor(p.createdAt.getTime() / windowMs) * windowMs, p.modelName, p.modelVersion);
    const contents = rows.get(key) ?? new Map<string, number>();
    contents.set(contentOf(p), (contents.get(contentOf(p)) ?? 0) + 1);
    rows.set(key, contents);
  }
  const bySlot = new Map<string, typeof samples>();
  for (const s of samples) {
    const key = keyOf(s.windowStart.getTime(), s.modelName, s.modelVersion);
    bySlot.set(key, [...(bySlot.get(key) ?? []), s]);
  }
  expect(new Set(windows.map((w) => keyOf(w.windowStart.getTime(), w.modelName, w.modelVersion)))).toEqual(new Set(rows.keys()));
  expect(new Set(bySlot.keys())).toEqual(new Set(rows.keys()));
  for (const w of windows) {
    const key = keyOf(w.windowStart.getTime(), w.modelName, w.modelVersion);
    const contents = rows.get(key) as Map<string, number>;
    const logged = [...contents.values()].reduce((n, c) => n + c, 0);
    expect(w.seen, key).toBe(logged);
    const slots = bySlot.get(key) ?? [];
    expect(slots.length, key).toBe(Math.min(w.seen, w.size));
    expect(new Set(slots.map((s) => s.slot)).size).toBe(slots.length);
    expect(new Set(slots.map((s) => s.seq)).size).toBe(slots.length);
    const left = new Map(contents);
    for (const s of slots) {
      expect(s.slot).toBeLessThan(w.size);
      expect(s.seq).toBeLessThan(w.seen);
      const content = contentOf(s);
      // A distinct logged row of this window (rows with identical content may repeat in the log).
      expect(left.get(content) ?? 0, `${key}: sample slot ${s.slot} is not a logged row`).toBeGreaterThan(0);
      left.set(content, (left.get(content) as number) - 1);
    }
  }
  return windows.length;
}
