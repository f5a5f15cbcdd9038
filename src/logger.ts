import { createRequire } from "node:module";
import { type DestinationStream, destination, pino, type Logger } from "pino";
import type { LogFormat, LogLevel } from "./config.ts";

export type { Logger };

/**
 * Logs on stdout for the server, on stderr (file descriptor 2) for commands whose stdout is their
 * output (`domus train --json`, `domus keys list --json`): one JSON object per line
 * (LOG_FORMAT=json, the default when stdout is not a terminal, for log collectors) or readable
 * colored lines (LOG_FORMAT=pretty, the default in a terminal) through pino-pretty, formatted
 * synchronously in this thread so no line is lost on exit.
 */
export function createLogger(config: { logLevel: LogLevel; logFormat?: LogFormat }, fd: 1 | 2 = 1): Logger {
  const options = { level: config.logLevel, base: { service: "domus" } };
  if (config.logFormat !== "pretty" || config.logLevel === "silent") return fd === 1 ? pino(options) : pino(options, destination(fd));
  return pino(options, prettyStream(fd));
}

function prettyStream(fd: 1 | 2): DestinationStream {
  // Loaded only for pretty output: JSON logging (servers, containers) never pays for it.
  const require = createRequire(import.meta.url);
  const pretty = require("pino-pretty") as typeof import("pino-pretty");
  const stream = fd === 1 ? process.stdout : process.stderr;
  return pretty.build({ colorize: stream.isTTY === true, sync: true, destination: fd, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service", singleLine: true });
}
