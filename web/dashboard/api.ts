// GraphQL over HTTP (plain fetch + X-API-Key) and over WebSocket (graphql-ws) for the dashboard.
// The operations and their types are generated from schema/operations/dashboard (npm run codegen).
import { createClient, type Client } from "graphql-ws";
import type { TypedDocumentString } from "./generated/graphql.ts";

export type * from "./generated/graphql.ts";

export const KEY_STORAGE = "domus.dashboardKey";

/** The key lives in this tab's sessionStorage only (never localStorage or cookies). */
export function loadKey(): string | null {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function saveKey(key: string | null): void {
  try {
    if (key === null) window.sessionStorage.removeItem(KEY_STORAGE);
    else window.sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // storage disabled: the key then lives in memory for this page only
  }
}

/** A GraphQL or transport error; `code` is the contract's extensions.code when there is one. */
export class GqlError extends Error {
  readonly code: string | null;
  constructor(message: string, code: string | null) {
    super(message);
    this.code = code;
  }
}

export const isAuthError = (err: unknown): boolean =>
  err instanceof GqlError && (err.code === "UNAUTHENTICATED" || err.code === "FORBIDDEN");

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function gql<T, V>(apiKey: string, document: TypedDocumentString<T, V>, variables?: V): Promise<T> {
  const query = document.toString();
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-api-key": apiKey },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new GqlError(`cannot reach the server (${err instanceof Error ? err.message : String(err)})`, "NETWORK");
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new GqlError(`unexpected HTTP ${res.status} response from the server`, "NETWORK");
  }
  const first = body.errors?.[0];
  if (first) throw new GqlError(first.message, first.extensions?.code ?? null);
  if (!body.data) throw new GqlError(`empty response (HTTP ${res.status})`, null);
  return body.data;
}

export type WsStatus = "connecting" | "live" | "reconnecting";

const closeCode = (event: unknown): number | null =>
  typeof event === "object" && event !== null && "code" in event && typeof (event as { code: unknown }).code === "number"
    ? (event as { code: number }).code
    : null;

/** 4401: no valid key; 4403: the key was revoked. Neither is retried. */
export const AUTH_CLOSE_CODES = new Set([4401, 4403]);

export function createWsClient(
  apiKey: string,
  handlers: { onStatus: (status: WsStatus) => void; onAuthClose: (code: number) => void },
): Client {
  const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/graphql`;
  let authFailed = false;
  return createClient({
    url,
    connectionParams: () => ({ apiKey }),
    lazy: false,
    onNonLazyError: () => undefined,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryWait: async (retries) => {
      const ms = Math.min(1000 * 2 ** retries, 10_000) + Math.random() * 500;
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    shouldRetry: (event) => {
      const code = closeCode(event);
      return !authFailed && !(code !== null && AUTH_CLOSE_CODES.has(code));
    },
    on: {
      connecting: () => handlers.onStatus("connecting"),
      connected: () => handlers.onStatus("live"),
      closed: (event) => {
        const code = closeCode(event);
        if (code !== null && AUTH_CLOSE_CODES.has(code)) {
          authFailed = true;
          handlers.onAuthClose(code);
        } else handlers.onStatus("reconnecting");
      },
    },
  });
}
