#!/usr/bin/env node
// Renders prisma/models.prisma into one schema per provider. `--check` exits 1 when a
// rendered schema differs from what is on disk (used by the test suite).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PROVIDERS = {
  sqlite: "file:../../data/domus.db",
  postgresql: "postgresql://localhost:5432/domus",
};

export function renderSchema(provider) {
  const models = readFileSync(join(root, "prisma", "models.prisma"), "utf8");
  const header = `// GENERATED from prisma/models.prisma by scripts/prisma-schemas.mjs: edit that file, not this one.

generator client {
  provider        = "prisma-client"
  output          = "../../src/generated/prisma/${provider}"
  engineType      = "client"
  moduleFormat    = "esm"
  importFileExtension = "ts"
}

// The URL is not used at run time (Domus passes a driver adapter); it must parse for the CLI.
datasource db {
  provider = "${provider}"
  url      = "${PROVIDERS[provider]}"
}

`;
  return header + models;
}

const check = process.argv.includes("--check");
let stale = false;
for (const provider of Object.keys(PROVIDERS)) {
  const path = join(root, "prisma", provider, "schema.prisma");
  const text = renderSchema(provider);
  let current = null;
  try { current = readFileSync(path, "utf8"); } catch { /* missing */ }
  if (current === text) continue;
  if (check) { console.error(`stale: ${path} (run npm run prisma:schemas)`); stale = true; continue; }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
process.exit(stale ? 1 : 0);
