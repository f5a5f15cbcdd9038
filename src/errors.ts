/**
 * Domain errors and the one place they become GraphQL errors. Every error a client sees carries
 * one of the contract's codes in `extensions.code`; anything unexpected is masked as
 * INTERNAL_SERVER_ERROR with the request id and logged with the original.
 */
import { HeaderMap } from "@apollo/server";
import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { type GraphQLFormattedError, GraphQLError, Kind } from "graphql";
import { isDatabaseUnavailable } from "./db/availability.ts";

export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "RATE_LIMITED",
  "NOT_FOUND",
  "MODEL_NOT_READY",
  "CONFLICT",
  "QUERY_TOO_COMPLEX",
  /** A dependency (the database) is unreachable: nothing was done, retry after `Retry-After` (HTTP 503). */
  "SERVICE_UNAVAILABLE",
  /** The connection was lost after the commit was sent: the write may or may not be stored (look it up by request id). */
  "COMMIT_OUTCOME_UNKNOWN",
  "INTERNAL_SERVER_ERROR",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * How an error answers over HTTP (as graphql-yoga's `extensions.http`): the status of a response
 * whose first error it is, and headers to send. Absent: GraphQL's own (200 with data, 400 invalid).
 * WebSocket ignores it.
 */
export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
}

/**
 * An error Domus anticipates, with its contract code and, where it has one, its HTTP answer.
 * `extensions` is what graphql-js copies onto the located error and Apollo reads: the code, the
 * client-visible details and `http` ({ status, headers }), from which Apollo sets the response's
 * status and headers itself and which it drops from the body. `clientExtensions` is the same
 * without `http`, for every place that writes an error body (formatter, non-GraphQL routes).
 */
export class DomusError extends Error {
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    private readonly details: Record<string, unknown> = {},
    readonly http?: HttpAnswer,
  ) {
    super(message);
    this.name = new.target.name;
    this.extensions = { code, ...details, ...(http ? { http: { status: http.status, headers: new HeaderMap(Object.entries(http.headers ?? {})) } } : {}) };
  }

  /** The extensions a client sees: the code and the details, never the transport's `http`. */
  get clientExtensions(): Record<string, unknown> {
    return { code: this.code, ...this.details };
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class BadUserInputError extends DomusError {
  constructor(message: string, problems: FieldProblem[] = []) {
    super("BAD_USER_INPUT", message, problems.length ? { fields: problems.map((p) => p.field), problems } : {});
  }
}
export class NotFoundError extends DomusError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}
export class ModelNotReadyError extends DomusError {
  constructor(message = "no champion model is loaded yet; train one with `npm run train` or promote a version") {
    super("MODEL_NOT_READY", message);
  }
}
export class ConflictError extends DomusError {
  constructor(message: string) {
    super("CONFLICT", message);
  }
}

/** A request refused before GraphQL ran (body, content type, method): a client error with its own status. */
export class RequestRejectedError extends DomusError {
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super("BAD_USER_INPUT", message, {}, { status, headers });
  }
}

export class UnauthenticatedError extends DomusError {
  constructor(message = "this operation needs an API key: send it as X-API-Key (HTTP) or connectionParams.apiKey (WebSocket)") {
    super("UNAUTHENTICATED", message, {}, { status: 401 });
  }
}
export class ForbiddenError extends DomusError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super("FORBIDDEN", message, extensions, { status: 403 });
  }
}
export class RateLimitedError extends DomusError {
  constructor(
    readonly retryAfterSeconds: number,
    limitPerMinute: number,
    unit = "tokens",
  ) {
    super("RATE_LIMITED", `rate limit of ${limitPerMinute} ${unit} per minute exceeded; retry after ${retryAfterSeconds} s`, { retryAfterSeconds }, { status: 429, headers: { "retry-after": String(retryAfterSeconds) } });
  }
}
export class QueryTooComplexError extends DomusError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super("QUERY_TOO_COMPLEX", message, extensions, { status: 400 });
  }
}
/** Seconds a client is told to wait (Retry-After) when the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** The database did not answer: refused fast with 503 and Retry-After, never acknowledged, never a 500. */
export class DatabaseUnavailableError extends DomusError {
  constructor(detail: string) {
    super(
      "SERVICE_UNAVAILABLE",
      `the database is unavailable (${detail}); the request was not completed and nothing was stored; retry after ${DATABASE_RETRY_AFTER_SECONDS} s`,
      { reason: "DATABASE_UNAVAILABLE", retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      { status: 503, headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
}

/**
 * The connection broke after the commit was sent and before the database confirmed it: the rows
 * may or may not be stored. Distinct from DatabaseUnavailableError (nothing stored), so a client
 * knows to look its request id up (predictions carry it) before sending the request again.
 */
export class CommitOutcomeUnknownError extends DomusError {
  constructor(detail: string) {
    super(
      "COMMIT_OUTCOME_UNKNOWN",
      `the database connection was lost after the commit was sent (${detail}): the predictions may or may not be stored; look them up by this request id before retrying`,
      { reason: "COMMIT_OUTCOME_UNKNOWN", retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      { status: 503, headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) } },
    );
  }
}

/**
 * The Domus error behind a thrown or wrapped error (resolver, plugin, validation rule), if any. A
 * driver or Prisma error saying the database is unreachable (a key lookup, a registry read) is a
 * DatabaseUnavailableError: 503 with Retry-After, never a 500.
 */
export function domusErrorOf(error: unknown): DomusError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 4 && current; i++) {
    if (current instanceof DomusError) return current;
    if (!(current instanceof GraphQLError)) return isDatabaseUnavailable(current) ? new DatabaseUnavailableError(String((current as Error).message ?? current).split("\n")[0]!.slice(0, 200)) : undefined;
    current = current.originalError;
  }
  return undefined;
}


const INPUT_CODES = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
]);

/**
 * Field paths named by graphql-js's coercion and validation messages, in the contract's dotted
 * form. The one place Domus reads graphql-js's wording: graphql 16 reports a variable's coercion
 * failure and a literal's validation failure with no structured path (`GraphQLError.path` is for
 * execution; `coerceInputValue`'s callback omits the unknown or missing field's name). Batches do
 * not come here (their rows are checked by Domus, batch-arguments.ts): `Variable "$inputs" got invalid value … at "inputs[3].RM"` → `inputs.3.RM`;
 * `Field "FOO" is not defined by type "HousingFeaturesInput"` → `input.FOO` when the path is known.
 */
export function fieldsFromMessage(message: string): string[] {
  const fields = new Set<string>();
  const at = /at "([^"]+)"/.exec(message);
  const base = at ? (at[1] as string).replace(/\[(\d+)\]/g, ".$1") : (/Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message)?.[1] ?? null);
  const unknown = /Field "([^"]+)" is not defined by type/.exec(message);
  const required = /Field "([^"]+)" of required type "[^"]+" was not provided/.exec(message) ?? /Field "[^".]+\.([^"]+)" of required type/.exec(message);
  const leaf = unknown?.[1] ?? required?.[1];
  if (base && leaf) fields.add(`${base}.${leaf}`);
  else if (base) fields.add(base);
  else if (leaf) fields.add(leaf);
  return [...fields];
}

export interface ErrorFormatterOptions {
  /** Show internal messages to clients (never in production). */
  exposeInternal: boolean;
}

/** True for errors Domus did not anticipate: the ones to log with their stack. */
export function isUnexpected(error: unknown): boolean {
  if (domusErrorOf(error)) return false; // includes an unreachable database (logged where it is detected)
  const original = unwrapResolverError(error);
  if (original instanceof DomusError) return false;
  if (original instanceof GraphQLError && original.originalError instanceof DomusError) return false;
  if (original instanceof GraphQLError && original !== error) return isUnexpected(original);
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    if (typeof code === "string") return code === "INTERNAL_SERVER_ERROR" && error.originalError !== undefined;
    return error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
  }
  return true;
}

/** Apollo `formatError`: maps every error onto the contract's codes. */
export function createErrorFormatter({ exposeInternal }: ErrorFormatterOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
    // Thrown by a resolver, or wrapped by a plugin or a validation rule (the request pipeline's limits).
    const domus = domusErrorOf(error);
    if (domus) return { ...base, message: domus.message, extensions: domus.clientExtensions };
    const code = formatted.extensions?.code;
    if (typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code) && code !== "INTERNAL_SERVER_ERROR") {
      const fields = code === "BAD_USER_INPUT" ? fieldsFromMessage(formatted.message) : [];
      return { ...base, extensions: { code, ...(fields.length ? { fields } : {}) } };
    }
    if (code === "INTROSPECTION_DISABLED") return { ...base, extensions: { code: "FORBIDDEN", reason: code } };
    if (code === "MAX_RECURSIVE_SELECTIONS_EXCEEDED") return { ...base, extensions: { code: "QUERY_TOO_COMPLEX", reason: code } };
    if (typeof code === "string" && INPUT_CODES.has(code)) {
      const fields = fieldsFromMessage(formatted.message);
      return { ...base, extensions: { code: "BAD_USER_INPUT", reason: code, ...(fields.length ? { fields } : {}) } };
    }
    // GraphQL errors raised by graphql-js itself during validation/coercion have no code yet; a
    // variable's coercion error is located at its definition (and may wrap a scalar's own error).
    if (error instanceof GraphQLError && code === undefined && (!error.originalError || error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION)) {
      const fields = fieldsFromMessage(formatted.message);
      return { ...base, extensions: { code: "BAD_USER_INPUT", ...(fields.length ? { fields } : {}) } };
    }
    // Logged with its request id by the error-logging plugin (src/server/plugins.ts); masked here.
    return {
      ...base,
      message: exposeInternal && original instanceof Error ? original.message : "Unexpected error.",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
