#!/usr/bin/env node
// Bundles the browser pages (web/playground, web/dashboard) into web/dist with esbuild: no CDN,
// everything the pages need is served by Domus itself. Run by postinstall and `npm run build:web`.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  // Production installs (npm ci --omit=dev) have no esbuild: the pages are then not available.
  console.log("esbuild not installed: skipping the web bundles");
  process.exit(0);
}
const outdir = join(root, "web", "dist");
mkdirSync(outdir, { recursive: true });
const pages = ["playground", "dashboard"];
await Promise.all(
  pages.map((page) =>
    esbuild.build({
      entryPoints: [join(root, "web", page, "main.tsx")],
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2022",
      platform: "browser",
      outfile: join(outdir, `${page}.js`),
      loader: { ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".svg": "dataurl" },
      define: { "process.env.NODE_ENV": '"production"' },
      legalComments: "none",
      logLevel: "warning",
    }),
  ),
);
console.log(`web bundles written to web/dist (${pages.join(", ")})`);
