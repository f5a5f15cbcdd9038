/**
 * The compiled executor's commit hand-over (Context.deferCommit): offered only to an operation
 * of one root field, the answer waits for every commit handed over, a failed commit answers as
 * graphql-js does when the resolver throws, and the offer does not outlive the operation.
 */
import { type DocumentNode, type GraphQLSchema, buildSchema, execute, getOperationAST, parse } from "graphql";
import { describe, expect, it } from "vitest";
import type { Context } from "../../src/context.ts";
import { createLogger } from "../../src/logger.ts";
import { compiledExecutor } from "../../src/server/compiled-executor.ts";

interface Probe {
  /** Whether the resolver was offered the hand-over, per call. */
  offered: boolean[];
  /** The commit each call hands over (when offered). */
  commit: () => Promise<void>;
}

function schemaFor(probe: Probe): GraphQLSchema {
  const schema = buildSchema("type Query { ok: Boolean } type Mutation { store: Int! maybe: Int }");
  const resolve = async (_root: unknown, _args: unknown, ctx: Context) => {
    probe.offered.push(ctx.deferCommit !== undefined);
    if (ctx.deferCommit) ctx.deferCommit(probe.commit());
    else await probe.commit();
    return 7;
  };
  const fields = schema.getMutationType()!.getFields();
  fields.store!.resolve = resolve as never;
  fields.maybe!.resolve = resolve as never;
  return schema;
}

async function run(schema: GraphQLSchema, document: DocumentNode, context: Partial<Context> = {}) {
  const gateway = compiledExecutor(schema, createLogger({ logLevel: "silent" }));
  const { executor } = await gateway.load({ apollo: {} as never });
  const operation = getOperationAST(document)!;
  const rc = { document, operation, operationName: null, request: { variables: {} }, context } as never;
  return { result: await executor!(rc), context };
}

/** A commit that settles when told to. */
function pending(): { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void } {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("the executor's commit hand-over", () => {
  it("is offered to an operation of one root field, and the answer waits for the commit", async () => {
    const commit = pending();
    const probe: Probe = { offered: [], commit: () => commit.promise };
    let answered = false;
    const answer = run(schemaFor(probe), parse("mutation { store }")).then((r) => {
      answered = true;
      return r;
    });
    // Let the resolver run and the result complete: the answer must still be waiting.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(probe.offered).toEqual([true]);
    expect(answered).toBe(false);
    commit.resolve();
    const { result, context } = await answer;
    expect(result).toEqual({ data: { store: 7 } });
    expect(context.deferCommit).toBeUndefined(); // not left for anything that runs later
  });

  it("answers a failed commit as graphql-js answers the resolver throwing it: non-null and nullable fields, aliases", async () => {
    const failure = () => Promise.reject(new Error("disk full"));
    for (const query of ["mutation { store }", "mutation { maybe }", "mutation { kept: store }", "mutation { kept: maybe }"]) {
      const probe: Probe = { offered: [], commit: failure };
      const { result } = await run(schemaFor(probe), parse(query));
      expect(probe.offered).toEqual([true]);
      // graphql-js, with a resolver that awaits the same failing commit itself.
      const plain = await execute({ schema: schemaFor({ offered: [], commit: failure }), document: parse(query), contextValue: {} });
      expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(plain)));
      expect(result.errors?.[0]?.originalError?.message).toBe("disk full");
    }
  });

  it("is not offered when the operation has more than one root field or a fragment at the root", async () => {
    for (const query of ["mutation { store maybe }", "mutation { ... on Mutation { store } }", "mutation { a: store b: store }"]) {
      const probe: Probe = { offered: [], commit: async () => undefined };
      const { result } = await run(schemaFor(probe), parse(query));
      expect(result.errors).toBeUndefined();
      expect(probe.offered.every((o) => !o)).toBe(true);
    }
  });
});
