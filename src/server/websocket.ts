/**
 * GraphQL over WebSocket (graphql-transport-ws protocol, graphql-ws) on the same /graphql path as
 * HTTP, through the same request pipeline (src/server/request-pipeline.ts): the key in
 * connectionParams.apiKey is checked like an HTTP key (failed checks rate-limited per address),
 * and every subscribe message is parsed, validated, authorised, priced and rate-limited by the
 * same code as an HTTP request before it runs. A connection without a valid key is closed with
 * 4401; too many connections or a rate limit close it with 4429. Fan-out is bounded: sockets per
 * client address and per key, operations per socket and per key. Every operation gets its own
 * context (request id, loaders); errors go through the same formatter as HTTP. Every operation
 * re-checks the socket's key through the same short-TTL cache as HTTP (API_KEY_CACHE_TTL_MS), so a
 * revocation written to the database anywhere (the offline CLI, another replica without Redis) is
 * seen within that TTL; a socket whose key is revoked is terminated (no close handshake a client
 * could ignore) and runs nothing more. A revocation event in this process terminates its sockets at
 * once. Sockets that stop answering pings are closed.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { BlockList } from "node:net";
import { type GraphQLFormattedError, type GraphQLSchema, GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Context } from "../context.ts";
import { RateLimitedError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { clientAddress } from "./client-address.ts";
import { operationLabel } from "../modules/monitoring/request-latency.ts";
import type { Identity, RequestPipeline } from "./request-pipeline.ts";

export interface WebSocketOptions {
  schema: GraphQLSchema;
  logger: Logger;
  pipeline: RequestPipeline;
  context: (requestId: string, identity: Identity) => Context;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  trustedProxies: BlockList | null;
  /** Largest accepted WebSocket message, bytes. */
  maxPayloadBytes: number;
  /** Concurrent operations per socket (WS_MAX_SUBSCRIPTIONS). */
  maxSubscriptions: number;
  /** Concurrent operations per key over all its sockets (WS_MAX_SUBSCRIPTIONS_PER_KEY). */
  maxSubscriptionsPerKey: number;
  /** Open sockets per key (WS_MAX_CONNECTIONS_PER_KEY). */
  maxConnectionsPerKey: number;
  /** Open sockets per client address, before any key is checked (WS_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress: number;
  idleTimeoutMs: number;
  /** A query or mutation answered (subscriptions are not timed): its operation label, ms from subscribe to complete, whether it answered errors. */
  onOperationDone?: (operation: string, ms: number, failed: boolean) => void;
}

export interface WebSocketEndpoint {
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
  connectionCount(): number;
  /** Terminates the sockets of a revoked key. */
  closeKey(keyId: string): void;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  identity?: Identity;
  /** The key the socket presented, re-checked before each operation. */
  apiKey?: string;
  /** Set once the key is seen revoked: nothing more runs on this socket. */
  revoked?: boolean;
  /** Operations running on this socket. */
  operations?: number;
  /** Queries and mutations in flight, by graphql-ws id: label, start (performance.now()), failed. */
  timed?: Map<string, { label: string; startedAt: number; failed: boolean }>;
};

/** Closed by the server for too many connections or requests (as graphql-ws's own 4429). */
export const CLOSE_TOO_MANY = 4429;

function refusal(code: "QUERY_TOO_COMPLEX" | "RATE_LIMITED", message: string): GraphQLError[] {
  return [new GraphQLError(message, { extensions: { code } })];
}

/** A revoked key's socket: a 4403 close frame for clients that read it, then terminated at once (a client ignoring the frame gets no ~30 s grace). */
function revokedSocket(socket: WebSocket): void {
  socket.close(4403, "Forbidden: API key revoked");
  socket.terminate();
}

export function attachWebSocket(http: Server, options: WebSocketOptions): WebSocketEndpoint {
  const wss = new WebSocketServer({ server: http, path: "/graphql", maxPayload: options.maxPayloadBytes });
  const byKey = new Map<string, Set<WebSocket>>();
  const byAddress = new Map<string, number>();
  const extras = new WeakMap<WebSocket, Extra>();
  const alive = new WeakMap<WebSocket, boolean>();

  // Counted at the upgrade, before graphql-ws reads anything: a flood of idle sockets from one address stops here.
  wss.on("connection", (socket, request) => {
    const address = clientAddress(request, options.trustedProxies);
    const open = byAddress.get(address) ?? 0;
    if (open >= options.maxConnectionsPerAddress) {
      socket.close(CLOSE_TOO_MANY, `Too many connections from this address (WS_MAX_CONNECTIONS_PER_ADDRESS=${options.maxConnectionsPerAddress})`);
      return;
    }
    byAddress.set(address, open + 1);
    socket.once("close", () => {
      const left = (byAddress.get(address) ?? 1) - 1;
      if (left <= 0) byAddress.delete(address);
      else byAddress.set(address, left);
    });
    alive.set(socket, true);
    socket.on("pong", () => alive.set(socket, true));
  });
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.get(socket)) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.idleTimeoutMs);
  heartbeat.unref();

  const keyOperations = (keyId: string): number => {
    let total = 0;
    for (const socket of byKey.get(keyId) ?? []) total += extras.get(socket)?.operations ?? 0;
    return total;
  };

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const raw = ctx.connectionParams?.apiKey;
        let identity: Identity;
        try {
          identity = await options.pipeline.identify(typeof raw === "string" && raw.length > 0 ? raw : null, clientAddress(request, options.trustedProxies));
        } catch (err) {
          const retry = err instanceof RateLimitedError ? ` retry after ${err.retryAfterSeconds} s` : "";
          socket.close(CLOSE_TOO_MANY, `Rate limited:${retry}`);
          return false;
        }
        const principal = identity.principal;
        if (!principal) {
          socket.close(4401, typeof raw === "string" ? "Unauthorized: invalid or revoked API key" : "Unauthorized: send connectionParams.apiKey");
          return false;
        }
        let sockets = byKey.get(principal.keyId);
        if (!sockets) byKey.set(principal.keyId, (sockets = new Set()));
        if (sockets.size >= options.maxConnectionsPerKey) {
          socket.close(CLOSE_TOO_MANY, `Too many connections for this key (WS_MAX_CONNECTIONS_PER_KEY=${options.maxConnectionsPerKey})`);
          return false;
        }
        ctx.extra.identity = identity;
        ctx.extra.apiKey = raw as string;
        ctx.extra.operations = 0;
        extras.set(socket, ctx.extra);
        sockets.add(socket);
        socket.once("close", () => {
          sockets.delete(socket);
          if (sockets.size === 0 && byKey.get(principal.keyId) === sockets) byKey.delete(principal.keyId);
        });
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        // The key again, through the API key cache (its TTL bounds how stale a revocation can be).
        let identity: Identity;
        try {
          identity = ctx.extra.revoked ? (ctx.extra.identity as Identity) : await options.pipeline.identify(ctx.extra.apiKey ?? null, (ctx.extra.identity as Identity).clientAddress);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError((err as Error).message, { originalError: err as Error })];
        }
        if (ctx.extra.revoked || !identity.principal) {
          ctx.extra.revoked = true;
          revokedSocket(ctx.extra.socket);
          return [new GraphQLError("API key revoked", { extensions: { code: "UNAUTHENTICATED" } })];
        }
        ctx.extra.identity = identity;
        if ((ctx.extra.operations ?? 0) >= options.maxSubscriptions) {
          return refusal("QUERY_TOO_COMPLEX", `at most ${options.maxSubscriptions} operations per connection (WS_MAX_SUBSCRIPTIONS)`);
        }
        if (identity.principal && keyOperations(identity.principal.keyId) >= options.maxSubscriptionsPerKey) {
          return refusal("QUERY_TOO_COMPLEX", `at most ${options.maxSubscriptionsPerKey} operations per key over all its connections (WS_MAX_SUBSCRIPTIONS_PER_KEY)`);
        }
        const prepared = options.pipeline.prepare(payload.query, payload.operationName, payload.variables, identity, "ws");
        if (!prepared.ok) return [...prepared.errors];
        const { document, operation } = prepared;
        ctx.extra.operations = (ctx.extra.operations ?? 0) + 1;
        if (options.onOperationDone && operation.operation !== "subscription") {
          (ctx.extra.timed ??= new Map()).set(id, { label: operationLabel(operation), startedAt: performance.now(), failed: false });
        }
        const contextValue = options.context(randomUUID(), identity);
        if (prepared.batchArguments) contextValue.rawBatchArguments = prepared.batchArguments;
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: prepared.variables, contextValue };
      },
      onComplete: (ctx, id) => {
        ctx.extra.operations = Math.max(0, (ctx.extra.operations ?? 1) - 1);
        const timed = ctx.extra.timed?.get(id);
        if (timed) {
          ctx.extra.timed?.delete(id);
          options.onOperationDone?.(timed.label, performance.now() - timed.startedAt, timed.failed);
        }
      },
      onNext: (ctx, id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        const timed = ctx.extra.timed?.get(id);
        if (timed) timed.failed = true;
        return { ...result, errors: result.errors.map((e) => options.formatError(e.toJSON(), e)) };
      },
      onError: (_ctx, id, _payload, errors) => {
        options.logger.debug({ id, errors: errors.map((e) => e.message) }, "websocket operation rejected");
        return errors.map((e) => options.formatError(e.toJSON(), e));
      },
    },
    wss,
  );
  return {
    async close() {
      clearInterval(heartbeat);
      for (const client of wss.clients) client.close(1001, "server shutting down");
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    connectionCount: () => wss.clients.size,
    closeKey(keyId) {
      for (const socket of byKey.get(keyId) ?? []) {
        const extra = extras.get(socket);
        if (extra) extra.revoked = true;
        revokedSocket(socket);
      }
      byKey.delete(keyId);
    },
  };
}
