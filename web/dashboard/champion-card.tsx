// The champion model: version, algorithm, test metrics, features; flashes when a promotion arrives.
import { useEffect } from "react";
import { ChampionDocument, type ModelVersionSummaryFragment } from "./generated/graphql.ts";
import { Card, ErrorNote, Stat, metric } from "./card.tsx";
import { fmtNum, fmtTime } from "./format.ts";
import { useNow, useQuery } from "./hooks.ts";

export type Champion = ModelVersionSummaryFragment;

export function ChampionCard({ promoted }: { promoted: { champion: Champion; at: number } | null }) {
  const query = useQuery(ChampionDocument, { intervalMs: 60_000 });
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
          {champion.calibration ? (
            <div className="stats stats-2" title={`Prediction intervals: ${champion.calibration.method} on ${champion.calibration.calibrationSize} out-of-fold residuals; coverage and mean width on the test split`}>
              {champion.calibration.validationCoverage.map((c) => (
                <Stat key={c.level} label={`${Math.round(c.level * 100)} % interval coverage`} value={c.coverage === null || c.coverage === undefined ? "–" : `${(c.coverage * 100).toFixed(1)} %`} unit={`width ${fmtNum(c.meanWidth ?? null, 2)}`} />
              ))}
            </div>
          ) : (
            <div className="muted">No prediction intervals (registered before calibration).</div>
          )}
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
