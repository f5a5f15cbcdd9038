#!/usr/bin/env node
// Compiles the TypeScript sources (src/, pipeline/, models/) to JavaScript in dist/ with esbuild,
// one output file per source file (the source tree's layout), so `domus` runs
// without tsx and starts fast. Run by postinstall and `npm run build`; bin/domus.mjs runs it again
// when a source is newer than the build (see bin/dist.mjs). Type checking is `npm run typecheck`.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "src", "cli.ts"))) {
  // npm ci in the Dockerfile runs postinstall before the sources are copied in.
  console.log("no sources yet: skipping the dist/ build");
  process.exit(0);
}
// Imported after the check: the Dockerfile runs postinstall before bin/ is copied in too.
const { buildDist } = await import("../bin/dist.mjs");
const result = await buildDist(root);
console.log(result.built ? `dist/ compiled (${result.files} files, ${result.ms} ms)` : `dist/ not compiled: ${result.reason}`);
