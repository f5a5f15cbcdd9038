/**
 * GraphiQL fetcher of the playground: HTTP POST /graphql with X-API-Key, subscriptions over
 * graphql-ws on the same path with connectionParams.apiKey.
 *
 * The key is read when an operation starts (getKey), never captured: a fetcher/WebSocket client
 * pair is built per key and rebuilt on the first operation after the key changed, so a new key
 * takes effect on the next operation without recreating the fetcher on every keystroke.
 */
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { GraphQLError } from "graphql";
import { createClient, type Client } from "graphql-ws";

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
    subscriptionUrl: graphqlWsUrl(),
    wsClient,
    // The key goes with every HTTP request from here, not through GraphiQL's headers editor
    // (which would show it and could persist it to localStorage). A header typed in that
    // editor still wins for HTTP: the toolkit merges the editor's headers over these.
    headers: key ? { "X-API-Key": key } : {},
  });
  return { key, fetcher, wsClient };
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
