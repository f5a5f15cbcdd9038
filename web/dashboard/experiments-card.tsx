// Experiments: every run sorted by cross-validated RMSE, and the plots of the selected run.
import { useEffect, useMemo, useState } from "react";
import { DashboardExperimentsDocument, type DashboardExperimentsQuery } from "./generated/graphql.ts";
import { Card, ErrorNote } from "./card.tsx";
import { fmtNum } from "./format.ts";
import { useQuery } from "./hooks.ts";
import { PlotGallery } from "./plot-viewer.tsx";

type Run = DashboardExperimentsQuery["experiments"][number]["runs"][number];

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
  const query = useQuery(DashboardExperimentsDocument, { intervalMs: 60_000 });
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
              <div className="muted small" data-testid="run-dataset">
                {selected.run.dataset
                  ? `Trained on dataset ${selected.run.dataset.name}@${selected.run.dataset.version} (${selected.run.dataset.rows} rows, sha256 ${selected.run.dataset.contentHash.slice(0, 12)}…), split seed ${selected.run.splitSeed ?? "-"} — statistics: domus datasets show ${selected.run.dataset.name}@${selected.run.dataset.version}`
                  : "No dataset version recorded for this run (trained before dataset versions, or on a given split)."}
              </div>
              {selected.run.artifacts.length === 0 ? <div className="empty">This run has no plots.</div> : <PlotGallery plots={selected.run.artifacts} title={`${selected.experiment} / ${selected.run.name}`} />}
            </div>
          )}
        </div>
      )}
      <ErrorNote error={query.error} />
    </Card>
  );
}
