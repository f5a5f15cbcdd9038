// Worker-thread bootstrap when running from TypeScript sources: register tsx in this thread (with
// the package's tsconfig, whatever the working directory), then load the worker module named in
// workerData.entry (see src/worker-url.ts).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register({ tsconfig: join(dirname(fileURLToPath(import.meta.url)), "..", "tsconfig.json") });
await import(workerData.entry);
