/**
 * SQLite monitoring reads in a thread of their own (issue #23 item 5): `threadedReader` returns a
 * `Db`-shaped client whose model reads (findMany, findFirst, findUnique, count, aggregate,
 * groupBy) and `$queryRawUnsafe` run in src/db/read.worker.ts on a read-only connection. The
 * serving thread only sends the arguments and receives the rows (structured clone), so a read
 * over millions of rows (a predictions page's count, a long window) never blocks `predict` or
 * `/healthz`. Writes are refused: this client is for reads.
 */
import { siblingWorker } from "../../pipeline/worker-url.ts";
import type { Db } from "./client.ts";
import { WriterThread } from "./writer-thread.ts";

export const READ_METHODS = new Set(["findMany", "findFirst", "findUnique", "findFirstOrThrow", "findUniqueOrThrow", "count", "aggregate", "groupBy"]);

export interface ReadMessage {
  model?: string;
  method?: string;
  args?: unknown;
  raw?: string;
  params?: unknown[];
  close?: true;
}

export function threadedReader(path: string): { prisma: Db; close(): Promise<void> } {
  const thread = new WriterThread<ReadMessage>({ start: siblingWorker("./read.worker", import.meta.url), workerData: { path }, label: "read" });
  const delegates = new Map<string, object>();
  const delegate = (model: string) => {
    let d = delegates.get(model);
    if (!d) {
      d = new Proxy(
        {},
        {
          get: (_, method) => {
            if (typeof method !== "string" || !READ_METHODS.has(method)) throw new Error(`the read connection only reads: ${model}.${String(method)} is not available`);
            return (args?: unknown) => thread.call({ model, method, args });
          },
        },
      );
      delegates.set(model, d);
    }
    return d;
  };
  const close = () => thread.close({ close: true });
  const prisma = new Proxy(
    {},
    {
      get: (_, prop) => {
        if (prop === "$queryRawUnsafe") return (raw: string, ...params: unknown[]) => thread.call({ raw, params });
        if (prop === "$disconnect") return close;
        if (prop === "then" || typeof prop !== "string") return undefined; // not a promise
        if (prop.startsWith("$")) throw new Error(`the read connection does not support ${prop}`);
        return delegate(prop);
      },
    },
  ) as Db;
  return { prisma, close };
}
