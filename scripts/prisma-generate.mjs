#!/usr/bin/env node
// Generates the Prisma clients for both providers (run by `npm install`/`npm ci` as postinstall).
// Uses the JS engine configs in prisma/<provider>/prisma.config.ts: nothing is downloaded.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "node_modules", "prisma", "build", "index.js");
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync(process.execPath, [cli, "generate", "--config", join("prisma", provider, "prisma.config.ts")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}
console.log("prisma clients generated (sqlite, postgresql)");
