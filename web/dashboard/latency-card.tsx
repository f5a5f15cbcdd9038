// Serving metrics of the last 15 minutes as the server computes them (error rate included): the
// request latency clients waited for `predict` (servingMetrics.requestLatency), the model compute
// time per row beside it, labelled as such, and the compute percentiles per 50 s bucket over the
// last 10 minutes. The polled window is aligned on rollup buckets (servingWindowSince), so every
// open dashboard sends the same window string within a bucket.
import { COLORS, Card, ErrorNote, Stat } from "./card.tsx";
import { LineChart, type Series } from "./charts.tsx";
import { fmtClock, fmtInt, fmtMs, fmtNum, fmtPct } from "./format.ts";
import { ROLLUP_BUCKET_MS } from "../../src/db/rollup-bucket.ts";
import { DashboardServingDocument } from "./generated/graphql.ts";
import { useNow, useQuery } from "./hooks.ts";
import type { LiveSeries } from "./live-series.ts";
import { BUCKET_MS, WINDOW_MS, predictRequestLatency, servingWindowSince } from "./windows.ts";

export function LatencyCard({ live }: { live: LiveSeries }) {
  const now = useNow(2_000);
  const query = useQuery(DashboardServingDocument, {
    intervalMs: 5_000,
    variables: () => ({ since: servingWindowSince(Date.now()) }),
  });
  const m = query.data?.servingMetrics;
  const any = !!m && m.totalPredictions > 0;
  const request = m ? predictRequestLatency(m.requestLatency) : null;
  const withData = live.buckets.filter((b) => b.p50 !== null);
  const series: Series[] = [
    { label: "p50", color: COLORS.p50, points: withData.map((b) => [b.start, b.p50 as number]) },
    { label: "p95", color: COLORS.p95, points: withData.map((b) => [b.start, b.p95 as number]) },
    { label: "p99", color: COLORS.p99, points: withData.map((b) => [b.start, b.p99 as number]) },
  ];
  return (
    <Card title="Serving metrics" subtitle={`last 15 min (from a ${ROLLUP_BUCKET_MS / 1000} s edge), refreshed every 5 s${query.updatedAt ? ` · ${fmtClock(query.updatedAt, true)}` : ""}`}>
      {query.loading && !m ? (
        <div className="empty">Loading…</div>
      ) : (
        <>
          <div className="stats stats-3">
            <Stat label="Predictions" value={m ? fmtInt(m.totalPredictions) : "—"} />
            <Stat label="Rate" value={m ? fmtNum(m.predictionsPerMinute, 1) : "—"} unit="/min" />
            <Stat label="Error rate" value={m ? fmtPct(m.errorRate, 2) : "—"} tone={m && m.errorRate > 0.01 ? "bad" : undefined} testId="error-rate" />
            <Stat label="predict request p50" value={request ? fmtMs(request.p50Ms) : "—"} unit="ms" testId="request-p50" />
            <Stat label="predict request p95" value={request ? fmtMs(request.p95Ms) : "—"} unit="ms" testId="request-p95" />
            <Stat label="predict request p99" value={request ? fmtMs(request.p99Ms) : "—"} unit="ms" testId="request-p99" />
          </div>
          <div className="muted small" data-testid="compute-latency">
            {any
              ? `Model compute time per row (not what clients waited): p50 ${fmtMs(m.latency.p50Ms)} · p95 ${fmtMs(m.latency.p95Ms)} · p99 ${fmtMs(m.latency.p99Ms)} · max ${fmtMs(m.latency.maxMs)} ms. `
              : ""}
            {request ? `Request latency: ${fmtInt(request.count)} predict requests over ${request.transport}, max ${fmtMs(request.maxMs)} ms, from first byte read to last byte written.` : ""}
          </div>
          <div className="muted small">
            {m && `${fmtInt(m.errorCount)} error${m.errorCount === 1 ? "" : "s"} and ${fmtInt(m.successfulRequests)} successful request${m.successfulRequests === 1 ? "" : "s"} (the server's error rate). `}
            {any
              ? `Predicted MEDV: mean ${fmtNum(m.predictions.mean, 2)} · min ${fmtNum(m.predictions.min, 2)} · max ${fmtNum(m.predictions.max, 2)} ($1000s)`
              : "No predictions in the last 15 minutes."}
          </div>
          <h3>
            Model compute time percentiles <span className="muted">(ms per row, 50 s buckets, last 10 min)</span>
          </h3>
          <LineChart
            ariaLabel="model compute time percentiles"
            series={series}
            xMin={now - WINDOW_MS}
            xMax={now}
            formatX={(x) => fmtClock(x)}
            formatTooltipX={(x) => `${fmtClock(x, true)} – ${fmtClock(x + BUCKET_MS, true)}`}
            formatY={(y) => fmtMs(y)}
            yUnit="ms"
            empty="no predictions in the last 10 min"
            minYMax={1}
            height={120}
          />
        </>
      )}
      <ErrorNote error={query.error} />
    </Card>
  );
}
