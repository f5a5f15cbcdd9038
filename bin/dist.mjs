// The compiled build in dist/: is it current with the sources, and how to (re)build it. Used by
// bin/domus.mjs (runs dist/ when current, rebuilds it when a source changed) and scripts/build.mjs.
// Plain JavaScript with no dependencies at import time, so checking costs a few milliseconds.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const SOURCE_DIRS = ["src", "pipeline", "models"];
const STAMP = ".sources";

/** Every .ts source with its newest modification time. */
function scanSources(root) {
  const files = [];
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        files.push(path);
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return { files, signature: `${files.length}:${newest}` };
}

/**
 * "current": dist/ matches the sources (or there are no sources, as in the container image);
 * "stale": a source was added, removed or changed since the build; "missing": never built.
 */
export function distState(root) {
  let stamp;
  try {
    stamp = readFileSync(join(root, "dist", STAMP), "utf8");
  } catch {
    return "missing";
  }
  const { files, signature } = scanSources(root);
  return files.length === 0 || stamp === signature ? "current" : "stale";
}

/**
 * Compiles every source file to dist/<same path>.js (imports of ./x.ts become ./x.js). Each file is
 * written to a temporary name and renamed, so a process starting meanwhile never reads half a file.
 */
export async function buildDist(root) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    return { built: false, reason: "esbuild is not installed (production install without dev dependencies)" };
  }
  const started = performance.now();
  const { files, signature } = scanSources(root);
  const relativeTs = {
    name: "relative-ts-to-js",
    setup(build) {
      // Keep every import external (one output per source); only rename the .ts extension.
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        return { path: args.path.replace(/\.ts$/, ".js"), external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: files,
    outbase: root,
    outdir: join(root, "dist"),
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    tsconfig: join(root, "tsconfig.json"),
    plugins: [relativeTs],
    logLevel: "warning",
  });
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  writeFileSync(join(root, "dist", STAMP), signature);
  return { built: true, files: files.length, ms: Math.round(performance.now() - started), outputs: result.outputFiles.map((f) => relative(root, f.path)) };
}
