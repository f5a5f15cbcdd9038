import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node, and so type-graphql and Apollo,
    // load the CJS one; Vite would hand our sources the ESM one, and graphql refuses types from
    // "another realm". Point everything at the build Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/setup.ts"],
    // Integration files start servers and train a model each; two cores, so two workers.
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // Failure bounds, not expected durations: tests wait for signals (test/helpers/wait.ts), and
    // these only stop a hung test. Sized for a 2-core machine at a load average of 30 (seen while
    // several suites and builds share it); a test that trains sets its own, larger bound.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
