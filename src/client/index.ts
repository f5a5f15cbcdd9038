/**
 * The typed Domus client: every operation in schema/operations is a TypedDocumentNode (GraphQL
 * Code Generator), so variables and results are checked by TypeScript.
 *
 *   import { createDomusClient, graphql } from "domus/client";
 *   const domus = createDomusClient({ url: "http://localhost:4000", apiKey });
 *   const { predict } = await domus.mutate(PredictDocument, { input: { CRIM: 0.1, … } });
 *   const stop = domus.subscribe(PredictionMadeDocument, {}, { next: (e) => … });
 *   const { batchPredictColumns } = await domus.mutate(BatchPredictColumnsDocument, { input: toColumns(rows) });
 */
import { randomUUID } from "node:crypto";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { ExecutionResult } from "graphql";
import { print } from "graphql/language/printer.js";
import { type Client, createClient } from "graphql-ws/client";

import type { HousingColumnsInput, HousingFeaturesInput } from "./generated/graphql.js";

export * from "./generated/index.js";
export * from "./generated/graphql.js";

export interface DomusClientOptions {
  /** Base URL of the server, e.g. http://localhost:4000 (the /graphql path is added). */
  url: string;
  /** X-API-Key (HTTP) and connectionParams.apiKey (WebSocket). */
  apiKey?: string;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
}

/** A GraphQL error answer, with the contract's code and the offending fields. */
export class DomusClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: string[],
    readonly requestId: string | null,
    readonly status: number,
    readonly errors: unknown[],
  ) {
    super(message);
    this.name = "DomusClientError";
  }

  /** Each offending field with its own reason (BAD_USER_INPUT's extensions.problems), in the server's order. */
  get problems(): { field: string; message: string }[] {
    return this.errors.flatMap((e) => {
      const problems = (e as { extensions?: { problems?: unknown } }).extensions?.problems;
      return Array.isArray(problems) ? problems.filter((p): p is { field: string; message: string } => typeof p?.field === "string" && typeof p?.message === "string") : [];
    });
  }
}

export interface SubscriptionHandlers<T> {
  next: (data: T) => void;
  error?: (err: unknown) => void;
  complete?: () => void;
  /**
   * Called once the server has the subscription: graphql-ws has no acknowledgement per
   * subscription, so the client pings right after subscribing and calls this on the pong (the
   * server handles a connection's messages in order). Events published from then on arrive.
   */
  listening?: () => void;
}

export interface DomusClient {
  query<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  mutate<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R>;
  /** Starts a subscription over graphql-ws; returns a function that stops it. */
  subscribe<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, handlers: SubscriptionHandlers<R>): () => void;
  close(): Promise<void>;
}

type Answer = { data?: unknown; errors?: { message: string; extensions?: { code?: string; fields?: string[]; requestId?: string } }[] };

function toError(body: Answer, status: number, requestId: string | null): DomusClientError {
  const first = body.errors?.[0];
  const fields = (body.errors ?? []).flatMap((e) => e.extensions?.fields ?? []);
  return new DomusClientError(
    first?.message ?? `HTTP ${status}`,
    first?.extensions?.code ?? (status === 401 ? "UNAUTHENTICATED" : "INTERNAL_SERVER_ERROR"),
    fields,
    first?.extensions?.requestId ?? requestId,
    status,
    body.errors ?? [],
  );
}

/**
 * One POST over node:http(s). Not fetch: undici's start-up costs a short-lived CLI process about
 * 90 ms of CPU per run, more than the rest of a client command. Connection failures reject with
 * the socket error (err.code ECONNREFUSED, ENOTFOUND, …).
 */
async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: string; requestId: string | null }> {
  const { request } = url.startsWith("https:") ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const requestId = res.headers["x-request-id"];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), requestId: typeof requestId === "string" ? requestId : null });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Row objects as the `input` of `batchPredictColumns` (BatchPredictColumnsDocument), the fast
 * path for many rows: one list per feature, one entry per row, null where a row has no value
 * (an optional feature is then imputed; a required one makes that row invalid). A feature no row
 * names is left out. The answer names rows by their index in `rows`.
 */
export function toColumns(rows: readonly HousingFeaturesInput[]): HousingColumnsInput {
  const columns: Record<string, (number | null)[]> = {};
  rows.forEach((row, i) => {
    for (const [feature, value] of Object.entries(row)) {
      if (value === undefined) continue;
      columns[feature] ??= new Array<number | null>(rows.length).fill(null);
      (columns[feature] as (number | null)[])[i] = value as number | null;
    }
  });
  return columns as HousingColumnsInput;
}

/** True for the errors of a server that cannot be reached (refused, unknown host, timeout, reset). */
export function isConnectionError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"].includes(code);
}

export function createDomusClient(options: DomusClientOptions): DomusClient {
  const base = options.url.replace(/\/+$/, "").replace(/\/graphql$/, "");
  const printed = new WeakMap<object, string>();
  // The WebSocket client (and the ws module) is loaded on the first subscription only, so
  // query/mutate-only users (most CLI commands) do not pay for it.
  let ws: Promise<Client> | null = null;
  // Subscription id -> its `listening` callback, until the pong that follows its subscribe message.
  const awaitingPong = new Map<string, () => void>();
  let nextListening: (() => void) | undefined;

  const connectWebSocket = async (): Promise<Client> => {
    const { default: WebSocket } = await import("ws");
    class PingAfterSubscribe extends WebSocket {
      override send(data: unknown, ...rest: unknown[]): void {
        (super.send as (...args: unknown[]) => void)(data, ...rest);
        if (typeof data !== "string" || !data.includes('"subscribe"')) return;
        const { type, id } = JSON.parse(data) as { type?: string; id?: string };
        if (type === "subscribe" && id && awaitingPong.has(id)) super.send(JSON.stringify({ type: "ping", payload: { subscribed: id } }));
      }
    }
    return createClient({
      url: `${base.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: PingAfterSubscribe,
      connectionParams: options.apiKey ? { apiKey: options.apiKey } : {},
      lazy: true,
      retryAttempts: 3,
      generateID: () => {
        const id = randomUUID();
        if (nextListening) awaitingPong.set(id, nextListening);
        nextListening = undefined;
        return id;
      },
      on: {
        pong: (received, payload) => {
          const id = (payload as { subscribed?: string } | undefined)?.subscribed;
          const listening = received && id ? awaitingPong.get(id) : undefined;
          if (listening && id) {
            awaitingPong.delete(id);
            listening();
          }
        },
      },
    });
  };

  const request = async <R>(document: TypedDocumentNode<R, never> | TypedDocumentNode<R, Record<string, unknown>>, variables?: Record<string, unknown>): Promise<R> => {
    let query = printed.get(document);
    if (!query) printed.set(document, (query = print(document)));
    const res = await postJson(`${base}/graphql`, JSON.stringify({ query, variables }), { "content-type": "application/json", ...(options.apiKey ? { "x-api-key": options.apiKey } : {}) }, options.timeoutMs ?? 30_000);
    let body: Answer;
    try {
      body = JSON.parse(res.body) as Answer;
    } catch {
      throw new DomusClientError(`HTTP ${res.status}: the answer is not JSON`, "INTERNAL_SERVER_ERROR", [], res.requestId, res.status, []);
    }
    if (body.errors?.length || body.data === undefined || body.data === null) throw toError(body, res.status, res.requestId);
    return body.data as R;
  };

  return {
    query: (document, variables) => request(document as never, variables),
    mutate: (document, variables) => request(document as never, variables),
    subscribe(document, variables, handlers) {
      let stop: (() => void) | null = null;
      let stopped = false;
      ws ??= connectWebSocket();
      ws.then(
        (client) => {
          if (stopped) return;
          nextListening = handlers.listening;
          stop = client.subscribe(
            { query: print(document), variables },
            {
              next: (result: ExecutionResult<Record<string, unknown>>) => {
                if (result.errors?.length) handlers.error?.(toError(result as Answer, 200, null));
                else if (result.data) handlers.next(result.data as never);
              },
              error: (err) => handlers.error?.(Array.isArray(err) ? toError({ errors: err }, 200, null) : err),
              complete: () => handlers.complete?.(),
            },
          );
        },
        (err: unknown) => handlers.error?.(err),
      );
      return () => {
        stopped = true;
        stop?.();
      };
    },
    async close() {
      const client = ws;
      ws = null;
      await (await client?.catch(() => null))?.dispose();
    },
  };
}
