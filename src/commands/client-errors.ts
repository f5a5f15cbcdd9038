/** How `domus` client commands report failures: usage (2), contract errors with code and fields (1), connection problems (1). */
import { DomusClientError, isConnectionError } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { CommandError, UsageError } from "./args.ts";

/** Which key was sent, for an UNAUTHENTICATED answer: the cause is nearly always a key of another database. */
export function describeKey(config: ClientConfig, argv: string[]): string {
  if (argv.some((a) => a === "--api-key" || a.startsWith("--api-key="))) return "sent the key given with --api-key";
  if (config.apiKeySource === "DOMUS_API_KEY") return "sent the key in DOMUS_API_KEY";
  if (config.apiKeySource) {
    return `sent the key from ${config.apiKeySource}, the first-start key of this DATABASE_URL; if the server at ${serverUrl(config, argv)} uses another database, run with its DATABASE_URL (or ADMIN_KEY_FILE) or pass --api-key / DOMUS_API_KEY`;
  }
  return `sent no key: none of ${config.keyFiles.join(", ")} exists; pass --api-key / DOMUS_API_KEY, or create one with \`domus keys create <name> READ\``;
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
    fail(`cannot reach the server at ${serverUrl(config, argv)} (${err.code}); start it with \`domus serve\` or set --url / DOMUS_URL`);
    return 1;
  }
  throw err;
}
