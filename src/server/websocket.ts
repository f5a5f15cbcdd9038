/**
 * GraphQL over WebSocket (graphql-transport-ws protocol, graphql-ws) on the same /graphql path as
 * HTTP. Every subscribe message gets its own context (request id, loaders), and errors go through
 * the same formatter as HTTP so clients see the contract's codes.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Context } from "../context.ts";
import type { Logger } from "../logger.ts";

export interface WebSocketOptions {
  schema: GraphQLSchema;
  logger: Logger;
  context: (requestId: string) => Context;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Largest accepted WebSocket message, bytes. */
  maxPayloadBytes: number;
}

export interface WebSocketEndpoint {
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
  connectionCount(): number;
}

export function attachWebSocket(http: Server, options: WebSocketOptions): WebSocketEndpoint {
  const wss = new WebSocketServer({ server: http, path: "/graphql", maxPayload: options.maxPayloadBytes });
  const server = useServer<Record<string, unknown>>(
    {
      schema: options.schema,
      context: () => options.context(randomUUID()),
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
      for (const client of wss.clients) client.close(1001, "server shutting down");
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    connectionCount: () => wss.clients.size,
  };
}
