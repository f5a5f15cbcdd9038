// How a Domus server process is launched in production: the one list the Dockerfile's CMD and
// ENV, `npm start` and `npm run bench` follow (test/unit/launch.test.ts checks they agree).
//
// Measured on the 2-core machine kind (README, Performance), resident memory after the bench load:
// ~290 MB with V8's defaults; ~245 MB with a 4 MiB young generation (instead of 16 MiB) and two
// malloc arenas (instead of one per thread); ~180 MB when the old generation may also grow only
// by half its live size before a full collection (V8's own factor lets a 40 MB live heap reach
// 150 MB of mostly garbage after a few 10,000-row batches). Predict throughput and batch times
// stayed the same within the noise of back-to-back runs.
//
// --single-threaded-gc: V8's parallel scavenges and concurrent marking run helper threads that
// compete with the event loop, the prediction writer and the load for two cores; without them,
// predict p99 under wrk -t2 -c16 (log on) went from 12.3-12.9 ms to 8.3-8.9 ms in alternating
// runs, with the same throughput and batch times.

/** Node/V8 flags of the server process. */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=4", "--heap-growing-percent=50", "--single-threaded-gc"];

// MALLOC_MMAP_THRESHOLD_: glibc serves allocations above 128 KiB (request bodies and responses of
// large batches) with their own mappings, returned to the system when freed; by default the
// threshold rises to the largest block freed so far (up to 32 MiB), and later blocks of that size
// stay in the heap after use. Resident memory after the bench load, five alternating pairs:
// 173-187 -> 154-171 MB after the predict load, 185-204 -> 183-192 MB after the batches.

/** Environment of the server process (read by glibc at process start, so it cannot be set from inside). */
export const SERVER_ENV = { MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "131072" };
