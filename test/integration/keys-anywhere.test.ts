/**
 * "Keys anywhere": a server started in one directory records its URL and key file in the
 * per-user config, and `domus` client commands run from any other directory find both; offline
 * `keys` commands refuse a database that does not exist; the hints name the right places.
 */
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runNode, type ServerProcess, spawnServer, waitForExit } from "../helpers/process.ts";

describe("keys anywhere", { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), "domus-anywhere-"));
  const repo = join(root, "repo"); // where the server runs, with the default DATABASE_URL
  const elsewhere = join(root, "elsewhere"); // where the user runs the CLI
  const xdg = join(root, "xdg");
  const configFile = join(xdg, "domus", "config.json");
  let server: ServerProcess;
  // The user's environment: no DOMUS_URL, DOMUS_API_KEY, DATABASE_URL or ADMIN_KEY_FILE.
  const { DOMUS_URL: _u, DOMUS_API_KEY: _k, DATABASE_URL: _d, ADMIN_KEY_FILE: _f, ...base } = process.env;
  const userEnv = { ...base, HOME: root, XDG_CONFIG_HOME: xdg, LOG_LEVEL: "silent" };
  const domus = (env: NodeJS.ProcessEnv, ...args: string[]) => runNode([BIN, ...args], env, elsewhere);

  beforeAll(async () => {
    mkdirSync(repo);
    mkdirSync(elsewhere);
    server = await spawnServer({ HOME: root, XDG_CONFIG_HOME: xdg }, { cwd: repo });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await waitForExit(server.child);
    }
    rmSync(root, { recursive: true, force: true });
  });

  it("`domus serve` writes the per-user config (0600, a key path, no secret); `domus models list` works from another directory without flags", async () => {
    const keyFile = join(repo, "data", "domus.db.admin.key");
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(xdg, "domus")).mode & 0o777).toBe(0o700);
    const written = JSON.parse(readFileSync(configFile, "utf8"));
    expect(written).toMatchObject({ url: server.url, keyFile, database: join(repo, "data", "domus.db") });
    expect(readFileSync(configFile, "utf8")).not.toContain(readFileSync(keyFile, "utf8").trim());

    const list = await domus(userEnv, "models", "list", "--json");
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it("offline `keys` commands refuse a database that does not exist, name it and create nothing", async () => {
    for (const args of [["keys", "list"], ["keys", "create", "ci", "READ"]]) {
      const result = await domus(userEnv, ...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`no database at ${join(elsewhere, "data", "domus.db")}`);
      expect(result.stderr).toContain("nothing was created");
      expect(result.stderr).toContain(`DATABASE_URL=file:${join(repo, "data", "domus.db")}`); // the server's, from the per-user config
    }
    expect(readdirSync(elsewhere)).toEqual([]);
    // With the server's database named, they work.
    const list = await domus({ ...userEnv, DATABASE_URL: `file:${join(repo, "data", "domus.db")}` }, "keys", "list", "--json");
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((k: { role: string }) => k.role)).toEqual(["ADMIN"]);
  });

  it("without any key the hint names the per-user config, DATABASE_URL / ADMIN_KEY_FILE and --api-key, not `keys create`", async () => {
    const empty = join(root, "empty-xdg");
    const result = await domus({ ...userEnv, XDG_CONFIG_HOME: empty, DOMUS_URL: server.url }, "models", "list");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("UNAUTHENTICATED");
    expect(result.stderr).toContain(`sent no key: none of data/domus.db.admin.key, data/admin.key exists and no ${join(empty, "domus", "config.json")}`);
    expect(result.stderr).toMatch(/`domus serve`.*DATABASE_URL or ADMIN_KEY_FILE.*--api-key \/ DOMUS_API_KEY/);
    expect(result.stderr).not.toContain("keys create");
    expect(existsSync(empty)).toBe(false);
  });

  it("the per-user config's admin key goes to its own server only: --url or DOMUS_URL naming another sends none", async () => {
    const seen: (string | undefined)[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers["x-api-key"] as string | undefined);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: "no key", extensions: { code: "UNAUTHENTICATED" } }] }));
    });
    other.listen(0, "127.0.0.1");
    await once(other, "listening");
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const byFlag = await domus(userEnv, "models", "list", "--url", otherUrl);
      const byEnv = await domus({ ...userEnv, DOMUS_URL: otherUrl }, "models", "list");
      expect([byFlag.code, byEnv.code]).toEqual([1, 1]);
      expect(seen).toEqual([undefined, undefined]);
    } finally {
      other.close();
    }
  });

  it("once the server stopped, the CLI says the per-user config's server is unreachable", async () => {
    server.child.kill("SIGTERM");
    await waitForExit(server.child);
    const result = await domus(userEnv, "models", "list");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach the server at ${server.url}`);
    expect(result.stderr).toContain(`from ${configFile}`);
  });
});
