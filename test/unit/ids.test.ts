import { afterEach, describe, expect, it, vi } from "vitest";
import { uuidv7 } from "../../src/ids.ts";

const outOfOrder = (ids: string[]) => ids.filter((id, i) => i > 0 && !(id > (ids[i - 1] as string)));
const millisecond = (id: string) => Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);

describe("uuidv7", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is a version-7, RFC 9562 variant UUID carrying the current millisecond", () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
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
