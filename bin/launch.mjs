// How a Domus server process is launched in production: the one list the Dockerfile's CMD and
// ENV, `npm start` and `npm run bench` follow (test/unit/launch.test.ts checks they agree).
//
// Measured on the 2-core machine kind (README, Performance): a 4 MiB young generation instead of
// V8's 16 MiB and two malloc arenas instead of one per thread take resident memory after the
// bench load from ~290 MB to ~240 MB, with predict throughput and batch times unchanged within noise.

/** Node/V8 flags of the server process. */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4"];

/** Environment of the server process (read by glibc at process start, so it cannot be set from inside). */
export const SERVER_ENV = { MALLOC_ARENA_MAX: "2" };
