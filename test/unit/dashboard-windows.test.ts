import { describe, expect, it } from "vitest";
import { ROLLUP_BUCKET_MS } from "../../src/db/rollup-bucket.ts";
import { historyVariables, predictRequestLatency, servingWindowSince } from "../../web/dashboard/windows.ts";

describe("dashboard windows", () => {
  it("polls the same 15-minute window string for every client within a rollup bucket", () => {
    const edge = Date.UTC(2026, 11, 5, 12, 0, 10);
    const inBucket = [edge, edge + 1, edge + 4_321, edge + ROLLUP_BUCKET_MS - 1].map(servingWindowSince);
    expect(new Set(inBucket)).toEqual(new Set([new Date(edge - 15 * 60_000).toISOString()]));
    expect(servingWindowSince(edge + ROLLUP_BUCKET_MS)).toBe(new Date(edge + ROLLUP_BUCKET_MS - 15 * 60_000).toISOString());
  });

  it("asks for history windows on rollup bucket edges, the current one whole", () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 27, 500);
    const a = historyVariables(now) as unknown as Record<string, string>;
    const b = historyVariables(now + 5_000) as unknown as Record<string, string>;
    expect(b).toEqual(a);
    for (const value of Object.values(a)) expect(Date.parse(value) % ROLLUP_BUCKET_MS).toBe(0);
    expect(Date.parse(a.until11 as string)).toBeGreaterThan(now);
  });

  it("shows predict's HTTP request latency, not another operation's", () => {
    const rows = [
      { operation: "batchPredict", transport: "HTTP", count: 9, p99Ms: 50 },
      { operation: "predict", transport: "WS", count: 4, p99Ms: 3 },
      { operation: "predict", transport: "HTTP", count: 2, p99Ms: 7 },
    ];
    expect(predictRequestLatency(rows)?.p99Ms).toBe(7);
    expect(predictRequestLatency(rows.slice(0, 2))?.p99Ms).toBe(3);
    expect(predictRequestLatency(rows.slice(0, 1))).toBeNull();
  });
});
