/**
 * A compiled executor for Apollo Server, plugged in through its gateway interface: each
 * validated document is compiled once by graphql-jit into a JavaScript function (variable
 * coercion, field resolution and result completion generated for that one document) and cached
 * with the document, which Apollo itself caches by query text. A hot `predict` then skips
 * graphql-js's generic per-request work (building the execution context, coercing variables
 * through the schema, walking the selection set): see docs/performance.md.
 *
 * Everything before execution is unchanged: the request pipeline (`prepare`, the same on both
 * transports) parses, validates, authorises, prices and sets batch rows aside. Two cases go to graphql-js
 * instead, so that clients see exactly the errors they always did:
 *   - a document graphql-jit cannot compile (the reason is logged once);
 *   - variables that fail coercion: nothing has run yet, and graphql-js words the error
 *     (`Variable "$i" got invalid value …`) the way the error formatter maps to field paths.
 *
 * For an operation of one root field, the executor also waits for the commit a resolver hands it
 * (Context.deferCommit), so the resolver need not: a 10,000-row batch's result is completed while
 * its rows are committed, instead of after. The answer still comes only after the commit, and a
 * failed commit answers exactly as the resolver throwing would have.
 */
import type { ApolloServerOptions } from "@apollo/server";
import { type DocumentNode, type ExecutionResult, type FieldNode, GraphQLError, type GraphQLSchema, type OperationDefinitionNode, Kind, execute, isNonNullType, locatedError } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { Context } from "../context.ts";
import type { Logger } from "../logger.ts";

type Gateway = NonNullable<ApolloServerOptions<Context>["gateway"]>;
type Executor = NonNullable<Awaited<ReturnType<Gateway["load"]>>["executor"]>;
type GatewayRequestContext = Parameters<Executor>[0];

/** Compiled operations of one document, by operation name ("" for the only one); null: not compilable. */
type Compiled = Map<string, CompiledQuery | null>;

/** Apollo's `gateway` option: the schema as it is, its operations run by `executor`. */
export function compiledExecutor(schema: GraphQLSchema, logger: Logger): Gateway {
  // Keyed by the DocumentNode Apollo hands over: its document store returns the same object for
  // the same query text, so a WeakMap entry lives exactly as long as Apollo keeps the document.
  const cache = new WeakMap<DocumentNode, Compiled>();

  const compiledFor = (document: DocumentNode, operationName: string | null | undefined): CompiledQuery | null => {
    let byName = cache.get(document);
    if (!byName) {
      byName = new Map();
      cache.set(document, byName);
    }
    const key = operationName ?? "";
    let compiled = byName.get(key);
    if (compiled === undefined) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      if (isCompiledQuery(result)) compiled = result;
      else {
        compiled = null;
        logger.warn({ operationName, errors: result.errors?.map((e) => e.message) }, "graphql-jit cannot compile this document; graphql-js executes it");
      }
      byName.set(key, compiled);
    }
    return compiled;
  };

  const graphqlJs = (rc: GatewayRequestContext): Promise<ExecutionResult> | ExecutionResult =>
    execute({ schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName: rc.request.operationName });

  const run = async (rc: GatewayRequestContext): Promise<ExecutionResult> => {
    const compiled = compiledFor(rc.document, rc.request.operationName);
    if (!compiled) return graphqlJs(rc);
    const result = await compiled.query(undefined, rc.context, rc.request.variables ?? {});
    // No `data` at all: the variables were refused before anything ran.
    if (result.errors?.length && result.data === undefined) return graphqlJs(rc);
    if (result.errors?.some((e) => e.extensions === undefined)) return { ...result, errors: result.errors.map(asGraphqlJsError) };
    return result;
  };

  const executor: Executor = async (rc) => {
    const field = onlyRootField(rc.operation);
    if (!field) return run(rc);
    // One root field: its resolver may hand over the commit of what it stored (Context.deferCommit),
    // so that the result is completed while the rows are committed. The answer waits for the
    // commit; a failed commit answers as the resolver throwing would have: the field's error.
    const context = rc.context as Context;
    let commits: Promise<unknown>[] | undefined;
    context.deferCommit = (commit) => {
      (commits ??= []).push(commit);
      commit.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    };
    let result: ExecutionResult;
    try {
      result = await run(rc);
    } catch (err) {
      // Not even an error answer goes out before what was handed over has settled.
      if (commits) await Promise.allSettled(commits);
      throw err;
    } finally {
      context.deferCommit = undefined;
    }
    if (!commits) return result;
    try {
      await Promise.all(commits);
      return result;
    } catch (err) {
      return fieldFailed(schema, rc.operation, field, err);
    }
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    async stop() {},
  };
}

/** The operation's root field when it selects exactly one (no fragments), else null. */
function onlyRootField(operation: OperationDefinitionNode): FieldNode | null {
  const selections = operation.selectionSet.selections;
  return selections.length === 1 && selections[0]?.kind === Kind.FIELD ? selections[0] : null;
}

/** What graphql-js answers when that root field's resolver throws `err`: the located error, and null in its place. */
function fieldFailed(schema: GraphQLSchema, operation: OperationDefinitionNode, field: FieldNode, err: unknown): ExecutionResult {
  const key = field.alias?.value ?? field.name.value;
  const rootType = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  const definition = rootType?.getFields()[field.name.value];
  const error = locatedError(err, [field], [key]);
  return { errors: [error], data: definition && isNonNullType(definition.type) ? null : { [key]: null } };
}

/**
 * graphql-jit's error for a thrown value without `extensions` (any plain Error: an unexpected
 * failure) has none at all, where graphql-js gives an empty object; Apollo's error formatting
 * reads `extensions.code` and, failing, answers "Internal server error" without the path. The
 * same error as graphql-js makes it: message, locations, path, original error, empty extensions.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (error.extensions !== undefined) return error;
  const same = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  // graphql-js derives locations from AST nodes, which graphql-jit does not keep; it keeps the locations.
  (same as { locations: GraphQLError["locations"] }).locations = error.locations;
  return same;
}
