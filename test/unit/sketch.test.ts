/**
 * The rollups' quantile sketch: p50/p95/p99 within 1 % of the exact (type 7) quantiles, also after
 * serialising and merging many buckets, negative values included.
 */
import { describe, expect, it } from "vitest";
import { decodeSketch, encodeSketch, mergeEncoded, newSketch, sketchQuantile } from "../../src/db/sketch.ts";
import { quantileSorted } from "../../models/stats.ts";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function check(values: number[], estimate: (q: number) => number) {
  const sorted = Float64Array.from(values).sort();
  for (const q of [0.5, 0.95, 0.99]) {
    const exact = quantileSorted(sorted, q);
    expect(Math.abs(estimate(q) - exact) / Math.abs(exact), `q=${q}`).toBeLessThanOrEqual(0.01);
  }
}

describe("DDSketch rollups", () => {
  it("estimates p50/p95/p99 within 1 % (log-normal latencies, prices)", () => {
    const rnd = lcg(7);
    const latencies = Array.from({ length: 50_000 }, () => Math.exp(-1 + 1.2 * Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd())));
    const prices = Array.from({ length: 50_000 }, () => 5 + 45 * rnd() ** 2);
    for (const values of [latencies, prices]) {
      const s = newSketch();
      for (const v of values) s.accept(v);
      check(values, (q) => sketchQuantile(decodeSketch(encodeSketch(s)), q));
    }
  });

  it("merges serialised buckets into the sketch of their union, negative values included", () => {
    const rnd = lcg(11);
    const all: number[] = [];
    const merged = newSketch();
    for (let b = 0; b < 200; b++) {
      const bucket = newSketch();
      for (let i = 0; i < 250; i++) {
        const v = (rnd() - 0.2) * 40;
        all.push(v);
        bucket.accept(v);
      }
      mergeEncoded(merged, encodeSketch(bucket));
    }
    expect(merged.count).toBe(all.length);
    // Quantiles near 0 have no useful relative bound; p50/p95/p99 here are well away from it.
    check(all, (q) => sketchQuantile(merged, q));
  });
});
