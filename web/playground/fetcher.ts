/**
 * GraphiQL fetcher of the playground: HTTP POST /graphql with X-API-Key, subscriptions over
 * graphql-ws on the same path with connectionParams.apiKey.
 *
 * The key is read when an operation starts (getKey), never captured: a fetcher/WebSocket client
 * pair is built per key and rebuilt on the first operation after the key changed, so a new key
 * takes effect on the next operation without recreating the fetcher on every keystroke.
 *
 * Subscriptions go to the graphql-ws client as an Observable, before the toolkit's fetcher: its
 * own WebSocket path (wsClient/subscriptionUrl) turns a close such as 4401 into an unhandled
 * promise rejection in the page on top of showing it, and stacks in the result.
 */
import { createGraphiQLFetcher, type Fetcher, type FetcherParams, type Observable } from "@graphiql/toolkit";
import { getOperationAST, GraphQLError, type DocumentNode } from "graphql";
import { createClient, type Client, type ExecutionResult } from "graphql-ws";

/** http(s)://host/graphql */
export function graphqlHttpUrl(): string {
  return `${location.origin}/graphql`;
}

/** ws(s)://host/graphql: wss when the page is served over https. */
export function graphqlWsUrl(): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
}

interface Session {
  key: string;
  fetcher: Fetcher;
  wsClient: Client;
}

/** Why a graphql-ws subscription ended badly, as GraphiQL shows it in the result panel. */
function subscriptionError(error: unknown): unknown {
  if (Array.isArray(error)) return error; // GraphQL errors from the server
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "number") {
    const reason = "reason" in error && typeof error.reason === "string" ? error.reason : "";
    return { message: `WebSocket closed with ${error.code}${reason ? `: ${reason}` : ""}` };
  }
  if (typeof Event !== "undefined" && error instanceof Event) return { message: `WebSocket error: could not talk to ${graphqlWsUrl()}` };
  return error;
}

/** The operation GraphiQL is about to run is a subscription. */
function isSubscription(document: DocumentNode | undefined, operationName: string | null | undefined): boolean {
  if (!document) return false;
  return getOperationAST(document, operationName ?? undefined)?.operation === "subscription";
}

function subscribe(wsClient: Client, params: FetcherParams): Observable<ExecutionResult> {
  return {
    subscribe(...args: unknown[]) {
      const first = args[0];
      const sink =
        typeof first === "function"
          ? { next: first as (value: ExecutionResult) => void, error: args[1] as ((error: unknown) => void) | undefined, complete: args[2] as (() => void) | undefined }
          : (first as { next?: (value: ExecutionResult) => void; error?: (error: unknown) => void; complete?: () => void });
      const dispose = wsClient.subscribe(
        { query: params.query, operationName: params.operationName ?? null, variables: params.variables ?? null },
        {
          next: (value) => sink.next?.(value as ExecutionResult),
          error: (error) => sink.error?.(subscriptionError(error)),
          complete: () => sink.complete?.(),
        },
      );
      return { unsubscribe: dispose };
    },
  } as Observable<ExecutionResult>;
}

function createSession(key: string): Session {
  const wsClient = createClient({
    url: graphqlWsUrl(),
    // Domus reads the key from connectionParams.apiKey; without one it closes with 4401.
    connectionParams: () => (key ? { apiKey: key } : {}),
    // No socket until the first subscription, closed again when the last one ends: a client
    // built for a key that is then replaced closes by itself once its subscription stops.
    lazy: true,
  });
  const fetcher = createGraphiQLFetcher({
    url: graphqlHttpUrl(),
    // The key goes with every HTTP request from here, not through GraphiQL's headers editor
    // (which would show it and could persist it to localStorage). A header typed in that
    // editor still wins for HTTP: the toolkit merges the editor's headers over these.
    headers: key ? { "X-API-Key": key } : {},
  });
  return {
    key,
    wsClient,
    fetcher: (params, opts) => (isSubscription(opts?.documentAST, params.operationName) ? subscribe(wsClient, params) : fetcher(params, opts)),
  };
}

/**
 * A fetcher that always uses the current key. Give GraphiQL a new one (same getKey) when the
 * key changed and the schema should be fetched again with it.
 */
export function createDomusFetcher(getKey: () => string): Fetcher {
  return (params, opts) => {
    const key = getKey();
    // Introspection needs READ: without a key, say so here rather than with a 401 from the server.
    if (!key && params.operationName === "IntrospectionQuery") {
      return { errors: [new GraphQLError("Enter an API key (READ or higher) in the bar above to load the schema: docs, completion and validation.")] };
    }
    if (!current || current.key !== key) current = createSession(key);
    return current.fetcher(params, opts);
  };
}

/** Shared by every fetcher from createDomusFetcher: one WebSocket client per key at a time. */
let current: Session | null = null;

/** Closes the WebSocket of the current key (page unload). */
export function disposeDomusFetcher(): void {
  void current?.wsClient.dispose();
  current = null;
}
