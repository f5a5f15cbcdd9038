// type-graphql reads decorator metadata through the Reflect API.
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

// `domus serve` writes the per-user config (src/user-config.ts): servers spawned by a test file
// write it in a directory of their own, never in the user's ~/.config.
delete process.env.DOMUS_USER_CONFIG;
const xdg = mkdtempSync(join(tmpdir(), "domus-test-xdg-"));
process.env.XDG_CONFIG_HOME = xdg;
afterAll(() => rmSync(xdg, { recursive: true, force: true }));
