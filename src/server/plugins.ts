/** Apollo plugins: cross-cutting concerns, one small plugin each. */
import { type ApolloServerPlugin, HeaderMap } from "@apollo/server";
import { type DocumentNode, type GraphQLError, type GraphQLFormattedError, Kind, parse, visit } from "graphql";
import type { Context } from "../context.ts";
import { isUnexpected } from "../errors.ts";
import type { RequestPipeline } from "./request-pipeline.ts";
import type { ErrorLog } from "../modules/monitoring/error-log.ts";
import { operationLabel } from "../modules/monitoring/request-latency.ts";
import type { Logger } from "../logger.ts";

/** Logs every unexpected error with its request id and stack; clients see only the masked error. */
export function useErrorLogging(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isUnexpected(error)) logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId, operationName, path: error.path }, "unexpected error");
          }
        },
      };
    },
  };
}

/** Adds the request id to every error of a response, so a user can quote it and an operator find the log line. */
export function useRequestIdInErrors(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          const errors = response.body.singleResult.errors;
          if (!errors) return;
          response.body.singleResult.errors = errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }));
        },
      };
    },
  };
}

/** Variable name → the argument it is passed to, e.g. { i: "inputs" }, from the parsed operation. */
export function variableArguments(document: DocumentNode | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!document) return map;
  visit(document, {
    Argument(node) {
      if (node.value.kind === Kind.VARIABLE) map.set(node.value.name.value, node.name.value);
    },
  });
  return map;
}

/**
 * Coercion errors name the client's variable (`$i` → "i.3.RM"); the contract names the argument
 * ("inputs.3.RM"). Rewrites `extensions.fields` to argument paths when the operation says which
 * argument each variable feeds.
 */
export function useArgumentFieldPaths(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, document }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          const args = variableArguments(document);
          if (args.size === 0) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => {
            const fields = e.extensions?.fields;
            if (!Array.isArray(fields)) return e;
            const mapped = fields.map((f: string) => {
              const [head, ...rest] = f.split(".");
              const arg = head ? args.get(head) : undefined;
              return arg ? [arg, ...rest].join(".") : f;
            });
            return { ...e, extensions: { ...e.extensions, fields: mapped } };
          });
        },
      };
    },
  };
}

/** Counts and stores every error of a response by its (already mapped) contract code. */
export function useErrorAccounting(errorLog: ErrorLog): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operationName }) {
          if (response.body.kind !== "single") return;
          for (const e of response.body.singleResult.errors ?? []) {
            const code = typeof e.extensions?.code === "string" ? e.extensions.code : "INTERNAL_SERVER_ERROR";
            errorLog.record({ requestId: contextValue.requestId, operation: operationName ?? null, code, apiKeyId: contextValue.apiKeyId });
          }
        },
      };
    },
  };
}

/** What Apollo is handed for a request the pipeline refused: a valid document it never executes. */
const REFUSED = parse("{ __typename }");

/**
 * The request pipeline on HTTP: before Apollo would parse, the pipeline's `prepare` (the same
 * function graphql-ws calls) parses with the limits, lifts inline batch literals, validates,
 * authorises, prices and sets the batch rows aside. Apollo is handed the prepared document (it
 * parses and validates only when `requestContext.document` is unset after `didResolveSource`, which
 * is how its own document store works; Domus gives it none) and the variables with placeholders.
 * A refusal is answered from `responseForOperation`, before anything executes, with the errors
 * `prepare` gave (formatted as every error is) and the status their `extensions.http` carries: the
 * same errors as over WebSocket, with no second parse or validation.
 */
export function usePreparedOperation(pipeline: RequestPipeline, formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      let refusal: readonly GraphQLError[] | undefined;
      return {
        async didResolveSource(requestContext) {
          const { request } = requestContext;
          const prepared = pipeline.prepare(requestContext.source, request.operationName, request.variables, contextValue, "http");
          const apollo = requestContext as { document?: DocumentNode };
          if (prepared.ok) {
            apollo.document = prepared.document;
            request.variables = prepared.variables;
            if (prepared.batchArguments) contextValue.rawBatchArguments = prepared.batchArguments;
            if (contextValue.observed) contextValue.observed.operation = operationLabel(prepared.operation);
            return;
          }
          if (prepared.operation && contextValue.observed) contextValue.observed.operation = operationLabel(prepared.operation);
          apollo.document = REFUSED;
          request.operationName = undefined;
          refusal = prepared.errors;
        },
        async responseForOperation() {
          if (!refusal) return null;
          const http = refusal[0]?.extensions.http as { status?: number; headers?: HeaderMap } | undefined;
          return {
            http: { status: http?.status ?? 400, headers: http?.headers ?? new HeaderMap() },
            body: { kind: "single", singleResult: { errors: refusal.map((e) => formatError(e.toJSON(), e)) } },
          };
        },
      };
    },
  };
}
