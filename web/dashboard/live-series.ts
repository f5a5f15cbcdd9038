// The traffic and latency series of the live charts: the last 10 minutes in 50 s buckets, filled
// from servingMetrics (one window per bucket, DashboardHistory) when the page opens, then from
// every predictionMade event. Counts and latency percentiles are per bucket.
import { useEffect, useRef, useState } from "react";
import { quantileSorted } from "../../models/stats.ts";
import { DashboardHistoryDocument, PredictionMadeDocument, type DashboardHistoryQuery, type PredictionMadeSubscription } from "./generated/graphql.ts";
import { useQuery, useSubscription } from "./hooks.ts";
import { BUCKETS, BUCKET_MS, WINDOW_MS, historyBucketOf, historyVariables } from "./windows.ts";

export type PredictionEvent = PredictionMadeSubscription["predictionMade"];

export interface Bucket {
  start: number;
  count: number;
  /** Latency percentiles in ms; null when the bucket has no prediction. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface LiveSeries {
  /** Oldest first; the last one is the current bucket. */
  buckets: Bucket[];
  /** Predictions received live since the page opened. */
  liveCount: number;
  last: PredictionEvent | null;
  /** When the page opened: history covers before, live events after. */
  openedAt: number;
  historyLoaded: boolean;
  error: string | null;
}

interface HistoryBucket {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

export function useLiveSeries(): LiveSeries {
  const openedAt = useRef(Date.now()).current;
  const [history, setHistory] = useState<Map<number, HistoryBucket> | null>(null);
  const live = useRef(new Map<number, number[]>());
  const liveCount = useRef(0);
  const last = useRef<PredictionEvent | null>(null);
  const [, setVersion] = useState(0);
  const flushTimer = useRef<number | null>(null);

  const query = useQuery(DashboardHistoryDocument, {
    variables: () => historyVariables(openedAt),
    onData: (data: DashboardHistoryQuery) => {
      const map = new Map<number, HistoryBucket>();
      for (const m of Object.values(data)) {
        if (typeof m !== "object" || m === null || !("windowStart" in m)) continue;
        map.set(historyBucketOf(Date.parse(m.windowStart)), { count: m.totalPredictions, p50: m.latency.p50Ms, p95: m.latency.p95Ms, p99: m.latency.p99Ms });
      }
      setHistory(map);
    },
  });

  useEffect(
    () => () => {
      if (flushTimer.current !== null) window.clearTimeout(flushTimer.current);
    },
    [],
  );

  // Events are kept in refs and rendered at most every 150 ms, so a burst costs few renders.
  const error = useSubscription(PredictionMadeDocument, (data) => {
    const event = data.predictionMade;
    const t = Date.parse(event.createdAt);
    liveCount.current += 1;
    last.current = event;
    if (t >= openedAt) {
      // Earlier ones are in the history.
      const b = historyBucketOf(t);
      const latencies = live.current.get(b) ?? [];
      latencies.push(event.latencyMs);
      live.current.set(b, latencies);
    }
    if (flushTimer.current === null) {
      flushTimer.current = window.setTimeout(() => {
        flushTimer.current = null;
        setVersion((v) => v + 1);
      }, 150);
    }
  });

  const current = historyBucketOf(Date.now());
  for (const key of live.current.keys()) if (key <= current - WINDOW_MS) live.current.delete(key);
  const buckets: Bucket[] = [];
  for (let start = current - (BUCKETS - 1) * BUCKET_MS; start <= current; start += BUCKET_MS) {
    const past = history?.get(start);
    const latencies = live.current.get(start);
    const count = (past?.count ?? 0) + (latencies?.length ?? 0);
    if (latencies?.length) {
      const sorted = [...latencies].sort((a, b) => a - b);
      buckets.push({ start, count, p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), p99: quantileSorted(sorted, 0.99) });
    } else if (past && past.count > 0) {
      buckets.push({ start, count, p50: past.p50, p95: past.p95, p99: past.p99 });
    } else {
      buckets.push({ start, count, p50: null, p95: null, p99: null });
    }
  }
  return { buckets, liveCount: liveCount.current, last: last.current, openedAt, historyLoaded: history !== null, error: error ?? query.error };
}
