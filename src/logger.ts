import { destination, pino, type Logger } from "pino";
import type { Config } from "./config.ts";

export type { Logger };

/**
 * Structured JSON logs: on stdout for the server, on stderr (file descriptor 2) for commands whose
 * stdout is their output (`domus train --json`, `domus keys list --json`).
 */
export function createLogger(config: Pick<Config, "logLevel">, fd: 1 | 2 = 1): Logger {
  const options = { level: config.logLevel, base: { service: "domus" } };
  return fd === 1 ? pino(options) : pino(options, destination(fd));
}
