// Domus dashboard: a read-only live view of the champion, traffic, latency, drift and experiments.
// Queries go over fetch with X-API-Key, live events over graphql-ws; the key stays in sessionStorage.
import { StrictMode, useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import type { Client } from "graphql-ws";
import { createWsClient, gql, isAuthError, loadKey, saveKey, type WsStatus } from "./api.ts";
import { type Champion, ChampionCard } from "./champion-card.tsx";
import { DriftCards } from "./drift-cards.tsx";
import { ExperimentsCard } from "./experiments-card.tsx";
import { fmtTime } from "./format.ts";
import { ChampionDocument, DashboardModelPromotedDocument, DriftAlertDocument, type DriftAlertSubscription } from "./generated/graphql.ts";
import { SessionContext, useSubscription, type Session } from "./hooks.ts";
import { ChallengerCard } from "./challenger-card.tsx";
import { LatencyCard } from "./latency-card.tsx";
import { useLiveSeries } from "./live-series.ts";
import { TrafficCard } from "./traffic-card.tsx";
import "./styles.css";

function App() {
  const [apiKey, setApiKey] = useState<string | null>(() => loadKey());
  // A key found in sessionStorage is checked once before the dashboard opens its queries and socket.
  const [checked, setChecked] = useState(false);
  const [authMessage, setAuthMessage] = useState<string | null>(null);

  const onAuthFailure = useCallback((message: string) => {
    saveKey(null);
    setApiKey(null);
    setAuthMessage(message);
  }, []);

  const signOut = useCallback(() => {
    saveKey(null);
    setApiKey(null);
    setAuthMessage(null);
  }, []);

  useEffect(() => {
    if (!apiKey || checked) return;
    let active = true;
    gql(apiKey, ChampionDocument).then(
      () => active && setChecked(true),
      (err: unknown) => {
        if (!active) return;
        // Only a rejected key sends the user back to the form; network trouble is shown by the panels.
        if (isAuthError(err)) onAuthFailure("The saved API key is no longer accepted (unknown or revoked). Enter a valid key.");
        else setChecked(true);
      },
    );
    return () => {
      active = false;
    };
  }, [apiKey, checked, onAuthFailure]);

  if (!apiKey)
    return (
      <KeyGate
        message={authMessage}
        onAccepted={(key) => {
          saveKey(key);
          setAuthMessage(null);
          setChecked(true);
          setApiKey(key);
        }}
      />
    );
  if (!checked) return <div className="gate muted">Checking the saved API key…</div>;
  return <Dashboard key={apiKey} apiKey={apiKey} onAuthFailure={onAuthFailure} onSignOut={signOut} />;
}

function KeyGate({ message, onAccepted }: { message: string | null; onAccepted: (key: string) => void }) {
  const [value, setValue] = useState("");
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(message);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const key = value.trim();
    if (!key) {
      setError("Enter an API key.");
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await gql(key, ChampionDocument);
      onAccepted(key);
    } catch (err) {
      setChecking(false);
      setError(
        isAuthError(err)
          ? "This API key was not accepted (unknown or revoked). Check it and try again."
          : `Could not check the key: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={(e) => void submit(e)}>
        <h1>
          Domus <span className="muted">dashboard</span>
        </h1>
        <p className="muted">Read-only live view of the served model, its traffic and drift. Any API key works; a READ key is enough.</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          data-testid="api-key-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="domus_…"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the key prompt is the only control on the page until a key is given
          autoFocus
        />
        {error && (
          <div className="note note-error" role="alert" data-testid="api-key-error">
            {error}
          </div>
        )}
        <button type="submit" data-testid="api-key-submit" disabled={checking}>
          {checking ? "Checking…" : "Open dashboard"}
        </button>
        <div className="key-hint small" data-testid="key-hint">
          <b>Where is my key?</b> On its first start the server created an ADMIN key and wrote it to a file named after its database, next to a
          SQLite file: <code>data/domus.db.admin.key</code> by default (<code>cat data/domus.db.admin.key</code>); for PostgreSQL under{" "}
          <code>data/</code>, e.g. <code>data/postgresql-localhost-5432-domus.admin.key</code>. A READ key is enough here: create one with{" "}
          <code>domus keys create dashboard READ</code>.
        </div>
        <p className="small muted">The key is kept in this tab&apos;s session storage only and is forgotten when the tab closes.</p>
      </form>
    </main>
  );
}

function Dashboard({ apiKey, onAuthFailure, onSignOut }: { apiKey: string; onAuthFailure: (message: string) => void; onSignOut: () => void }) {
  const [status, setStatus] = useState<WsStatus>("connecting");
  const [client, setClient] = useState<Client | null>(null);
  // Created in an effect (not a memo) so that a disposed client is never reused.
  useEffect(() => {
    const created = createWsClient(apiKey, {
      onStatus: setStatus,
      onAuthClose: (code) =>
        onAuthFailure(code === 4403 ? "The API key was revoked (live connection closed with 4403)." : "The server rejected the API key (live connection closed with 4401)."),
    });
    setClient(created);
    return () => {
      // dispose() rejects when the socket never connected (e.g. closed with 4401): nothing to clean up then.
      Promise.resolve(created.dispose()).catch(() => undefined);
    };
  }, [apiKey, onAuthFailure]);
  const session = useMemo<Session | null>(() => (client ? { apiKey, client, onAuthFailure } : null), [apiKey, client, onAuthFailure]);
  if (!session) return null;

  return (
    <SessionContext.Provider value={session}>
      <DashboardBody status={status} onSignOut={onSignOut} />
    </SessionContext.Provider>
  );
}

function DashboardBody({ status, onSignOut }: { status: WsStatus; onSignOut: () => void }) {
  const [promoted, setPromoted] = useState<{ champion: Champion; at: number } | null>(null);
  const [promotedSeq, setPromotedSeq] = useState(0);
  const [alerts, setAlerts] = useState<Array<DriftAlertSubscription["driftAlert"]>>([]);
  const [alertSeq, setAlertSeq] = useState(0);
  const [dismissedAt, setDismissedAt] = useState(0);

  const live = useLiveSeries();
  useSubscription(DashboardModelPromotedDocument, (data) => {
    setPromoted({ champion: data.modelPromoted, at: Date.now() });
    setPromotedSeq((s) => s + 1);
  });
  useSubscription(DriftAlertDocument, (data) => {
    setAlerts((a) => [data.driftAlert, ...a].slice(0, 20));
    setAlertSeq((s) => s + 1);
  });

  const alert = alerts[0];
  const showAlert = alert !== undefined && alertSeq > dismissedAt;

  return (
    <div className="page">
      <header className="topbar">
        <h1>
          Domus <span className="muted">dashboard</span>
        </h1>
        <div className="topbar-right">
          <span className={`live live-${status}`} title="graphql-ws subscription connection">
            <i />
            {status === "live" ? "live" : status === "connecting" ? "connecting…" : "reconnecting…"}
          </span>
          <span className="muted small">times in {Intl.DateTimeFormat().resolvedOptions().timeZone}</span>
          <button type="button" className="btn-small" onClick={onSignOut}>
            Forget key
          </button>
        </div>
      </header>
      {showAlert && (
        <div className="alert" role="alert" data-testid="drift-alert">
          <div>
            <b>Drift alert</b> <span className="alert-time">{fmtTime(alert.createdAt)}</span>
            {alerts.length > 1 && <span className="alert-time"> · {alerts.length} alerts since the page opened</span>}
            <div className="alert-message">{alert.message}</div>
            {alert.driftedFeatures.length > 0 && (
              <div className="alert-features">
                Drifted:{" "}
                {alert.driftedFeatures.map((f) => (
                  <span key={f} className="chip chip-bad">
                    {f}
                  </span>
                ))}
              </div>
            )}
          </div>
          <button type="button" className="btn-small" onClick={() => setDismissedAt(alertSeq)} aria-label="Dismiss the drift alert">
            Dismiss
          </button>
        </div>
      )}
      <div className="grid">
        <div className="span-4">
          <ChampionCard promoted={promoted} />
        </div>
        <div className="span-4">
          <TrafficCard live={live} />
        </div>
        <div className="span-4">
          <LatencyCard live={live} />
        </div>
        <div className="span-12">
          <ChallengerCard />
        </div>
        <DriftCards alertSeq={alertSeq} />
        <ExperimentsCard promotedSeq={promotedSeq} />
      </div>
    </div>
  );
}

// An inline icon (img-src allows data:), so the browser does not ask the server for /favicon.ico.
if (!document.querySelector('link[rel="icon"]')) {
  const icon = document.createElement("link");
  icon.rel = "icon";
  icon.href =
    "data:image/svg+xml," +
    encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2563eb"/><path d="M3 12 6.5 7l3 3L13 4" stroke="#fff" stroke-width="2" fill="none"/></svg>');
  document.head.appendChild(icon);
}

const rootElement = document.getElementById("root");
if (rootElement)
  createRoot(rootElement).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
