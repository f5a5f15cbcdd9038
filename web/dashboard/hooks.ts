// Data hooks: polled GraphQL queries over fetch and graphql-ws subscriptions, both reporting a
// rejected API key to the gate through SessionContext.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import type { Client } from "graphql-ws";
import { gql, isAuthError } from "./api.ts";
import type { TypedDocumentString } from "./generated/graphql.ts";

export interface Session {
  apiKey: string;
  client: Client;
  /** The key was rejected (UNAUTHENTICATED, or a WebSocket closed with 4401/4403). */
  onAuthFailure: (message: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionContext");
  return session;
}

export interface QueryState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  updatedAt: number | null;
  refetch: () => void;
}

/** Runs `query` now and every `intervalMs` (no overlapping requests); keeps the last good data on errors. */
export function useQuery<T, V>(query: TypedDocumentString<T, V>, options: { intervalMs?: number; variables?: () => V; onData?: (data: T) => void } = {}): QueryState<T> {
  const { apiKey, onAuthFailure } = useSession();
  const [state, setState] = useState<Omit<QueryState<T>, "refetch">>({ data: null, error: null, loading: true, updatedAt: null });
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const inflight = useRef(false);
  const again = useRef(false);
  const mounted = useRef(true);

  const run = useCallback(async () => {
    if (inflight.current) {
      again.current = true;
      return;
    }
    inflight.current = true;
    try {
      const data = await gql(apiKey, query, optionsRef.current.variables?.());
      if (!mounted.current) return;
      optionsRef.current.onData?.(data);
      setState({ data, error: null, loading: false, updatedAt: Date.now() });
    } catch (err) {
      if (!mounted.current) return;
      if (isAuthError(err)) {
        onAuthFailure(`The server rejected the API key: ${(err as Error).message}.`);
        return;
      }
      setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }));
    } finally {
      inflight.current = false;
      if (again.current && mounted.current) {
        again.current = false;
        void run();
      }
    }
  }, [apiKey, query, onAuthFailure]);

  useEffect(() => {
    mounted.current = true;
    void run();
    const interval = optionsRef.current.intervalMs;
    const id = interval ? window.setInterval(() => void run(), interval) : undefined;
    return () => {
      mounted.current = false;
      if (id !== undefined) window.clearInterval(id);
    };
  }, [run]);

  const refetch = useCallback(() => void run(), [run]);
  return { ...state, refetch };
}

/** Subscribes for the component's lifetime; `onData` may change between renders. */
export function useSubscription<T, V>(document: TypedDocumentString<T, V>, onData: (data: T) => void): string | null {
  const { client, onAuthFailure } = useSession();
  const handler = useRef(onData);
  handler.current = onData;
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    const dispose = client.subscribe<T>(
      { query: document.toString() },
      {
        next: (result) => {
          if (!active) return;
          const first = result.errors?.[0];
          if (first) {
            const code = (first.extensions as { code?: string } | undefined)?.code;
            if (code === "UNAUTHENTICATED") onAuthFailure(`The server rejected the API key: ${first.message}.`);
            else setError(first.message);
            return;
          }
          if (result.data) {
            setError(null);
            handler.current(result.data);
          }
        },
        error: (err) => {
          // Close events are reported through the client's `closed` listener (status or auth failure).
          if (active && Array.isArray(err)) setError(String((err as Array<{ message?: string }>)[0]?.message ?? "subscription failed"));
        },
        complete: () => undefined,
      },
    );
    return () => {
      active = false;
      dispose();
    };
  }, [client, document, onAuthFailure]);
  return error;
}

/** The current time, re-rendering every `everyMs`. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}
