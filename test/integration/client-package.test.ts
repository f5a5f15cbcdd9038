/**
 * The client as another project uses it: `npm pack` the package (what .npmignore and the build
 * leave in the tarball), unpack it into a temporary project's node_modules/domus, and
 * `import { createDomusClient } from "domus/client"` from plain Node ESM (.mjs) against an
 * in-process server, then type-check a small TypeScript app with moduleResolution node16 and
 * bundler. No network: the package's dependencies are not installed from a registry; its
 * node_modules is a symlink to this checkout's (the same versions package-lock.json pins), which
 * Node and tsc resolve exactly as an installed tree.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runNode } from "../helpers/process.ts";
import { ADMIN_KEY, FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

const run = promisify(execFile);
const ROOT = resolve(".");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

const APP_MJS = `import { createDomusClient, DomusClientError, PredictDocument } from "domus/client";
const domus = createDomusClient({ url: process.env.DOMUS_URL, apiKey: process.env.DOMUS_API_KEY });
const { predict } = await domus.mutate(PredictDocument, { input: JSON.parse(process.env.ROW) });
const stranger = createDomusClient({ url: process.env.DOMUS_URL, apiKey: "domus_not_a_key" });
const refused = await stranger.mutate(PredictDocument, { input: JSON.parse(process.env.ROW) }).catch((e) => e);
console.log(JSON.stringify({ value: predict.value, modelVersion: predict.modelVersion, refused: refused instanceof DomusClientError ? refused.code : String(refused) }));
await Promise.all([domus.close(), stranger.close()]);
`;

const APP_TS = `import { createDomusClient, DomusClientError, PredictDocument, type PredictMutation } from "domus/client";

const domus = createDomusClient({ url: "http://127.0.0.1:4000", apiKey: "domus_…" });
export async function price(rm: number): Promise<number> {
  const result: PredictMutation = await domus.mutate(PredictDocument, { input: { CRIM: 0.1, NOX: 0.5, RM: rm, AGE: 60, DIS: 4, RAD: 1, TAX: 300, PTRATIO: 15, B: 390, LSTAT: 8 } });
  const value: number = result.predict.value;
  return value;
}
export async function typo(): Promise<void> {
  // @ts-expect-error RM must be a number: the documents are typed end to end (unused, this fails tsc).
  await domus.mutate(PredictDocument, { input: { CRIM: 0.1, NOX: 0.5, RM: "six", AGE: 60, DIS: 4, RAD: 1, TAX: 300, PTRATIO: 15, B: 390, LSTAT: 8 } });
}
export const isRefusal = (e: unknown): boolean => e instanceof DomusClientError && e.code === "UNAUTHENTICATED";
`;

describe("the domus/client package", { timeout: 300_000 }, () => {
  const project = mkdtempSync(join(tmpdir(), "domus-client-app-"));
  let server: TestServer;

  beforeAll(async () => {
    // What `npm ci` / `npm run build` produce: dist/ (esbuild) and the client's .d.ts (tsc).
    const build = await runNode([join(ROOT, "scripts", "build.mjs")]);
    expect(build.stderr).toBe("");
    expect(build.stdout).toContain("client declarations emitted");
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", project], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const { filename } = (JSON.parse(stdout) as { filename: string }[])[0]!;
    const installed = join(project, "node_modules", "domus");
    mkdirSync(installed, { recursive: true });
    await run("tar", ["-xzf", join(project, filename), "-C", installed, "--strip-components=1"]);
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(installed, "node_modules"), "dir");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-app", private: true, type: "module" }));
    server = await startTestServer("sqlite");
  });
  afterAll(async () => {
    await server?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it("imports createDomusClient from plain Node ESM and predicts; errors are DomusClientError", async () => {
    writeFileSync(join(project, "app.mjs"), APP_MJS);
    const result = await runNode([join(project, "app.mjs")], { ...process.env, DOMUS_URL: server.url, DOMUS_API_KEY: ADMIN_KEY, ROW: JSON.stringify(FIRST_ROW) }, project);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as { value: number; modelVersion: number; refused: string };
    const direct = await server.gql<{ predict: { value: number } }>("mutation($input: HousingFeaturesInput!) { predict(input: $input) { value } }", { input: FIRST_ROW });
    expect(answer).toEqual({ value: direct.data!.predict.value, modelVersion: 1, refused: "UNAUTHENTICATED" });
  });

  it.each([
    // The package's .d.ts (and its dependencies') checked once, in node16; bundler checks resolution and use.
    ["node16", { module: "node16", moduleResolution: "node16", skipLibCheck: false }],
    ["bundler", { module: "esnext", moduleResolution: "bundler", skipLibCheck: true }],
  ])("type-checks a TypeScript app with moduleResolution %s (tsc --noEmit)", async (name, options) => {
    const dir = join(project, `ts-${name}`);
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `my-app-${name}`, private: true, type: "module" }));
    symlinkSync(join(project, "node_modules"), join(dir, "node_modules"), "dir");
    writeFileSync(join(dir, "src", "app.ts"), APP_TS);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "es2022", strict: true, noEmit: true, types: [], ...options }, include: ["src"] }));
    const typed = await runNode([TSC, "-p", join(dir, "tsconfig.json")], process.env, dir);
    expect(typed.stdout + typed.stderr).toBe("");
    expect(typed.code).toBe(0);
    // The same app with the mistake uncommented is refused: the check is real.
    writeFileSync(join(dir, "src", "app.ts"), APP_TS.replace(/ *\/\/ @ts-expect-error.*\n/, ""));
    const wrong = await runNode([TSC, "-p", join(dir, "tsconfig.json")], process.env, dir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/src\/app\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
