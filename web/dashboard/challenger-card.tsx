// The challenger card: mode and share, live RMSE of champion and challenger, their agreement on
// shadow-scored rows and the paired test's verdict, from challengerReport (polled) and
// challengerReportUpdated (live); a live RMSE line once outcomes exist.
import { useRef, useState } from "react";
import { LineChart } from "./charts.tsx";
import { fmtClock, fmtInt, fmtNum, fmtTime } from "./format.ts";
import { DashboardChallengerReportDocument, type DashboardChallengerReportFieldsFragment, DashboardChallengerReportUpdatedDocument } from "./generated/graphql.ts";
import { useQuery, useSubscription } from "./hooks.ts";
import { Card } from "./card.tsx";

type ChallengerReportData = DashboardChallengerReportFieldsFragment;
type Performance = ChallengerReportData["champion"];

const COLORS = { champion: "#2563eb", challenger: "#f59e0b" };
const HISTORY = 240;

function VersionStat({ label, p }: { label: string; p: Performance }) {
  return (
    <div className="stat">
      <div className="stat-label">
        {label} v{p.modelVersion}
      </div>
      <div className="stat-value">
        <span data-testid={`challenger-rmse-${label}`}>{p.rmse === null ? "—" : fmtNum(p.rmse, 3)}</span>
        {p.rmse !== null && <span className="stat-unit">RMSE</span>}
      </div>
      <div className="muted small">
        {fmtInt(p.predictions)} rows · {fmtInt(p.outcomes)} with outcomes
      </div>
    </div>
  );
}

export function ChallengerCard() {
  const [report, setReport] = useState<ChallengerReportData | null>(null);
  const history = useRef<Array<{ at: number; champion: number | null; challenger: number | null }>>([]);
  const record = (r: ChallengerReportData | null) => {
    setReport(r);
    if (r && (r.champion.rmse !== null || r.candidate.rmse !== null)) {
      history.current = [...history.current, { at: Date.now(), champion: r.champion.rmse ?? null, challenger: r.candidate.rmse ?? null }].slice(-HISTORY);
    }
  };
  const polled = useQuery(DashboardChallengerReportDocument, { intervalMs: 15_000, onData: (d) => record(d.challengerReport ?? null) });
  const liveError = useSubscription(DashboardChallengerReportUpdatedDocument, (d) => record(d.challengerReportUpdated));

  if (!report) {
    return (
      <Card title="Challenger" testId="challenger-card">
        <div className="muted small" data-testid="challenger-none">
          {polled.loading ? "Loading…" : "No challenger. Try one in the shadow of the champion: domus models challenger set <version> --mode SHADOW"}
        </div>
      </Card>
    );
  }
  const c = report.challenger;
  const points = history.current;
  const now = Date.now();
  const xMin = points.length > 0 ? Math.min(points[0]!.at, now - 60_000) : now - 60_000;
  return (
    <Card
      title="Challenger"
      testId="challenger-card"
      subtitle={
        <>
          v{c.modelVersion.version} ({c.modelVersion.algorithm}) · <b data-testid="challenger-mode">{c.mode}</b>
          {c.mode === "CANARY" ? ` · ${fmtNum(c.trafficPercent, 1)} % of requests` : " · scores every request, answers none"} · since {fmtTime(c.since)}
        </>
      }
    >
      <div className="stats stats-2">
        <VersionStat label="champion" p={report.champion} />
        <VersionStat label="challenger" p={report.candidate} />
      </div>
      <div className="muted small">
        Agreement: {fmtInt(report.pairedRows)} paired rows, mean |difference| {report.meanAbsDifference === null ? "—" : `${fmtNum(report.meanAbsDifference, 3)} $1000s`} ·{" "}
        {fmtInt(report.pairedOutcomes)} with outcomes
      </div>
      <div className={`note ${report.verdict === "champion better" ? "note-error" : ""}`} data-testid="challenger-verdict">
        Verdict: <b>{report.verdict}</b>
        {report.pValue !== null && report.pValue !== undefined && ` (paired test on squared errors, p = ${report.pValue < 0.001 ? report.pValue.toExponential(1) : fmtNum(report.pValue, 3)})`}
      </div>
      {points.length > 0 && (
        <>
          <h3>Live RMSE <span className="muted">(since this page opened)</span></h3>
          <LineChart
            ariaLabel="live RMSE of champion and challenger"
            series={[
              { label: `champion v${report.champion.modelVersion}`, color: COLORS.champion, points: points.filter((p) => p.champion !== null).map((p) => [p.at, p.champion as number]) },
              { label: `challenger v${report.candidate.modelVersion}`, color: COLORS.challenger, points: points.filter((p) => p.challenger !== null).map((p) => [p.at, p.challenger as number]) },
            ]}
            xMin={xMin}
            xMax={now}
            formatX={(x) => fmtClock(x)}
            formatY={(y) => fmtNum(y, 2)}
            height={130}
          />
        </>
      )}
      {(polled.error || liveError) && <div className="note note-error">Could not refresh: {polled.error ?? liveError}</div>}
    </Card>
  );
}
