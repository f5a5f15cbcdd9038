import { createRequire } from "node:module";
import { type DestinationStream, pino, type Logger } from "pino";
import type { LogFormat, LogLevel } from "./config.ts";

export type { Logger };

/**
 * Logs on stdout: one JSON object per line (LOG_FORMAT=json, the default when stdout is not a
 * terminal, for log collectors) or readable colored lines (LOG_FORMAT=pretty, the default in a
 * terminal) through pino-pretty, formatted synchronously in this thread so no line is lost on exit.
 */
export function createLogger(config: { logLevel: LogLevel; logFormat?: LogFormat }): Logger {
  const options = { level: config.logLevel, base: { service: "domus" } };
  if (config.logFormat !== "pretty" || config.logLevel === "silent") return pino(options);
  return pino(options, prettyStream());
}

function prettyStream(): DestinationStream {
  // Loaded only for pretty output: JSON logging (servers, containers) never pays for it.
  const require = createRequire(import.meta.url);
  const pretty = require("pino-pretty") as typeof import("pino-pretty");
  return pretty.build({ colorize: process.stdout.isTTY === true, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service", singleLine: true });
}
