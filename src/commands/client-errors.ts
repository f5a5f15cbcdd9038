/** How `domus` client commands report failures: usage (2), contract errors with code and fields (1), connection problems (1). */
import { DomusClientError, isConnectionError } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { CommandError, UsageError } from "./args.ts";

/** Which key was sent, for an UNAUTHENTICATED answer: the cause is nearly always a key of another database. */
export function describeKey(config: ClientConfig, argv: string[]): string {
  if (argv.some((a) => a === "--api-key" || a.startsWith("--api-key="))) return "sent the key given with --api-key";
  if (config.apiKeySource === "DOMUS_API_KEY") return "sent the key in DOMUS_API_KEY";
  if (config.apiKeySource) {
    const whose = config.userConfig?.found && config.keyFiles[0] === config.apiKeySource ? `named by ${config.userConfig.path} (the server started last)` : "the first-start key of this DATABASE_URL";
    return `sent the key from ${config.apiKeySource}, ${whose}; if the server at ${serverUrl(config, argv)} uses another database, run with its DATABASE_URL (or ADMIN_KEY_FILE) or pass --api-key / DOMUS_API_KEY`;
  }
  return `sent no key: ${noKeyHint(config)}`;
}

/**
 * Where a key is looked for, and how to get one: the per-user config a server writes on start,
 * the environment, the flag. (Not `domus keys create`: run where no database is, it cannot help.)
 */
export function noKeyHint(config: ClientConfig): string {
  const user = config.userConfig
    ? config.userConfig.found
      ? `${config.userConfig.path} names no readable key file`
      : `no ${config.userConfig.path} (\`domus serve\` writes it on start with its URL and key file)`
    : "DOMUS_USER_CONFIG=off";
  return `none of ${config.keyFiles.join(", ")} exists and ${user}; start the server once with \`domus serve\`, run with the server's DATABASE_URL or ADMIN_KEY_FILE, or pass --api-key / DOMUS_API_KEY`;
}

/** The server a command talked to: --url, else DOMUS_URL or the default. */
function serverUrl(config: ClientConfig, argv: string[]): string {
  const i = argv.findIndex((a) => a === "--url" || a.startsWith("--url="));
  if (i < 0) return config.url;
  return (argv[i] as string).includes("=") ? (argv[i] as string).slice("--url=".length) : (argv[i + 1] ?? config.url);
}

export function reportClientError(command: string, err: unknown, config: ClientConfig, argv: string[], help: string): number {
  const fail = (message: string) => process.stderr.write(`domus ${command}: ${message}\n`);
  if (err instanceof UsageError) {
    process.stderr.write(`domus ${command}: ${err.message}\n\n${help}\n`);
    return 2;
  }
  if (err instanceof CommandError) {
    fail(err.message);
    return 1;
  }
  if (err instanceof DomusClientError) {
    const fields = err.fields.length ? ` (fields: ${err.fields.join(", ")})` : "";
    const key = err.code === "UNAUTHENTICATED" ? ` — ${describeKey(config, argv)}` : "";
    fail(`${err.code}: ${err.message}${fields}${err.requestId ? ` [request ${err.requestId}]` : ""}${key}`);
    return 1;
  }
  if (isConnectionError(err)) {
    const url = serverUrl(config, argv);
    const from = url === config.url && config.userConfig && config.urlSource === config.userConfig.path ? `, from ${config.urlSource}: the server started last, now stopped?` : "";
    fail(`cannot reach the server at ${url} (${err.code}${from}); start it with \`domus serve\` or set --url / DOMUS_URL`);
    return 1;
  }
  throw err;
}
