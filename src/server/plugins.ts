/** Apollo plugins: cross-cutting concerns, one small plugin each. */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  visit,
} from "graphql";
import { createRequire } from "node:module";

// graphql-query-complexity's ESM build imports "graphql/index.mjs" while type-graphql and Apollo
// load graphql's CommonJS build: two graphql realms, and every instanceof check fails. Its
// CommonJS build shares the one graphql everything else uses.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");
import type { Context } from "../context.ts";
import { type ErrorCode, ForbiddenError, HTTP_STATUS, QueryTooComplexError, RateLimitedError, UnauthenticatedError, isUnexpected } from "../errors.ts";
import { hasRole, requiredRole } from "../modules/auth/access.ts";
import type { RateLimiter } from "../modules/auth/rate-limiter.ts";
import type { ErrorLog } from "../modules/monitoring/error-log.ts";
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

export interface AccessControlOptions {
  rateLimiter: RateLimiter;
  /** Buckets per client address for requests without a valid key. */
  anonymousLimiter: RateLimiter;
  schema: GraphQLSchema;
  maxComplexity: number;
}

/**
 * Authentication, authorisation, per-key rate limiting and the query-complexity limit, once per
 * operation after it is parsed and validated (so the role follows from its root fields).
 */
export function useAccessControl(options: AccessControlOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue, request }) {
          if (!operation) return; // Apollo answers a missing operation itself
          const role = requiredRole(operation, document);
          const principal = contextValue.principal;
          if (!principal) {
            const decision = options.anonymousLimiter.take(`address:${contextValue.clientAddress}`, 1);
            if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, options.anonymousLimiter.perMinute);
          }
          if (role !== null) {
            if (!principal) throw new UnauthenticatedError(contextValue.apiKeyPresented ? "invalid or revoked API key" : undefined);
            if (!hasRole(principal, role)) throw new ForbiddenError(`this operation needs the ${role} role; key "${principal.name}" has ${principal.role}`);
          }
          if (principal) {
            const decision = options.rateLimiter.take(principal.keyId, 1);
            if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, options.rateLimiter.perMinute);
          }
          // Public operations too: forty `health` fields would be forty database pings.
          if (options.maxComplexity > 0) {
            let complexity = 0;
            try {
              complexity = getComplexity({
                schema: options.schema,
                operationName: request.operationName,
                query: document,
                variables: request.variables ?? {},
                estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
              });
            } catch {
              // Invalid variables: execution rejects them next, naming the fields (BAD_USER_INPUT).
              return;
            }
            if (complexity > options.maxComplexity) throw new QueryTooComplexError(`query complexity ${complexity} exceeds the limit of ${options.maxComplexity} (MAX_QUERY_COMPLEXITY)`);
          }
        },
      };
    },
  };
}

/** Sets the HTTP status from the first error's code (401, 403, 429 with Retry-After, 400). */
export function useHttpStatus(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const first = response.body.singleResult.errors?.[0];
          const code = first?.extensions?.code as ErrorCode | undefined;
          const status = first?.extensions?.reason === "DATABASE_UNAVAILABLE" ? 503 : code ? HTTP_STATUS[code] : undefined;
          if (!status) return;
          response.http.status = status;
          const retry = first?.extensions?.retryAfterSeconds;
          if (code === "RATE_LIMITED" && typeof retry === "number") response.http.headers.set("retry-after", String(retry));
        },
      };
    },
  };
}

/** Maximum depth of a query's selections (fragments followed); deeper documents fail validation. */
export function depthLimitRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let max = 0;
      for (const s of selectionSet.selections) {
        let d = 0;
        if (s.kind === Kind.FIELD) d = s.name.value.startsWith("__") ? 0 : 1 + depthOf(s.selectionSet, seen);
        else if (s.kind === Kind.INLINE_FRAGMENT) d = depthOf(s.selectionSet, seen);
        else if (!seen.has(s.name.value)) {
          const next = new Set(seen).add(s.name.value);
          d = depthOf(fragments.get(s.name.value)?.selectionSet, next);
        }
        max = Math.max(max, d);
        if (max > maxDepth) return max;
      }
      return max;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth} (MAX_QUERY_DEPTH)`, { nodes: [node], extensions: { code: "QUERY_TOO_COMPLEX" } }));
        }
      },
    };
  };
}
