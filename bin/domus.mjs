#!/usr/bin/env node
// `domus`: runs the compiled JavaScript in dist/ (fast start, no TypeScript at run time), compiling
// it first when it is missing or a source is newer (esbuild, about a second). Without esbuild (a
// production install) and without a current dist/, it runs the sources through tsx. Either way it
// works from any working directory: nothing depends on the cwd's tsconfig.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildDist, distState } from "./dist.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let current = distState(root) === "current";
if (!current) current = (await buildDist(root)).built;
if (current) {
  await import(pathToFileURL(join(root, "dist", "src", "cli.js")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: join(root, "tsconfig.json") });
  await import("../src/cli.ts");
}
