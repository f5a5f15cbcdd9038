// The live charts' buckets and history windows, the polled serving window, and the request
// latency the latency card shows, apart from React so
// test/unit/dashboard-windows.test.ts can check them.
import { bucketOf } from "../../src/db/rollup-bucket.ts";
import type { DashboardHistoryQueryVariables } from "./generated/graphql.ts";

export const BUCKET_MS = 50_000;
/** The number of windows in DashboardHistory (aliases b0…b11). */
export const BUCKETS = 12;
export const WINDOW_MS = BUCKET_MS * BUCKETS;

/** The start of the 50 s chart bucket holding `t`. */
export const historyBucketOf = (t: number) => Math.floor(t / BUCKET_MS) * BUCKET_MS;

/**
 * The DashboardHistory windows of the 10 minutes up to `now`: bucket i is [start_i, start_i + 50 s)
 * on 50 s edges (multiples of the rollup bucket), so the current one too is the same window string
 * for every client until the next edge.
 */
export function historyVariables(now: number): DashboardHistoryQueryVariables {
  const variables: Record<string, string> = {};
  const first = historyBucketOf(now) - (BUCKETS - 1) * BUCKET_MS;
  for (let i = 0; i < BUCKETS; i++) {
    const start = first + i * BUCKET_MS;
    variables[`since${i}`] = new Date(start).toISOString();
    variables[`until${i}`] = new Date(start + BUCKET_MS).toISOString();
  }
  return variables as unknown as DashboardHistoryQueryVariables;
}

const SERVING_WINDOW_MS = 15 * 60_000;

/**
 * The start of the 15-minute window polled at `now`, on a rollup bucket edge: every open dashboard
 * sends the same window string within a bucket, so the server reads it once per request and the
 * answer is the same for all.
 */
export function servingWindowSince(now: number): string {
  return new Date(bucketOf(now) - SERVING_WINDOW_MS).toISOString();
}

interface RequestLatency {
  operation: string;
  transport: string;
  count: number;
}

/** The `predict` request latency over HTTP, or over the busiest transport when no HTTP row has requests. */
export function predictRequestLatency<T extends RequestLatency>(rows: readonly T[]): T | null {
  const predict = rows.filter((r) => r.operation === "predict" && r.count > 0);
  return predict.find((r) => r.transport === "HTTP") ?? [...predict].sort((a, b) => b.count - a.count)[0] ?? null;
}
