/**
 * One request pipeline for every transport. HTTP (Apollo, through `useRequestPipeline`) and
 * WebSocket (graphql-ws `onSubscribe`, through `prepare`) run the same steps with the same code,
 * cheapest first:
 *
 *   identify   the API key (cached) — a request without a valid key takes a token of its client
 *              address's bucket before anything is parsed; an address out of tokens gets no key
 *              lookups (brute force) — RATE_LIMITED with Retry-After
 *   parse      with a token limit (MAX_QUERY_TOKENS): a 5 MB document is refused after a few
 *              thousand tokens, not built into an AST
 *   validate   graphql's rules + depth, aliases and the introspection policy; "Did you mean"
 *              hints stripped in production and for callers without a key
 *   authorise  the role the root fields declare (@Authorized) — UNAUTHENTICATED / FORBIDDEN
 *   cost       points over MAX_QUERY_COMPLEXITY — QUERY_TOO_COMPLEX (src/server/cost.ts)
 *   rate limit the key's (or address's) bucket charged points + rows — RATE_LIMITED
 *
 * and only then execute.
 */
import { refuseNulBytes } from "./nul-bytes.ts";
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  Lexer,
  type OperationDefinitionNode,
  type ParseOptions,
  Source,
  TokenKind,
  type ValidationRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import { LRUCache } from "lru-cache";
import { HeaderMap } from "@apollo/server";
import { QueryTooComplexError, RateLimitedError, RequestRejectedError, domusErrorOf } from "../errors.ts";
import { liftBatchLiterals, setAsideBatchArguments, withLiftedValues } from "../modules/predictions/batch-arguments.ts";
import { type AccessTable, accessDenied, requiredAccess } from "../modules/auth/access.ts";
import type { Principal } from "../modules/auth/api-keys.service.ts";
import type { RateLimiter } from "../modules/auth/rate-limiter.ts";
import { type OperationCost, type ReadSizes, operationCost, tokensOf } from "./cost.ts";
import { aliasLimitRule, depthLimitRule, fragmentSpreadLimitRule, noIntrospectionRule, stripSuggestions } from "./validation-rules.ts";

/** Tokens a document that fails to parse or validate takes from its caller's rate-limit bucket. */
export const FAILED_DOCUMENT_TOKENS = 10;

/** Who is asking: established once per HTTP request or WebSocket connection. */
export interface Identity {
  principal: Principal | null;
  /** A key was sent (valid or not): distinguishes "missing" from "invalid" in errors. */
  apiKeyPresented: boolean;
  /** The per-address rate-limit bucket (src/server/client-address.ts). */
  clientAddress: string;
}

export interface RequestPipelineOptions {
  schema: GraphQLSchema;
  access: AccessTable;
  /** Looks a key up (cached); null when unknown or revoked. */
  authenticate: (apiKey: string) => Promise<Principal | null>;
  /** The cached answer for a key, without a lookup; undefined when not cached. */
  cachedPrincipal: (apiKey: string) => Principal | null | undefined;
  /** Per key: tokens per minute (RATE_LIMIT_PER_MINUTE). */
  keyLimiter: RateLimiter;
  /** Per client address, for requests without a valid key (RATE_LIMIT_ANONYMOUS_PER_MINUTE). */
  addressLimiter: RateLimiter;
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  /** Fragment spreads written in one document (MAX_FRAGMENT_SPREADS). */
  maxFragmentSpreads: number;
  /** Longest query text, checked before parsing (MAX_QUERY_BYTES). */
  maxQueryBytes: number;
  /** Bytes of parsed documents kept, both transports together (DOCUMENT_CACHE_BYTES). */
  documentCacheBytes: number;
  /** Points one operation may cost (0 = no limit). */
  maxComplexity: number;
  /** Settings bounding the rows bulk reads visit, which price them (src/server/cost.ts). */
  readSizes: ReadSizes;
  introspection: boolean;
  /** Strip "Did you mean" from every caller's errors (production), not only from callers without a key. */
  hideSuggestions: boolean;
  /** Counts refusals (failed key checks, rate limits) for /metrics. */
  onRefusal?: (reason: "invalid_key" | "rate_limited", bucket: "key" | "address") => void;
}

/** An operation ready to execute, or the errors that refuse it. */
export type Preparation =
  | {
      ok: true;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      cost: OperationCost;
      /** The variables to execute with: batch rows replaced by placeholders. */
      variables: Record<string, unknown>;
      /** The batch rows set aside, by variable name (Context.rawBatchArguments). */
      batchArguments: Map<string, unknown> | null;
    }
  | {
      ok: false;
      /** Where it failed: the document (parse, validate), or the operation (choice, role, cost, rate). */
      stage: "parse" | "validate" | "operation";
      errors: readonly GraphQLError[];
      /** The validated document, when the failure came after validation. */
      document?: DocumentNode;
      /** The operation refused, when it was identified (role, cost, rate limit). */
      operation?: OperationDefinitionNode;
    };

/** What a cached document keeps alive: its source text and, per token, its AST node and token object. */
export function documentBytes(document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token; token = token.next) tokens++;
  return Math.max(1, (document.loc?.source.body.length ?? 0) + 200 * tokens);
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const original = error instanceof Error ? error : new Error(String(error));
  return new GraphQLError(original.message, { originalError: original });
}

export class RequestPipeline {
  readonly parseOptions: ParseOptions;
  /** Added to graphql's specified rules on every transport. */
  readonly validationRules: readonly ValidationRule[];
  /**
   * Parsed, lifted and validated documents, bounded by bytes (DOCUMENT_CACHE_BYTES), for both
   * transports (keys: "text:" + query text, the same string the document's source keeps; Apollo
   * gets the prepared document and keeps no cache of its own). An entry is sized by
   * what it keeps alive: the source text, and the AST and token list (~200 bytes a token); the
   * graphql-jit function compiled per document lives in a WeakMap keyed by it and goes with it.
   */
  readonly documents: LRUCache<string, DocumentNode>;

  constructor(private readonly options: RequestPipelineOptions) {
    this.documents = new LRUCache<string, DocumentNode>({ maxSize: options.documentCacheBytes, sizeCalculation: (document, key) => documentBytes(document) + key.length });
    this.parseOptions = { maxTokens: options.maxTokens };
    this.validationRules = [
      fragmentSpreadLimitRule(options.maxFragmentSpreads),
      depthLimitRule(options.maxDepth),
      aliasLimitRule(options.maxAliases),
      ...(options.introspection ? [] : [noIntrospectionRule]),
    ];
  }

  private refuse(limiter: RateLimiter, bucket: "key" | "address", key: string, tokens: number): void {
    if (tokens > limiter.perMinute && limiter.perMinute > 0) {
      throw new QueryTooComplexError(`this operation costs ${tokens} tokens, more than a bucket holds (${limiter.perMinute} per minute); split it`);
    }
    const decision = limiter.take(key, tokens);
    if (decision.allowed) return;
    this.options.onRefusal?.("rate_limited", bucket);
    throw new RateLimitedError(decision.retryAfterSeconds, limiter.perMinute);
  }

  /**
   * Step 1, before any parsing: the caller's identity. Throws RATE_LIMITED when a request without
   * a valid key finds its address's bucket empty.
   */
  async identify(apiKey: string | null, clientAddress: string): Promise<Identity> {
    if (apiKey) {
      const cached = this.options.cachedPrincipal(apiKey);
      if (cached) return this.withTokensLeft({ principal: cached, apiKeyPresented: true, clientAddress });
      // A key check costs a lookup: an address that spent its budget on failed ones gets none.
      const state = this.options.addressLimiter.check(clientAddress);
      if (!state.allowed) {
        this.options.onRefusal?.("rate_limited", "address");
        throw new RateLimitedError(state.retryAfterSeconds, this.options.addressLimiter.perMinute);
      }
      const principal = await this.options.authenticate(apiKey);
      if (principal) return this.withTokensLeft({ principal, apiKeyPresented: true, clientAddress });
      this.options.onRefusal?.("invalid_key", "address");
    }
    this.refuse(this.options.addressLimiter, "address", clientAddress, 1);
    return { principal: null, apiKeyPresented: apiKey !== null, clientAddress };
  }

  /** A key whose bucket is empty (failed documents drain it too) is refused before its document is parsed. */
  private withTokensLeft(identity: Identity): Identity {
    const state = identity.principal ? this.options.keyLimiter.check(identity.principal.keyId) : { allowed: true, retryAfterSeconds: 0 };
    if (state.allowed) return identity;
    this.options.onRefusal?.("rate_limited", "key");
    throw new RateLimitedError(state.retryAfterSeconds, this.options.keyLimiter.perMinute);
  }

  /**
   * A document that failed to parse or validate still cost CPU: FAILED_DOCUMENT_TOKENS are taken
   * from the caller's bucket (as many as are left when fewer), so a flood of failing documents is
   * rate-limited like any other.
   */
  chargeFailedDocument(identity: Identity): void {
    const [limiter, key] = identity.principal ? [this.options.keyLimiter, identity.principal.keyId] : [this.options.addressLimiter, identity.clientAddress];
    const decision = limiter.take(key, FAILED_DOCUMENT_TOKENS);
    if (!decision.allowed && decision.remaining > 0) limiter.take(key, decision.remaining);
  }

  /** Whether validation errors may name schema members ("Did you mean …?") for this caller. */
  hidesSuggestions(identity: Identity): boolean {
    return this.options.hideSuggestions || identity.principal === null;
  }

  /** Step 3's policy on graphql's messages. */
  scrubValidationErrors(errors: readonly Error[], identity: Identity): void {
    if (this.hidesSuggestions(identity)) stripSuggestions(errors);
  }

  /**
   * Steps 4-6 on a parsed, validated operation: role, cost limit, rate limit. Throws the Domus
   * error that refuses it; returns its cost.
   */
  authorise(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, identity: Identity): OperationCost {
    const denied = accessDenied(identity.principal, requiredAccess(this.options.access, operation, document), identity.apiKeyPresented);
    if (denied) throw denied;
    refuseNulBytes(document, operation, variables);
    const cost = operationCost(this.options.schema, document, operation, variables ?? {}, this.options.readSizes);
    if (this.options.maxComplexity > 0 && cost.points > this.options.maxComplexity) {
      throw new QueryTooComplexError(`query cost ${cost.points} exceeds the limit of ${this.options.maxComplexity} (MAX_QUERY_COMPLEXITY)`, { cost: cost.points });
    }
    const tokens = tokensOf(cost);
    if (identity.principal) this.refuse(this.options.keyLimiter, "key", identity.principal.keyId, tokens);
    else this.refuse(this.options.addressLimiter, "address", identity.clientAddress, tokens - 1); // identify took one
    return cost;
  }

  /**
   * Step 2's first check, before any parsing: the query text's length in bytes (MAX_QUERY_BYTES).
   * Comments cost no parser tokens, so MAX_QUERY_TOKENS alone lets a 7 MB comment through.
   */
  checkQuerySize(query: unknown): void {
    if (typeof query !== "string" || query.length * 3 <= this.options.maxQueryBytes) return; // UTF-8: ≤ 3 bytes per UTF-16 unit
    const bytes = Buffer.byteLength(query, "utf8");
    if (bytes > this.options.maxQueryBytes) {
      throw new RequestRejectedError(413, `the query is ${bytes} bytes, more than the limit of ${this.options.maxQueryBytes} bytes (MAX_QUERY_BYTES); send inputs as variables`);
    }
  }

  /**
   * Steps 2-6 and the batch arguments, for every transport: the one function HTTP
   * (`usePreparedOperation` in plugins.ts, before Apollo would parse) and WebSocket (graphql-ws
   * `onSubscribe`) call. Parses with the limits, lifts inline batch literals into variables
   * (src/modules/predictions/batch-arguments.ts), validates, picks the operation, authorises,
   * prices with the raw rows, then sets the batch rows aside. A refusal carries its HTTP status in
   * `extensions.http` (400 for a client's mistake), so no transport answers one as an internal error.
   */
  prepare(query: unknown, operationName: string | null | undefined, variables: unknown, identity: Identity, transport: "http" | "ws"): Preparation {
    if (typeof query !== "string" || query.length === 0) return refused(badRequest("the operation has no query string"));
    if (variables !== null && variables !== undefined && (typeof variables !== "object" || Array.isArray(variables))) {
      return refused(badRequest("`variables` must be a JSON object of variable values"));
    }
    if (operationName !== null && operationName !== undefined && typeof operationName !== "string") return refused(badRequest("`operationName` must be a string"));
    const key = `text:${query}`;
    let document = this.documents.get(key);
    if (!document) {
      try {
        this.checkQuerySize(query);
        document = liftBatchLiterals(this.options.schema, parse(query, this.parseOptions));
      } catch (err) {
        this.chargeFailedDocument(identity);
        const tooLong = overTokenLimit(query, err, this.options.maxTokens);
        return { ok: false, stage: "parse", errors: [withStatus(asGraphQLError(tooLong ?? err), "GRAPHQL_PARSE_FAILED")] };
      }
      const errors = validate(this.options.schema, document, [...specifiedRules, ...this.validationRules]);
      if (errors.length > 0) {
        this.chargeFailedDocument(identity);
        this.scrubValidationErrors(errors, identity);
        return { ok: false, stage: "validate", errors: errors.map((e) => withStatus(e, "GRAPHQL_VALIDATION_FAILED")) };
      }
      this.documents.set(key, document);
    }
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) {
      const message = operationName ? `the document has no operation named ${JSON.stringify(operationName)}` : "the document has several operations: name the one to run with operationName";
      return refused(badRequest(message), document);
    }
    if (transport === "http" && operation.operation === "subscription") {
      return refused(badRequest("subscriptions run over WebSocket (graphql-transport-ws on /graphql), not over HTTP"), document, operation);
    }
    const raw = withLiftedValues(document, (variables as Record<string, unknown> | null | undefined) ?? {});
    try {
      const cost = this.authorise(document, operation, raw, identity);
      const batch = setAsideBatchArguments(operation, raw);
      return { ok: true, document, operation, cost, variables: batch.variables, batchArguments: batch.raw };
    } catch (err) {
      return refused(withStatus(asGraphQLError(err), "BAD_REQUEST"), document, operation);
    }
  }
}

/**
 * graphql-js gives up parsing at the token after `maxTokens` with a plain syntax error; told apart
 * from other syntax errors by where it stands (that token's start), not by its wording.
 */
export function overTokenLimit(query: string, error: unknown, maxTokens: number): QueryTooComplexError | null {
  const at = error instanceof GraphQLError ? error.positions?.[0] : undefined;
  if (at === undefined) return null;
  const lexer = new Lexer(new Source(query));
  try {
    for (let count = 1; ; count++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF || token.start > at) return null;
      if (count > maxTokens) return token.start === at ? new QueryTooComplexError(`the document has more than ${maxTokens} tokens (MAX_QUERY_TOKENS); send large inputs as variables`, { reason: "MAX_TOKENS" }) : null;
    }
  } catch {
    return null; // a lexical error before the limit: an ordinary syntax error
  }
}

/** A client's mistake in the request itself (not in its document): BAD_REQUEST, HTTP 400. */
function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST", http: { status: 400 } } });
}

function refused(error: GraphQLError, document?: DocumentNode, operation?: OperationDefinitionNode): Preparation {
  return { ok: false, stage: "operation", errors: [error], ...(document ? { document } : {}), ...(operation ? { operation } : {}) };
}

/**
 * The error with its code and HTTP status in `extensions` (Apollo sets the response's status from
 * `extensions.http` and drops it from the body): a Domus error's own status, else 400 with `code`.
 */
function withStatus(error: GraphQLError, code: string): GraphQLError {
  if (error.extensions.http) return error;
  const domus = domusErrorOf(error);
  const http = domus?.http ? { status: domus.http.status, headers: new HeaderMap(Object.entries(domus.http.headers ?? {})) } : { status: 400 };
  const extensions = { ...error.extensions, code: domus?.code ?? error.extensions.code ?? code, http };
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError ?? undefined, extensions });
}
