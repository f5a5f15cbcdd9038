// Drift: the latest report feature by feature, and the drift share of recent reports.
import { useEffect } from "react";
import { DriftReportsDocument } from "./generated/graphql.ts";
import { BarChart } from "./charts.tsx";
import { Card, ErrorNote } from "./card.tsx";
import { fmtClock, fmtInt, fmtNum, fmtPct, fmtScore, fmtShortTime, fmtTime } from "./format.ts";
import { useQuery } from "./hooks.ts";

export function DriftCards({ alertSeq }: { alertSeq: number }) {
  const query = useQuery(DriftReportsDocument, { intervalMs: 30_000, variables: () => ({ limit: 20 }) });
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
