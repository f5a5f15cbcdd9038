// Worker-thread bootstrap when running from TypeScript sources: register tsx in this thread, then
// load the worker module named in workerData.entry (see src/worker-url.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
