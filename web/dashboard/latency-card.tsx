// Serving metrics of the last 15 minutes as the server computes them (error rate included), and
// the latency percentiles per 50 s bucket over the last 10 minutes.
import { COLORS, Card, ErrorNote, Stat } from "./card.tsx";
import { LineChart, type Series } from "./charts.tsx";
import { fmtClock, fmtInt, fmtMs, fmtNum, fmtPct } from "./format.ts";
import { DashboardServingDocument } from "./generated/graphql.ts";
import { useNow, useQuery } from "./hooks.ts";
import { BUCKET_MS, type LiveSeries, WINDOW_MS } from "./live-series.ts";

const SERVING_WINDOW_MS = 15 * 60_000;

export function LatencyCard({ live }: { live: LiveSeries }) {
  const now = useNow(2_000);
  const query = useQuery(DashboardServingDocument, {
    intervalMs: 5_000,
    variables: () => ({ since: new Date(Date.now() - SERVING_WINDOW_MS).toISOString() }),
  });
  const m = query.data?.servingMetrics;
  const any = !!m && m.totalPredictions > 0;
  const withData = live.buckets.filter((b) => b.p50 !== null);
  const series: Series[] = [
    { label: "p50", color: COLORS.p50, points: withData.map((b) => [b.start, b.p50 as number]) },
    { label: "p95", color: COLORS.p95, points: withData.map((b) => [b.start, b.p95 as number]) },
    { label: "p99", color: COLORS.p99, points: withData.map((b) => [b.start, b.p99 as number]) },
  ];
  return (
    <Card title="Serving metrics" subtitle={`last 15 min, refreshed every 5 s${query.updatedAt ? ` · ${fmtClock(query.updatedAt, true)}` : ""}`}>
      {query.loading && !m ? (
        <div className="empty">Loading…</div>
      ) : (
        <>
          <div className="stats stats-3">
            <Stat label="Predictions" value={m ? fmtInt(m.totalPredictions) : "—"} />
            <Stat label="Rate" value={m ? fmtNum(m.predictionsPerMinute, 1) : "—"} unit="/min" />
            <Stat label="Error rate" value={m ? fmtPct(m.errorRate, 2) : "—"} tone={m && m.errorRate > 0.01 ? "bad" : undefined} testId="error-rate" />
            <Stat label="p50" value={any ? fmtMs(m.latency.p50Ms) : "—"} unit="ms" />
            <Stat label="p95" value={any ? fmtMs(m.latency.p95Ms) : "—"} unit="ms" />
            <Stat label="p99" value={any ? fmtMs(m.latency.p99Ms) : "—"} unit="ms" />
          </div>
          <div className="muted small">
            {m && `${fmtInt(m.errorCount)} error${m.errorCount === 1 ? "" : "s"} and ${fmtInt(m.successfulRequests)} successful request${m.successfulRequests === 1 ? "" : "s"} (the server's error rate). `}
            {any
              ? `Max latency ${fmtMs(m.latency.maxMs)} ms · predicted MEDV: mean ${fmtNum(m.predictions.mean, 2)} · min ${fmtNum(m.predictions.min, 2)} · max ${fmtNum(m.predictions.max, 2)} ($1000s)`
              : "No predictions in the last 15 minutes."}
          </div>
          <h3>
            Latency percentiles <span className="muted">(ms, 50 s buckets, last 10 min)</span>
          </h3>
          <LineChart
            ariaLabel="latency percentiles"
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
