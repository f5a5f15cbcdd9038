/**
 * The per-user config (default `$XDG_CONFIG_HOME/domus/config.json`, else `~/.config/domus/`):
 * every `domus serve` records where it listens and the absolute path of its admin key file, so
 * `domus` client commands find the server and its key from any directory. It holds a path, never
 * the secret: the key stays in its one 0600 file next to the database (rotating or deleting it
 * there is enough), and this file can be read or shared without leaking a key. Written 0600 in a
 * 0700 directory all the same: it says where the key is and which database the server uses.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface UserConfig {
  /** The server started last: http://host:port, 127.0.0.1 when it listens on every interface. */
  url: string;
  /** Absolute path of its admin key file; null when it has none (ADMIN_API_KEY deployments). */
  keyFile: string | null;
  /** Its database, for messages: a SQLite file's absolute path, or a PostgreSQL URL without its password. */
  database: string;
  /** When that server started (ISO 8601). */
  startedAt: string;
}

/** Writes the file atomically (a temporary file renamed over it), so a reader never sees half of it. */
export function writeUserConfig(path: string, config: UserConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** The file's content, or null when it is absent; a file that is not such a JSON object is an error naming the path. */
export function readUserConfig(path: string): UserConfig | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`the per-user config ${path} is not valid JSON (${(err as Error).message}); delete it, the next \`domus serve\` writes it again`);
  }
  const c = parsed as Partial<UserConfig> | null;
  if (!c || typeof c !== "object" || typeof c.url !== "string" || !/^https?:\/\//.test(c.url) || (c.keyFile !== null && typeof c.keyFile !== "string")) {
    throw new Error(`the per-user config ${path} needs "url" (http://…) and "keyFile" (a path or null); delete it, the next \`domus serve\` writes it again`);
  }
  return { url: c.url, keyFile: c.keyFile ?? null, database: typeof c.database === "string" ? c.database : "", startedAt: typeof c.startedAt === "string" ? c.startedAt : "" };
}
