/**
 * The typed Domus client: every operation in schema/operations is a TypedDocumentNode (GraphQL
 * Code Generator), so variables and results are checked by TypeScript.
 *
 *   import { createDomusClient, graphql } from "domus/client";
 *   const domus = createDomusClient({ url: "http://localhost:4000", apiKey });
 *   const { predict } = await domus.mutate(PredictDocument, { input: { CRIM: 0.1, … } });
 *   const stop = domus.subscribe(PredictionMadeDocument, {}, { next: (e) => … });
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type ExecutionResult, print } from "graphql";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

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
}

export interface SubscriptionHandlers<T> {
  next: (data: T) => void;
  error?: (err: unknown) => void;
  complete?: () => void;
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

export function createDomusClient(options: DomusClientOptions): DomusClient {
  const base = options.url.replace(/\/+$/, "").replace(/\/graphql$/, "");
  const printed = new WeakMap<object, string>();
  let ws: Client | null = null;

  const request = async <R>(document: TypedDocumentNode<R, never> | TypedDocumentNode<R, Record<string, unknown>>, variables?: Record<string, unknown>): Promise<R> => {
    let query = printed.get(document);
    if (!query) printed.set(document, (query = print(document)));
    const res = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.apiKey ? { "x-api-key": options.apiKey } : {}) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    let body: Answer;
    try {
      body = (await res.json()) as Answer;
    } catch {
      throw new DomusClientError(`HTTP ${res.status}: the answer is not JSON`, "INTERNAL_SERVER_ERROR", [], res.headers.get("x-request-id"), res.status, []);
    }
    if (body.errors?.length || body.data === undefined || body.data === null) throw toError(body, res.status, res.headers.get("x-request-id"));
    return body.data as R;
  };

  return {
    query: (document, variables) => request(document as never, variables),
    mutate: (document, variables) => request(document as never, variables),
    subscribe(document, variables, handlers) {
      ws ??= createClient({
        url: `${base.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: options.apiKey ? { apiKey: options.apiKey } : {},
        lazy: true,
        retryAttempts: 3,
      });
      return ws.subscribe(
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
    async close() {
      await ws?.dispose();
      ws = null;
    },
  };
}
