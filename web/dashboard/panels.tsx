// The dashboard's cards: champion, live traffic, latency, drift, experiments.
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import {
  CHAMPION_QUERY,
  DRIFT_REPORTS_QUERY,
  EXPERIMENTS_QUERY,
  PREDICTION_MADE,
  SERVING_METRICS_QUERY,
  type Champion,
  type DriftReport,
  type Experiment,
  type PredictionEvent,
  type Run,
  type ServingMetrics,
} from "./api.ts";
import { BarChart, LineChart, type Series } from "./charts.tsx";
import { fmtAgo, fmtClock, fmtShortTime, fmtInt, fmtMs, fmtNum, fmtPct, fmtScore, fmtTime } from "./format.ts";
import { useNow, useQuery, useSubscription } from "./hooks.ts";

const COLORS = { traffic: "#2563eb", p50: "#0ea5e9", p95: "#f59e0b", p99: "#dc2626" };

export function Card(props: { title: string; subtitle?: ReactNode; actions?: ReactNode; className?: string; children: ReactNode; testId?: string }) {
  return (
    <section className={`card ${props.className ?? ""}`} data-testid={props.testId}>
      <header className="card-head">
        <div>
          <h2>{props.title}</h2>
          {props.subtitle && <div className="card-sub">{props.subtitle}</div>}
        </div>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}

function Stat(props: { label: string; value: ReactNode; unit?: string; testId?: string; tone?: "bad" | "good" }) {
  return (
    <div className={`stat ${props.tone ? `stat-${props.tone}` : ""}`}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">
        <span data-testid={props.testId}>{props.value}</span>
        {props.unit && props.value !== "—" && <span className="stat-unit">{props.unit}</span>}
      </div>
    </div>
  );
}

const ErrorNote = ({ error }: { error: string | null }) => (error ? <div className="note note-error">Could not refresh: {error}</div> : null);

const metric = (metrics: Array<{ key: string; value: number }>, key: string): number | null => metrics.find((m) => m.key === key)?.value ?? null;

// ---- champion -----------------------------------------------------------------------------------

export function ChampionCard({ promoted }: { promoted: { champion: Champion; at: number } | null }) {
  const query = useQuery<{ champion: Champion | null }>(CHAMPION_QUERY, { intervalMs: 60_000 });
  const { refetch } = query;
  useEffect(() => {
    if (promoted) refetch();
  }, [promoted, refetch]);
  // The subscription payload is shown at once; the refetch confirms it.
  const champion = promoted && (!query.updatedAt || promoted.at > query.updatedAt) ? promoted.champion : query.data?.champion ?? null;
  const now = useNow(5_000);
  const fresh = promoted !== null && now - promoted.at < 60_000;
  return (
    <Card
      title="Champion model"
      className={fresh ? "card-flash" : ""}
      subtitle={champion ? `promoted ${fmtTime(champion.promotedAt)}` : undefined}
      actions={fresh ? <span className="badge badge-good">just promoted</span> : undefined}
    >
      {query.loading && !champion ? (
        <div className="empty">Loading…</div>
      ) : !champion ? (
        <div className="empty">No champion yet. Train one with <code>npm run train</code>.</div>
      ) : (
        <>
          <div className="champion-head">
            <div className="champion-version">
              v<span data-testid="champion-version">{champion.version}</span>
            </div>
            <div>
              <div className="champion-algo">{champion.algorithm}</div>
              <div className="muted">{champion.features.length} features</div>
            </div>
          </div>
          <div className="stats stats-2">
            <Stat label="Test RMSE" value={fmtNum(metric(champion.metrics, "test_rmse"), 3)} unit="$1000s" />
            <Stat label="Test R²" value={fmtNum(metric(champion.metrics, "test_r2"), 3)} />
            <Stat label="Test MAE" value={fmtNum(metric(champion.metrics, "test_mae"), 3)} unit="$1000s" />
            <Stat label="CV RMSE (mean)" value={fmtNum(metric(champion.metrics, "cv_rmse_mean"), 3)} unit="$1000s" />
          </div>
          <div className="feature-list" title="Input features, in the model's order">
            {champion.features.map((f) => (
              <span key={f} className="chip">
                {f}
              </span>
            ))}
          </div>
        </>
      )}
      <ErrorNote error={query.error} />
    </Card>
  );
}

// ---- live traffic -------------------------------------------------------------------------------

const BUCKET_MS = 10_000;
const WINDOW_MS = 10 * 60_000;

export function TrafficCard() {
  const openedAt = useRef(Date.now());
  const count = useRef(0);
  const buckets = useRef(new Map<number, number>());
  const last = useRef<PredictionEvent | null>(null);
  const [, setVersion] = useState(0);
  const flushTimer = useRef<number | null>(null);
  const now = useNow(2_000);

  useEffect(
    () => () => {
      if (flushTimer.current !== null) window.clearTimeout(flushTimer.current);
    },
    [],
  );

  // Events are counted in refs and rendered at most every 150 ms, so a burst costs few renders.
  const error = useSubscription<{ predictionMade: PredictionEvent }>(PREDICTION_MADE, (data) => {
    count.current += 1;
    last.current = data.predictionMade;
    const b = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
    buckets.current.set(b, (buckets.current.get(b) ?? 0) + 1);
    if (flushTimer.current === null) {
      flushTimer.current = window.setTimeout(() => {
        flushTimer.current = null;
        setVersion((v) => v + 1);
      }, 150);
    }
  });

  const t = Date.now();
  const currentBucket = Math.floor(t / BUCKET_MS) * BUCKET_MS;
  const firstBucket = Math.max(currentBucket - WINDOW_MS + BUCKET_MS, Math.floor(openedAt.current / BUCKET_MS) * BUCKET_MS);
  for (const key of buckets.current.keys()) if (key < currentBucket - WINDOW_MS) buckets.current.delete(key);
  const points: Array<[number, number]> = [];
  for (let b = firstBucket; b <= currentBucket; b += BUCKET_MS) points.push([b, ((buckets.current.get(b) ?? 0) * 60_000) / BUCKET_MS]);
  const lastMinute = points.slice(-6).reduce((sum, p) => sum + (p[1] * BUCKET_MS) / 60_000, 0);
  const lastEvent = last.current;

  return (
    <Card title="Live traffic" subtitle={`predictions seen since this page opened (${fmtClock(openedAt.current, true)})`}>
      <div className="stats stats-2">
        <Stat label="Predictions (live)" value={count.current.toLocaleString()} testId="prediction-count" />
        <Stat label="Last 60 s" value={fmtInt(lastMinute)} unit="predictions/min" />
      </div>
      <div className="muted small">
        {lastEvent ? (
          <>
            Latest: <b className="strong">{fmtNum(lastEvent.value, 2)}</b> $1000s · model v{lastEvent.modelVersion} · {fmtMs(lastEvent.latencyMs)} ms ·{" "}
            {fmtClock(Date.parse(lastEvent.createdAt), true)} ({fmtAgo(Date.parse(lastEvent.createdAt), now)})
          </>
        ) : (
          "Waiting for predictions…"
        )}
      </div>
      <h3>Predictions per minute <span className="muted">(10 s buckets, last 10 min)</span></h3>
      <LineChart
        ariaLabel="predictions per minute"
        series={[{ label: "predictions/min", color: COLORS.traffic, points }]}
        xMin={t - WINDOW_MS}
        xMax={t}
        formatX={(x) => fmtClock(x)}
        formatTooltipX={(x) => `${fmtClock(x, true)} – ${fmtClock(x + BUCKET_MS, true)}`}
        formatY={(y) => fmtInt(y)}
        yUnit="/min"
        minYMax={60}
        height={140}
      />
      <ErrorNote error={error} />
    </Card>
  );
}

// ---- latency ------------------------------------------------------------------------------------

const SERVING_WINDOW_MS = 15 * 60_000;
const HISTORY_POINTS = 120; // 10 min of 5 s polls

export function LatencyCard() {
  const [history, setHistory] = useState<Array<{ t: number; p50: number; p95: number; p99: number }>>([]);
  const query = useQuery<{ servingMetrics: ServingMetrics }>(SERVING_METRICS_QUERY, {
    intervalMs: 5_000,
    variables: () => ({ since: new Date(Date.now() - SERVING_WINDOW_MS).toISOString() }),
    onData: (data) => {
      const m = data.servingMetrics;
      if (m.totalPredictions === 0) return;
      setHistory((h) => [...h, { t: Date.now(), p50: m.latency.p50Ms, p95: m.latency.p95Ms, p99: m.latency.p99Ms }].slice(-HISTORY_POINTS));
    },
  });
  const m = query.data?.servingMetrics;
  const any = !!m && m.totalPredictions > 0;
  const t = Date.now();
  const series: Series[] = [
    { label: "p50", color: COLORS.p50, points: history.map((h) => [h.t, h.p50]) },
    { label: "p95", color: COLORS.p95, points: history.map((h) => [h.t, h.p95]) },
    { label: "p99", color: COLORS.p99, points: history.map((h) => [h.t, h.p99]) },
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
            <Stat label="Error rate" value={m ? fmtPct(m.errorRate, 2) : "—"} tone={m && m.errorRate > 0.01 ? "bad" : undefined} />
            <Stat label="p50" value={any ? fmtMs(m.latency.p50Ms) : "—"} unit="ms" />
            <Stat label="p95" value={any ? fmtMs(m.latency.p95Ms) : "—"} unit="ms" />
            <Stat label="p99" value={any ? fmtMs(m.latency.p99Ms) : "—"} unit="ms" />
          </div>
          <div className="muted small">
            {any
              ? `Max latency ${fmtMs(m.latency.maxMs)} ms · predicted MEDV: mean ${fmtNum(m.predictions.mean, 2)} · min ${fmtNum(m.predictions.min, 2)} · max ${fmtNum(m.predictions.max, 2)} ($1000s)`
              : "No predictions in the last 15 minutes."}
          </div>
          <h3>Latency percentiles <span className="muted">(ms, one point per 5 s poll)</span></h3>
          <LineChart
            ariaLabel="latency percentiles"
            series={series}
            xMin={t - HISTORY_POINTS * 5_000}
            xMax={t}
            formatX={(x) => fmtClock(x)}
            formatTooltipX={(x) => fmtClock(x, true)}
            formatY={(y) => fmtMs(y)}
            yUnit="ms"
            empty="no predictions in the last 15 min"
            minYMax={1}
            height={120}
          />
        </>
      )}
      <ErrorNote error={query.error} />
    </Card>
  );
}

// ---- drift --------------------------------------------------------------------------------------

export function DriftCards({ alertSeq }: { alertSeq: number }) {
  const query = useQuery<{ driftReports: DriftReport[] }>(DRIFT_REPORTS_QUERY, { intervalMs: 30_000 });
  const { refetch } = query;
  useEffect(() => {
    if (alertSeq > 0) refetch();
  }, [alertSeq, refetch]);
  const reports = query.data?.driftReports ?? [];
  const latest = reports[0] ?? null;
  const history = reports.filter((r) => r.sufficientData).slice().reverse();
  const threshold = latest?.driftShareThreshold ?? history[history.length - 1]?.driftShareThreshold;
  const first = history[0];
  const closeTogether = !!first && !!latest && Date.parse(latest.createdAt) - Date.parse(first.createdAt) < 30 * 60_000;

  return (
    <>
      <Card
        title="Feature drift — latest report"
        className="span-8"
        subtitle={latest ? `${fmtTime(latest.createdAt)} · model v${latest.modelVersion} · ${fmtInt(latest.currentSize)} recent predictions vs. training data` : undefined}
        actions={
          latest?.sufficientData ? (
            <span className={`badge ${latest.datasetDrift ? "badge-bad" : "badge-good"}`}>
              {latest.datasetDrift ? "dataset drift" : "no dataset drift"} · {fmtPct(latest.driftShare, 0)} drifted (threshold {fmtPct(latest.driftShareThreshold, 0)})
            </span>
          ) : undefined
        }
      >
        {query.loading && !query.data ? (
          <div className="empty">Loading…</div>
        ) : !latest ? (
          <div className="empty">No drift report yet. Checks run automatically after enough logged predictions (or with the runDriftCheck mutation).</div>
        ) : !latest.sufficientData ? (
          <div className="empty">Not enough data for a verdict{latest.message ? `: ${latest.message}` : ""}.</div>
        ) : (
          <>
            {latest.message && <div className="muted small drift-message">{latest.message}</div>}
            <div className="table-wrap drift-table">
              <table>
                <thead>
                  <tr>
                    <th>Feature</th>
                    <th>Test</th>
                    <th className="num">Score</th>
                    <th className="num">Threshold</th>
                    <th className="num">Reference mean</th>
                    <th className="num">Current mean</th>
                    <th>Drift</th>
                  </tr>
                </thead>
                <tbody>
                  {latest.features.map((f) => (
                    <tr key={f.feature} className={f.detected ? "row-drift" : ""}>
                      <td className="mono">{f.feature}</td>
                      <td>{methodLabel(f.method)}</td>
                      <td className="num">{fmtScore(f.score)}</td>
                      <td className="num">{fmtScore(f.threshold)}</td>
                      <td className="num">{fmtNum(f.referenceMean, 3)}</td>
                      <td className="num">{fmtNum(f.currentMean, 3)}</td>
                      <td>{f.detected ? <span className="badge badge-bad">drift</span> : <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                  {latest.predictionDrift && (
                    <tr className={`row-prediction ${latest.predictionDrift.detected ? "row-drift" : ""}`}>
                      <td>prediction (MEDV, $1000s)</td>
                      <td>{methodLabel(latest.predictionDrift.method)}</td>
                      <td className="num">{fmtScore(latest.predictionDrift.score)}</td>
                      <td className="num" />
                      <td className="num" />
                      <td className="num" />
                      <td>{latest.predictionDrift.detected ? <span className="badge badge-bad">drift</span> : <span className="muted">—</span>}</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
            <div className="muted small">KS, χ² and z-test scores are p-values (drift below the threshold); Wasserstein and PSI are distances (drift at or above it).</div>
          </>
        )}
        <ErrorNote error={query.error} />
      </Card>
      <Card title="Drift share history" className="span-4" subtitle={history.length ? `last ${history.length} report${history.length === 1 ? "" : "s"} with a verdict, refreshed every 30 s` : "refreshed every 30 s"}>
        {history.length === 0 ? (
          <div className="empty">No drift reports with enough data yet.</div>
        ) : (
          <>
            <BarChart
              ariaLabel="drift share per report"
              bars={history.map((r) => ({
                key: r.id,
                value: r.driftShare,
                label: fmtClock(Date.parse(r.createdAt), closeTogether),
                title: `${fmtTime(r.createdAt)}: ${fmtPct(r.driftShare, 0)} of features drifted${r.datasetDrift ? " (dataset drift)" : ""}`,
                highlight: r.datasetDrift,
              }))}
              yMax={1}
              threshold={threshold !== undefined ? { value: threshold, label: `threshold ${fmtPct(threshold, 0)}` } : undefined}
              formatY={(y) => `${Math.round(y * 100)}%`}
              height={170}
            />
            <div className="legend legend-below">
              <span>
                <i className="swatch-hot" />
                dataset drift
              </span>
              <span>
                <i className="swatch-ok" />
                below threshold
              </span>
              {threshold !== undefined && (
                <span>
                  <i className="swatch-threshold" />
                  threshold {fmtPct(threshold, 0)}
                </span>
              )}
            </div>
            <h3>Recent reports</h3>
            <div className="table-wrap reports-table">
              <table>
                <thead>
                  <tr>
                    <th>Time</th>
                    <th className="num">Rows</th>
                    <th className="num">Drifted</th>
                    <th>Verdict</th>
                  </tr>
                </thead>
                <tbody>
                  {reports.slice(0, 8).map((r) => (
                    <tr key={r.id} className={r.datasetDrift ? "row-drift-soft" : ""}>
                      <td title={`model v${r.modelVersion}`}>{fmtShortTime(r.createdAt)}</td>
                      <td className="num">{fmtInt(r.currentSize)}</td>
                      <td className="num">{r.sufficientData ? `${r.features.filter((f) => f.detected).length}/${r.features.length}` : "—"}</td>
                      <td>{!r.sufficientData ? <span className="muted">too few rows</span> : r.datasetDrift ? <span className="badge badge-bad">drift</span> : <span className="badge badge-good">ok</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Card>
    </>
  );
}

const methodLabel = (m: string): string =>
  ({ KS: "KS", WASSERSTEIN: "Wasserstein", PSI: "PSI", CHI_SQUARE: "χ²", Z_PROPORTION: "z-test" })[m] ?? m;

// ---- experiments --------------------------------------------------------------------------------

interface RunRow {
  experiment: string;
  run: Run;
  cvRmse: number | null;
  testRmse: number | null;
  testR2: number | null;
}

/** Final metrics are the step-0 values; other steps are search candidates. */
const finalMetric = (run: Run, key: string): number | null => run.metrics.find((m) => m.key === key && m.step === 0)?.value ?? null;

export function ExperimentsCard({ promotedSeq }: { promotedSeq: number }) {
  const query = useQuery<{ experiments: Experiment[] }>(EXPERIMENTS_QUERY, { intervalMs: 60_000 });
  const { refetch } = query;
  useEffect(() => {
    if (promotedSeq > 0) refetch();
  }, [promotedSeq, refetch]);
  const rows = useMemo<RunRow[]>(() => {
    const out: RunRow[] = [];
    for (const e of query.data?.experiments ?? [])
      for (const run of e.runs)
        out.push({ experiment: e.name, run, cvRmse: finalMetric(run, "cv_rmse_mean"), testRmse: finalMetric(run, "test_rmse"), testR2: finalMetric(run, "test_r2") });
    return out.sort((a, b) => (a.cvRmse ?? Infinity) - (b.cvRmse ?? Infinity));
  }, [query.data]);
  const best = rows.find((r) => r.run.status === "FINISHED" && r.cvRmse !== null) ?? null;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = rows.find((r) => r.run.id === selectedId) ?? best ?? rows[0] ?? null;

  return (
    <Card
      title="Experiments"
      className="span-12"
      subtitle={`${rows.length} run${rows.length === 1 ? "" : "s"} in ${query.data?.experiments.length ?? 0} experiment${query.data?.experiments.length === 1 ? "" : "s"}, sorted by cross-validated RMSE (the selection criterion; test metrics are for the report)`}
      actions={
        <button type="button" className="btn-small" onClick={query.refetch}>
          Refresh
        </button>
      }
    >
      {query.loading && !query.data ? (
        <div className="empty">Loading…</div>
      ) : rows.length === 0 ? (
        <div className="empty">No experiments yet. Run <code>npm run train</code> or the startTraining mutation.</div>
      ) : (
        <div className="experiments">
          <div className="table-wrap runs-table">
            <table>
              <thead>
                <tr>
                  <th>Experiment</th>
                  <th>Run</th>
                  <th>Algorithm</th>
                  <th className="num">CV RMSE ($1000s)</th>
                  <th className="num">Test RMSE ($1000s)</th>
                  <th className="num">Test R²</th>
                  <th className="num"># features</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr
                    key={r.run.id}
                    className={`clickable ${r === best ? "row-best" : ""} ${selected?.run.id === r.run.id ? "row-selected" : ""}`}
                    onClick={() => setSelectedId(r.run.id)}
                    aria-selected={selected?.run.id === r.run.id}
                  >
                    <td>{r.experiment}</td>
                    <td className="run-name">
                      {r.run.name}
                      {r === best && <span className="badge badge-good">best CV</span>}
                      {r.run.modelVersion && (
                        <span className={`badge ${r.run.modelVersion.status === "CHAMPION" ? "badge-champion" : "badge-muted"}`}>
                          v{r.run.modelVersion.version} {r.run.modelVersion.status.toLowerCase()}
                        </span>
                      )}
                    </td>
                    <td>{r.run.algorithm}</td>
                    <td className="num">{fmtNum(r.cvRmse, 3)}</td>
                    <td className="num">{fmtNum(r.testRmse, 3)}</td>
                    <td className="num">{fmtNum(r.testR2, 3)}</td>
                    <td className="num">{r.run.features.length}</td>
                    <td>
                      <span className={`status status-${r.run.status.toLowerCase()}`}>{r.run.status.toLowerCase()}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected && (
            <div className="artifacts">
              <h3>
                Plots of <b>{selected.experiment} / {selected.run.name}</b> <span className="muted">(click a row to choose another run)</span>
              </h3>
              {selected.run.artifacts.length === 0 ? (
                <div className="empty">This run has no plots.</div>
              ) : (
                <div className="artifact-grid">
                  {selected.run.artifacts.map((a) => (
                    <figure key={a.name}>
                      <a href={a.url} target="_blank" rel="noreferrer">
                        <img src={a.url} alt={a.name} loading="lazy" />
                      </a>
                      <figcaption>{a.name.replace(/\.svg$/, "").replace(/_/g, " ")}</figcaption>
                    </figure>
                  ))}
                </div>
              )}
            </div>
          )}
        </div>
      )}
      <ErrorNote error={query.error} />
    </Card>
  );
}
