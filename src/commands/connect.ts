/** The connection of a client command: --url / DOMUS_URL and --api-key / DOMUS_API_KEY or the database's key file. */
import { type DomusClient, createDomusClient } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import type { Flags } from "./args.ts";

export const CONNECTION_HELP = `Connection, first found wins: --url URL, DOMUS_URL, the per-user config written by the last
\`domus serve\` (~/.config/domus/config.json, or under XDG_CONFIG_HOME), http://127.0.0.1:4000.
Key: --api-key KEY, DOMUS_API_KEY, the key file of ADMIN_KEY_FILE or DATABASE_URL when set, the key
file the per-user config names, data/domus.db.admin.key under the working directory.
--json prints machine-readable output.`;

export function connect(config: ClientConfig, flags: Flags): DomusClient {
  const url = (flags.url as string | undefined) ?? config.url;
  // The per-user config's admin key goes to the server that wrote it, never to another --url.
  const fallback = config.keyBoundTo && config.keyBoundTo !== url ? undefined : (config.apiKey ?? undefined);
  return createDomusClient({ url, apiKey: (flags["api-key"] as string | undefined) ?? fallback });
}
