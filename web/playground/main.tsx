/**
 * Domus GraphQL playground: GraphiQL 3 under a thin bar holding the API key. Bundled by
 * scripts/build-web.mjs into web/dist/playground.{js,css} and served at /playground under a
 * strict CSP (no inline scripts, no CDN): everything, fonts included, is in the bundle.
 *
 * The key lives in sessionStorage only (domus.apiKey). It reaches the server through the
 * fetcher (fetcher.ts): X-API-Key on HTTP, connectionParams.apiKey on graphql-ws. It is not
 * put in GraphiQL's headers editor, so GraphiQL never shows or stores it.
 */
import { StrictMode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import "./playground.css";
import { createDomusFetcher, disposeDomusFetcher } from "./fetcher.ts";
import { DEFAULT_DOCUMENT, DEFAULT_VARIABLES } from "./operations.ts";
import { playgroundStorage } from "./storage.ts";

const KEY_STORAGE = "domus.apiKey";
/** Quiet time after the last keystroke before the schema is fetched again with the new key. */
const SCHEMA_REFRESH_DELAY_MS = 400;

function loadKey(): string {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

function saveKey(key: string): void {
  try {
    if (key) sessionStorage.setItem(KEY_STORAGE, key);
    else sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Storage disabled: the key still works for this page's lifetime.
  }
}

const DEFAULT_TABS = [{ query: DEFAULT_DOCUMENT, variables: DEFAULT_VARIABLES }];
const GRAPHIQL_STORAGE = playgroundStorage(DEFAULT_VARIABLES);

function ApiKeyBar({ apiKey, onChange, onCommit }: { apiKey: string; onChange: (key: string) => void; onCommit: () => void }) {
  const [visible, setVisible] = useState(false);
  return (
    <header className="domus-bar">
      <span className="domus-bar__title">Domus playground</span>
      <label className="domus-bar__key">
        <span className="domus-bar__label">API key</span>
        <input
          data-testid="api-key"
          type={visible ? "text" : "password"}
          value={apiKey}
          placeholder="domus_…"
          autoComplete="off"
          spellCheck={false}
          aria-label="API key"
          onChange={(event) => onChange(event.target.value.trim())}
          onBlur={onCommit}
          onKeyDown={(event) => {
            if (event.key === "Enter") onCommit();
          }}
        />
      </label>
      <button
        type="button"
        className="domus-bar__toggle"
        data-testid="api-key-toggle"
        aria-pressed={visible}
        aria-label={visible ? "Hide API key" : "Show API key"}
        onClick={() => setVisible((v) => !v)}
      >
        {visible ? "Hide" : "Show"}
      </button>
      <span className={`domus-bar__status ${apiKey ? "is-set" : ""}`} data-testid="api-key-status">
        {apiKey ? "key set" : "no key"}
      </span>
      <span className="domus-bar__hint" title="Roles of API keys">
        READ for queries and subscriptions, PREDICT for predict/explain, ADMIN for everything; the first-start admin key is in a file named after the database (data/domus.db.admin.key by default)
      </span>
    </header>
  );
}

function Playground() {
  const [apiKey, setApiKey] = useState(loadKey);
  // Read by the fetcher when an operation starts, so the latest key is always the one used.
  const keyRef = useRef(apiKey);
  // Bumped (debounced) after the key changes: a new fetcher makes GraphiQL fetch the schema again.
  const [schemaEpoch, setSchemaEpoch] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  const refreshSchema = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = undefined;
    setSchemaEpoch((n) => n + 1);
  }, []);

  const onKeyChange = useCallback((key: string) => {
    keyRef.current = key;
    saveKey(key);
    setApiKey(key);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(refreshSchema, SCHEMA_REFRESH_DELAY_MS);
  }, [refreshSchema]);

  const onCommit = useCallback(() => {
    if (timer.current !== undefined) refreshSchema();
  }, [refreshSchema]);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  useEffect(() => {
    const unload = () => disposeDomusFetcher();
    window.addEventListener("pagehide", unload);
    return () => window.removeEventListener("pagehide", unload);
  }, []);

  // schemaEpoch only forces a new identity (GraphiQL refetches the schema); the key is read via keyRef.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new schemaEpoch must make a new fetcher, so GraphiQL introspects again
  const fetcher = useMemo(() => createDomusFetcher(() => keyRef.current), [schemaEpoch]);

  return (
    <div className="domus-playground">
      <ApiKeyBar apiKey={apiKey} onChange={onKeyChange} onCommit={onCommit} />
      <main className="domus-graphiql">
        <GraphiQL
          fetcher={fetcher}
          defaultTabs={DEFAULT_TABS}
          storage={GRAPHIQL_STORAGE}
          defaultEditorToolsVisibility="variables"
          // Headers typed in GraphiQL's editor stay in memory: the key belongs in the bar above.
          shouldPersistHeaders={false}
          showPersistHeadersSettings={false}
        >
          <GraphiQL.Logo>Domus</GraphiQL.Logo>
        </GraphiQL>
      </main>
    </div>
  );
}

// The page has no icon: an empty one spares the browser a request for /favicon.ico (a 404).
if (!document.querySelector('link[rel="icon"]')) {
  const icon = document.createElement("link");
  icon.rel = "icon";
  icon.href = "data:,";
  document.head.append(icon);
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Playground />
    </StrictMode>,
  );
}
