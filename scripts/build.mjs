#!/usr/bin/env node
// Compiles the TypeScript sources (src/, pipeline/, models/) to JavaScript in dist/ with esbuild,
// one output file per source file (the source tree's layout), so `domus` runs
// without tsx and starts fast. Run by postinstall and `npm run build`; bin/domus.mjs runs it again
// when a source is newer than the build (see bin/dist.mjs). Type checking is `npm run typecheck`.
// Then the declarations of the published client (dist/src/client/*.d.ts, tsconfig.client.json),
// so `import { createDomusClient } from "domus/client"` is typed in JavaScript and TypeScript apps.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, sep } from "node:path";
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

if (root.split(sep).includes("node_modules")) {
  // Installed as a dependency (from a tarball or the registry): the package carries its .d.ts, and
  // the app's own TypeScript (hoisted next to it) must not be run on Domus's tsconfig.
  process.exit(0);
}
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  // A production install (no dev dependencies) runs the server, not the client's type declarations.
  console.log("typescript is not installed: skipping the client's .d.ts");
  process.exit(0);
}
const started = performance.now();
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.client.json")], { stdio: "inherit" });
console.log(`client declarations emitted (dist/src/client/*.d.ts, ${Math.round(performance.now() - started)} ms)`);
