/**
 * A compiled executor for Apollo Server, plugged in through its gateway interface: each
 * validated document is compiled once by graphql-jit into a JavaScript function (variable
 * coercion, field resolution and result completion generated for that one document) and cached
 * with the document, which Apollo itself caches by query text. A hot `predict` then skips
 * graphql-js's generic per-request work (building the execution context, coercing variables
 * through the schema, walking the selection set): see README, Performance.
 *
 * Everything before execution is unchanged: Apollo parses and validates, and the request
 * pipeline's plugins authorise, price and rate-limit as before. Two cases go to graphql-js
 * instead, so that clients see exactly the errors they always did:
 *   - a document graphql-jit cannot compile (the reason is logged once);
 *   - variables that fail coercion: nothing has run yet, and graphql-js words the error
 *     (`Variable "$i" got invalid value …`) the way the error formatter maps to field paths.
 */
import type { ApolloServerOptions } from "@apollo/server";
import { type DocumentNode, type ExecutionResult, type GraphQLSchema, execute } from "graphql";
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

  const executor: Executor = async (rc) => {
    const compiled = compiledFor(rc.document, rc.request.operationName);
    if (!compiled) return graphqlJs(rc);
    const result = await compiled.query(undefined, rc.context, rc.request.variables ?? {});
    // No `data` at all: the variables were refused before anything ran.
    if (result.errors?.length && result.data === undefined) return graphqlJs(rc);
    return result;
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
