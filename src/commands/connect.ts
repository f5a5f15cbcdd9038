/** The connection of a client command: --url / DOMUS_URL and --api-key / DOMUS_API_KEY or the database's key file. */
import { type DomusClient, createDomusClient } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import type { Flags } from "./args.ts";

export const CONNECTION_HELP = `Connection: --url URL (or DOMUS_URL, default http://127.0.0.1:4000), --api-key KEY (or DOMUS_API_KEY,
default: the first-start admin key of DATABASE_URL's database, e.g. data/domus.db.admin.key next to the
default SQLite file). --json prints machine-readable output.`;

export function connect(config: ClientConfig, flags: Flags): DomusClient {
  return createDomusClient({ url: (flags.url as string | undefined) ?? config.url, apiKey: (flags["api-key"] as string | undefined) ?? config.apiKey ?? undefined });
}
