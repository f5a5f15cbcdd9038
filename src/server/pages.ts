/**
 * The browser pages: the GraphQL playground (GraphiQL) and the dashboard, bundled into web/dist
 * by scripts/build-web.mjs at install/build time and served from here — no CDN, works offline.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../paths.ts";

const ASSET_DIR = join(PACKAGE_ROOT, "web", "dist");
const ASSET_NAME = /^[a-z0-9-]+\.(js|css)$/;
const TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

/** Content-Security-Policy of the pages: only this origin, WebSockets to it, inline styles for GraphiQL. */
export const PAGE_CSP = "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; frame-ancestors 'none'";

export function pageHtml(page: "playground" | "dashboard", title: string): string | null {
  if (!existsSync(join(ASSET_DIR, `${page}.js`))) return null;
  const css = existsSync(join(ASSET_DIR, `${page}.css`)) ? `<link rel="stylesheet" href="/assets/${page}.css">` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${css}
</head>
<body>
<div id="root"></div>
<script type="module" src="/assets/${page}.js"></script>
</body>
</html>
`;
}

const cache = new Map<string, { body: Buffer; contentType: string }>();

/** A bundled asset by file name, or null. */
export function asset(name: string): { body: Buffer; contentType: string } | null {
  if (!ASSET_NAME.test(name)) return null;
  const cached = cache.get(name);
  if (cached) return cached;
  const path = join(ASSET_DIR, name);
  if (!existsSync(path)) return null;
  const entry = { body: readFileSync(path), contentType: TYPES[name.split(".").pop() as string] as string };
  cache.set(name, entry);
  return entry;
}
