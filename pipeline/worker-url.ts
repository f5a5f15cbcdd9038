/**
 * Worker threads from TypeScript sources: Node cannot load .ts in a worker by itself, so when
 * running under tsx a worker starts from bin/tsx-worker.mjs, which registers tsx in that thread
 * and imports the real entry. The compiled build starts the .js entry directly.
 */

export function workerStart(entry: URL): { url: URL; workerData: { entry: string } } {
  const fromSources = entry.pathname.endsWith(".ts");
  if (!fromSources) return { url: entry, workerData: { entry: entry.href } };
  return { url: new URL("../bin/tsx-worker.mjs", import.meta.url), workerData: { entry: entry.href } };
}


/**
 * The worker entry `name` (without extension) beside the module at `moduleUrl`: the .ts source
 * when that module runs from sources (tsx), the compiled .js otherwise, started as workerStart does.
 */
export function siblingWorker(name: string, moduleUrl: string): { url: URL; workerData: { entry: string } } {
  return workerStart(new URL(`${name}${moduleUrl.endsWith(".ts") ? ".ts" : ".js"}`, moduleUrl));
}
