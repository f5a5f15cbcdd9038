import { validate as uuidValidate, version as uuidVersion } from "uuid";
import { afterEach, describe, expect, it, vi } from "vitest";
import { advanceV7, uuidv7, uuidv7s } from "../../src/ids.ts";

const outOfOrder = (ids: string[]) => ids.filter((id, i) => i > 0 && !(id > (ids[i - 1] as string)));
const millisecond = (id: string) => Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidv7", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is a version-7, RFC 9562 variant UUID carrying the current millisecond", () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(V7);
    // The maintained `uuid` package reads it as a valid version-7 UUID.
    expect(uuidValidate(id)).toBe(true);
    expect(uuidVersion(id)).toBe(7);
    expect(millisecond(id)).toBeGreaterThanOrEqual(before);
    expect(millisecond(id)).toBeLessThanOrEqual(after + 1); // a counter overflow may move the timestamp on by one
  });

  it("strictly increases over 100,000 ids made in a tight loop", () => {
    const ids = Array.from({ length: 100_000 }, () => uuidv7());
    expect(new Set(ids.map(millisecond)).size).toBeLessThan(ids.length); // some share a millisecond
    expect(outOfOrder(ids)).toEqual([]);
  });

  it("strictly increases over 100,000 ids made within one millisecond", () => {
    // The clock stands still: every id comes from the same millisecond, so only the counter orders them.
    const now = Date.now() + 60_000;
    vi.spyOn(Date, "now").mockReturnValue(now);
    const ids = Array.from({ length: 100_000 }, () => uuidv7());
    expect(outOfOrder(ids)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(millisecond(ids[0] as string)).toBe(now);
  });
});

describe("uuidv7s (a batch's ids at once)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("makes the requested number of valid version-7 ids, each a string of its own", () => {
    for (const count of [0, 1, 5, 1023, 1024, 1025, 10_000]) {
      const ids = uuidv7s(count);
      expect(ids).toHaveLength(count);
      for (const id of ids) expect(id).toMatch(V7);
    }
    const sample = uuidv7s(3000).filter((_, i) => i % 97 === 0);
    expect(sample.every((id) => uuidValidate(id) && uuidVersion(id) === 7)).toBe(true);
  });

  it("strictly increases within a batch, across batches and mixed with single ids, over the random pool's refills", () => {
    // Batch sizes that straddle the pool's 1,024 ids in every way; the clock stands still, so only the counter orders them.
    const now = Date.now() + 120_000;
    vi.spyOn(Date, "now").mockReturnValue(now);
    const ids: string[] = [];
    for (const count of [3, 1021, 1, 2048, 700, 1, 1, 5000, 1024]) {
      if (count === 1) ids.push(uuidv7());
      else ids.push(...uuidv7s(count));
    }
    expect(outOfOrder(ids)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => millisecond(id) === now || millisecond(id) === now + 1)).toBe(true);
  });

  it("carries random bits: two batches made in the same millisecond differ beyond the counter", () => {
    const now = Date.now() + 180_000;
    vi.spyOn(Date, "now").mockReturnValue(now);
    const tails = new Set([...uuidv7s(2000), ...uuidv7s(2000)].map((id) => id.slice(-10)));
    expect(tails.size).toBeGreaterThan(3990); // the last 40 of 42 random bits: collisions in 4,000 are vanishingly rare
  });
});

describe("advanceV7 (the millisecond and counter of the next id)", () => {
  it("seeds the counter on a new millisecond and counts up within one, and back in time", () => {
    const s = { msecs: 1000, seq: 5 };
    advanceV7(s, 1001, 123);
    expect(s).toEqual({ msecs: 1001, seq: 123 });
    advanceV7(s, 1001, 999);
    expect(s).toEqual({ msecs: 1001, seq: 124 });
    advanceV7(s, 990, 999); // the clock went back: keep counting in the later millisecond
    expect(s).toEqual({ msecs: 1001, seq: 125 });
  });

  it("counts through all 2^32 counter values, then moves the millisecond on", () => {
    const s = { msecs: 1000, seq: 0x7fffffff };
    advanceV7(s, 1000, 0);
    expect(s.seq >>> 0).toBe(0x80000000); // past int32's top, still increasing as the unsigned counter the id carries
    expect(s.msecs).toBe(1000);
    s.seq = -1; // 0xffffffff
    advanceV7(s, 1000, 0);
    expect(s).toEqual({ msecs: 1001, seq: 0 });
  });
});

