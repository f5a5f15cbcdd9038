/**
 * The SQLite read thread (src/db/read-thread.ts): a read-only Prisma client on its own
 * better-sqlite3 connection, answering model reads by the WriterThread protocol. better-sqlite3
 * runs queries synchronously, so a long read here never stalls the serving event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/sqlite/client.ts";
import { READ_METHODS, type ReadMessage } from "./read-thread.ts";

const { path } = workerData as { path: string };
const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: path, timeout: 5000, readonly: true } as { url: string }) });

async function answer(message: ReadMessage & { id: number }): Promise<unknown> {
  if (message.raw !== undefined) return prisma.$queryRawUnsafe(message.raw, ...(message.params ?? []));
  const { model, method } = message;
  if (!model || !method || !READ_METHODS.has(method)) throw new Error(`the read thread does not run ${model}.${method}`);
  const delegate = (prisma as unknown as Record<string, Record<string, (args: unknown) => Promise<unknown>> | undefined>)[model];
  if (!delegate || typeof delegate[method] !== "function") throw new Error(`unknown model ${model}`);
  return delegate[method](message.args);
}

parentPort?.on("message", (message: ReadMessage & { id: number }) => {
  if (message.close) {
    void prisma.$disconnect().finally(() => {
      parentPort?.postMessage({ id: message.id });
      parentPort?.close();
    });
    return;
  }
  answer(message).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (err: unknown) => parentPort?.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
