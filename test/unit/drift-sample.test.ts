/**
 * The drift reservoir's draws and the merge across windows (src/db/drift-sample.ts,
 * src/modules/drift/drift-window.ts), without a database: Algorithm R on a 100k-row window keeps
 * a bounded, uniform sample (the draws are a hash of the window and the row's index, so the test
 * is deterministic and cannot flake); the same rows are kept however the rows are grouped into
 * transactions; the merge allocates in proportion to the windows' rows.
 */
import { describe, expect, it } from "vitest";
import { WindowDraws, placeRows } from "../../src/db/drift-sample.ts";
import { allocate, choose } from "../../src/modules/drift/drift-window.ts";
import { chiSquareUniformP, ksUniformP } from "../helpers/uniformity.ts";

const KEY = { windowStart: Date.UTC(2026, 11, 6, 1), modelName: "boston-housing", modelVersion: 3 };

/** The reservoir after `n` rows offered in calls of the given sizes: slot → seq. */
function reservoir(n: number, size: number, calls: readonly number[], key = KEY): number[] {
  const draws = new WindowDraws(key);
  const slots: number[] = [];
  let seen = 0;
  for (let c = 0; seen < n; c++) {
    const rows = Math.min(n - seen, calls[c % calls.length] as number);
    for (const [slot, offset] of placeRows(draws, seen, rows, size)) slots[slot] = seen + offset;
    seen += rows;
  }
  return slots;
}

describe("drift reservoir (Algorithm R on hashed draws)", () => {
  it("keeps exactly `size` distinct rows of a 100k-row window, uniform over the rows' indices", () => {
    for (const size of [1000, 5000]) {
      const slots = reservoir(100_000, size, [1]);
      expect(slots.length).toBe(size);
      expect(new Set(slots).size).toBe(size);
      expect(slots.every((seq) => Number.isInteger(seq) && seq >= 0 && seq < 100_000)).toBe(true);
      // Deterministic draws: these p-values are fixed numbers, far from any rejection level.
      expect(chiSquareUniformP(slots, 100_000)).toBeGreaterThan(0.05);
      expect(ksUniformP(slots, 100_000)).toBeGreaterThan(0.05);
    }
  });

  it("the same checks reject the most recent rows (or the first ones) taken instead of a sample", () => {
    const recent = Array.from({ length: 2000 }, (_, i) => 98_000 + i);
    const first = Array.from({ length: 2000 }, (_, i) => i);
    for (const wrong of [recent, first]) {
      expect(chiSquareUniformP(wrong, 100_000)).toBeLessThan(1e-12);
      expect(ksUniformP(wrong, 100_000)).toBeLessThan(1e-12);
    }
  });

  it("keeps the same rows however they are grouped into transactions", () => {
    const oneByOne = reservoir(30_000, 2000, [1]);
    expect(reservoir(30_000, 2000, [10_000])).toEqual(oneByOne);
    expect(reservoir(30_000, 2000, [7, 1999, 3, 500, 1])).toEqual(oneByOne);
  });

  it("every row is kept with probability size/n: inclusion frequencies over 400 windows", () => {
    // 400 windows (different keys) of 2,000 rows sampled to 200: each row index is kept 40 times on average.
    const n = 2000;
    const size = 200;
    const kept = new Array<number>(n).fill(0);
    for (let w = 0; w < 400; w++) for (const seq of reservoir(n, size, [64], { ...KEY, windowStart: KEY.windowStart + w * 3_600_000 })) kept[seq]!++;
    // The counts of 20 blocks of 100 consecutive rows each expect 4,000: early, middle and late rows alike.
    const blocks = Array.from({ length: 20 }, (_, b) => kept.slice(b * 100, b * 100 + 100).reduce((s, c) => s + c, 0));
    const expected = (400 * size) / 20;
    const statistic = blocks.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(statistic).toBeLessThan(43.8); // chi-square, 19 degrees of freedom, p = 0.001
  });

  it("draws differ between windows and model versions", () => {
    const a = reservoir(10_000, 500, [100]);
    const b = reservoir(10_000, 500, [100], { ...KEY, modelVersion: 4 });
    const c = reservoir(10_000, 500, [100], { ...KEY, windowStart: KEY.windowStart + 3_600_000 });
    const overlap = (x: number[], y: number[]) => x.filter((s) => new Set(y).has(s)).length;
    // Two independent samples of 500 of 10,000 share 25 rows on average.
    expect(overlap(a, b)).toBeLessThan(60);
    expect(overlap(a, c)).toBeLessThan(60);
  });
});

describe("merging window samples", () => {
  it("allocates in proportion to the windows' rows, by largest remainder", () => {
    expect(allocate([{ rows: 30_000, available: 1000 }, { rows: 10_000, available: 1000 }, { rows: 2000, available: 1000 }], 1000)).toEqual([714, 238, 48]);
    // Windows that hold all their rows and fit: everything.
    expect(allocate([{ rows: 40, available: 40 }, { rows: 7, available: 7 }], 1000)).toEqual([40, 7]);
    expect(allocate([], 1000)).toEqual([]);
    expect(allocate([{ rows: 0, available: 0 }], 1000)).toEqual([0]);
  });

  it("shrinks the merged sample rather than over-weight a window that cannot give its share", () => {
    // The second window's rows since `since`: 50,000 estimated, 100 of them in its sample. Its share of
    // a 1,000-row merge would be 500: the merge takes 100 · 60,000 / 50,000 = 120 rows, in proportion.
    const counts = allocate([{ rows: 10_000, available: 1000 }, { rows: 50_000, available: 100 }], 1000);
    expect(counts).toEqual([20, 100]);
    expect(counts[0]! / counts[1]!).toBeCloseTo(10_000 / 50_000, 9);
  });

  it("chooses k distinct indices uniformly", () => {
    const draws = new WindowDraws(KEY);
    const picked = choose(100_000, 3000, (i) => draws.draw(2 ** 31 + i));
    expect(new Set(picked).size).toBe(3000);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(chiSquareUniformP(picked, 100_000)).toBeGreaterThan(0.05);
    expect(choose(5, 9, () => 0)).toEqual([0, 1, 2, 3, 4]);
  });
});
