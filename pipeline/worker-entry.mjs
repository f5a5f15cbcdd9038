// Worker-thread bootstrap when running from TypeScript sources: register tsx in this thread,
// then load the worker. (The compiled build starts dist/pipeline/worker.js directly.)
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
