// Live traffic: predictions per minute over the last 10 minutes, from the history and live events.
import { COLORS, Card, ErrorNote, Stat } from "./card.tsx";
import { LineChart } from "./charts.tsx";
import { fmtAgo, fmtClock, fmtInt, fmtMs, fmtNum } from "./format.ts";
import { useNow } from "./hooks.ts";
import type { LiveSeries } from "./live-series.ts";
import { BUCKET_MS, WINDOW_MS } from "./windows.ts";

export function TrafficCard({ live }: { live: LiveSeries }) {
  const now = useNow(2_000);
  const points: Array<[number, number]> = live.buckets.map((b) => [b.start, (b.count * 60_000) / BUCKET_MS]);
  const total = live.buckets.reduce((sum, b) => sum + b.count, 0);
  const lastMinute = live.buckets.slice(-2).reduce((sum, b) => sum + b.count, 0);
  const lastEvent = live.last;
  return (
    <Card title="Live traffic" subtitle={`last 10 minutes, live since ${fmtClock(live.openedAt, true)}`}>
      <div className="stats stats-3">
        <Stat label="Last 10 min" value={live.historyLoaded ? fmtInt(total) : "—"} testId="traffic-total" />
        <Stat label="Live" value={live.liveCount.toLocaleString()} testId="prediction-count" />
        <Stat label="Last 60 s" value={fmtInt(lastMinute)} unit="/min" />
      </div>
      <div className="muted small">
        {lastEvent ? (
          <>
            Latest: <b className="strong">{fmtNum(lastEvent.value, 2)}</b> $1000s · model v{lastEvent.modelVersion} · {fmtMs(lastEvent.latencyMs)} ms ·{" "}
            {fmtClock(Date.parse(lastEvent.createdAt), true)} ({fmtAgo(Date.parse(lastEvent.createdAt), now)})
          </>
        ) : total > 0 ? (
          "No prediction since the page opened; the chart shows the history."
        ) : (
          "Waiting for predictions…"
        )}
      </div>
      <h3>
        Predictions per minute <span className="muted">(50 s buckets, last 10 min)</span>
      </h3>
      <LineChart
        ariaLabel="predictions per minute"
        series={[{ label: "predictions/min", color: COLORS.traffic, points }]}
        xMin={now - WINDOW_MS}
        xMax={now}
        formatX={(x) => fmtClock(x)}
        formatTooltipX={(x) => `${fmtClock(x, true)} – ${fmtClock(x + BUCKET_MS, true)}`}
        formatY={(y) => fmtInt(y)}
        yUnit="/min"
        minYMax={10}
        height={140}
      />
      <ErrorNote error={live.error} />
    </Card>
  );
}
