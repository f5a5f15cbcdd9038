/**
 * GraphQL over WebSocket (graphql-transport-ws protocol, graphql-ws) on the same /graphql path as
 * HTTP. The API key comes in connectionParams.apiKey: a connection without a valid key is closed
 * with 4401, one whose key lacks the role for an operation gets 4403 for it. Every subscribe
 * message gets its own context (request id, loaders); errors go through the same formatter as
 * HTTP. Revoking a key closes its sockets; sockets that stop answering pings are closed.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { type GraphQLFormattedError, type GraphQLSchema, GraphQLError, Kind, type OperationDefinitionNode, parse } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Context } from "../context.ts";
import type { Logger } from "../logger.ts";
import { hasRole, requiredRole } from "../modules/auth/access.ts";
import type { Principal } from "../modules/auth/api-keys.service.ts";

export interface WebSocketOptions {
  schema: GraphQLSchema;
  logger: Logger;
  context: (requestId: string, principal: Principal | null) => Context;
  authenticate: (apiKey: string | null) => Promise<Principal | null>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Largest accepted WebSocket message, bytes. */
  maxPayloadBytes: number;
  maxSubscriptions: number;
  idleTimeoutMs: number;
}

export interface WebSocketEndpoint {
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
  connectionCount(): number;
  /** Closes the sockets of a revoked key with 4403. */
  closeKey(keyId: string): void;
}

type Extra = {
  socket: WebSocket;
  principal?: Principal | null;
  operations?: number;
};

export function attachWebSocket(http: Server, options: WebSocketOptions): WebSocketEndpoint {
  const wss = new WebSocketServer({ server: http, path: "/graphql", maxPayload: options.maxPayloadBytes });
  const byKey = new Map<string, Set<WebSocket>>();
  const alive = new WeakMap<WebSocket, boolean>();

  wss.on("connection", (socket) => {
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

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        const raw = ctx.connectionParams?.apiKey;
        const principal = await options.authenticate(typeof raw === "string" ? raw : null);
        if (!principal) {
          ctx.extra.socket.close(4401, typeof raw === "string" ? "Unauthorized: invalid or revoked API key" : "Unauthorized: send connectionParams.apiKey");
          return false;
        }
        ctx.extra.principal = principal;
        ctx.extra.operations = 0;
        let sockets = byKey.get(principal.keyId);
        if (!sockets) byKey.set(principal.keyId, (sockets = new Set()));
        sockets.add(ctx.extra.socket);
        ctx.extra.socket.once("close", () => sockets?.delete(ctx.extra.socket));
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        const principal = ctx.extra.principal ?? null;
        let document: ReturnType<typeof parse>;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError(String(err), { extensions: { code: "BAD_USER_INPUT" } })];
        }
        const operation = document.definitions.find(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!payload.operationName || d.name?.value === payload.operationName),
        );
        if (operation) {
          const role = requiredRole(operation, document);
          if (role && !hasRole(principal, role)) {
            return [new GraphQLError(`this operation needs the ${role} role; key "${principal?.name}" has ${principal?.role}`, { extensions: { code: "FORBIDDEN" } })];
          }
        }
        if ((ctx.extra.operations ?? 0) >= options.maxSubscriptions) {
          return [new GraphQLError(`at most ${options.maxSubscriptions} operations per connection (WS_MAX_SUBSCRIPTIONS)`, { extensions: { code: "QUERY_TOO_COMPLEX" } })];
        }
        ctx.extra.operations = (ctx.extra.operations ?? 0) + 1;
        return undefined;
      },
      onComplete: (ctx) => {
        ctx.extra.operations = Math.max(0, (ctx.extra.operations ?? 1) - 1);
      },
      context: (ctx) => options.context(randomUUID(), ctx.extra.principal ?? null),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
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
      for (const socket of byKey.get(keyId) ?? []) socket.close(4403, "Forbidden: API key revoked");
      byKey.delete(keyId);
    },
  };
}
