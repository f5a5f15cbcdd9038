/**
 * `domus` commands that open the database themselves: serve, migrate, keys (without --remote),
 * train. Loaded only when one of them runs, so client commands never load the server.
 */
import "reflect-metadata";
import { TRAIN_HELP, UsageError as TrainUsageError, trainCommand } from "./train.ts";
import { createApp } from "../app.ts";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Config, databaseProvider, loadConfig, sqlitePath } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { createLogger } from "../logger.ts";
import { ApiKeyService } from "../modules/auth/api-keys.service.ts";
import { Role } from "../modules/common/enums.ts";
import { readUserConfig, writeUserConfig } from "../user-config.ts";
import { table } from "./format.ts";

const KEYS_USAGE = "usage: domus keys create <name> <ADMIN|PREDICT|READ> | list [--json] | revoke <id>";

/** A usage error of `domus keys`, found before the database is opened. */
function keysUsage(args: string[]): string | null {
  const [action, ...rest] = args;
  if (action === "create") {
    const [name, role] = rest;
    return name && role && (Object.values(Role) as string[]).includes(role) ? null : "usage: domus keys create <name> <ADMIN|PREDICT|READ>";
  }
  if (action === "list") return null;
  if (action === "revoke") return rest[0] ? null : "usage: domus keys revoke <id>";
  return KEYS_USAGE;
}

/**
 * Offline `keys` commands work on an existing database only: run where the server's database is
 * not (another directory, another DATABASE_URL), they would create an empty one whose keys no
 * server knows. Null when the database exists; else the message, naming the path looked at and the
 * database of the server started last (from the per-user config).
 */
function missingDatabase(config: Config): string | null {
  if (databaseProvider(config.databaseUrl) !== "sqlite") return null;
  const path = sqlitePath(config.databaseUrl);
  if (path === ":memory:" || existsSync(path)) return null;
  let last = "";
  try {
    const user = config.userConfigFile ? readUserConfig(config.userConfigFile) : null;
    if (user?.database) last = `; the server started last (${user.url}, per ${config.userConfigFile}) uses ${user.database.startsWith("/") ? `DATABASE_URL=file:${user.database}` : user.database}`;
  } catch {
    // A broken per-user config only loses the hint.
  }
  return `no database at ${path} (DATABASE_URL ${config.databaseUrl}); nothing was created. Run with the server's DATABASE_URL${last}, or use \`domus keys --remote …\` against a running server`;
}

/** What the per-user config records of a server: its database, never a PostgreSQL password. */
function describeDatabase(databaseUrl: string): string {
  if (databaseProvider(databaseUrl) === "sqlite") return sqlitePath(databaseUrl);
  const url = new URL(databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

/** The URL a local client reaches a server at: a wildcard bind (0.0.0.0, ::) becomes loopback. */
function clientUrl(listening: string): string {
  return listening.replace("//0.0.0.0:", "//127.0.0.1:").replace("//[::]:", "//[::1]:");
}

async function keysCommand(args: string[], keys: ApiKeyService): Promise<number> {
  const [action, ...rest] = args;
  if (action === "create") {
    const [name, role] = rest as [string, Role];
    const created = await keys.create(name, role);
    process.stdout.write(`${created.secret}\n`);
    process.stderr.write(`created ${created.apiKey.role} key "${created.apiKey.name}" (${created.apiKey.id}); the secret above is shown once\n`);
    return 0;
  }
  if (action === "list") {
    const list = await keys.list();
    if (rest.includes("--json")) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else process.stdout.write(`${table(["id", "role", "prefix", "status", "name"], list.map((k) => [k.id, k.role, `${k.prefix}…`, k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active", k.name]))}\n`);
    return 0;
  }
  if (action === "revoke") {
    const revoked = await keys.revoke(rest[0] as string);
    process.stderr.write(`revoked "${revoked.name}" (${revoked.id})\n`);
    return 0;
  }
  throw new Error(`unreachable: keysUsage accepted ${JSON.stringify(action)}`);
}

export async function localCommand(command: "serve" | "migrate" | "keys" | "train", args: string[]): Promise<number> {
  if (command === "train" && (args.includes("--help") || args.includes("-h"))) {
    process.stdout.write(TRAIN_HELP);
    return 0;
  }
  const config = loadConfig();
  // train and keys print their results on stdout (tables, --json): their logs go to stderr.
  const logger = createLogger(config, command === "train" || command === "keys" ? 2 : 1);

  if (command === "migrate") {
    const applied = await migrate(config.databaseUrl);
    logger.info({ migrations: applied }, applied.length ? "database migrated" : "database already up to date");
    return 0;
  }

  if (command === "keys") {
    const problem = keysUsage(args) ?? missingDatabase(config);
    if (problem) {
      process.stderr.write(problem.startsWith("usage:") ? `${problem}\n` : `domus keys: ${problem}\n`);
      return problem.startsWith("usage:") ? 2 : 1;
    }
  }
  if (command === "keys" || command === "train") {
    await migrate(config.databaseUrl);
    const database = openDatabase(config.databaseUrl);
    try {
      if (command === "keys") return await keysCommand(args, new ApiKeyService({ db: database.prisma, logger }));
      return await trainCommand(args, config, database.prisma, logger);
    } catch (err) {
      if (err instanceof TrainUsageError) {
        process.stderr.write(`domus train: ${err.message}\n\n${TRAIN_HELP}`);
        return 2;
      }
      throw err;
    } finally {
      await database.close();
    }
  }

  const deadline = config.shutdownTimeoutMs;
  const started = performance.now();
  const app = await createApp(config, { logger });
  const url = await app.listen();
  if (config.userConfigFile) {
    // Client commands run anywhere find this server and its key through the per-user config.
    const keyFile = existsSync(config.adminKeyFile) ? resolve(config.adminKeyFile) : null;
    try {
      writeUserConfig(config.userConfigFile, { url: clientUrl(url), keyFile, database: describeDatabase(config.databaseUrl), startedAt: new Date().toISOString() });
      logger.info({ file: config.userConfigFile, keyFile }, "per-user config written: `domus` client commands find this server from any directory");
    } catch (err) {
      logger.warn({ file: config.userConfigFile, err: (err as Error).message }, "cannot write the per-user config (set DOMUS_USER_CONFIG=off to skip it): client commands need --url / --api-key");
    }
  }
  logger.info({ url: `${url}/graphql`, readyInMs: Math.round(performance.now() - started), champion: app.services.modelStore.champion?.version ?? null }, "domus is serving");
  let stopping = false;
  // One shutdown path for SIGTERM and SIGINT, installed with `on` (not `once`): a second signal
  // while draining is logged, never the default action that would kill the process mid-drain.
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "already shutting down: the drain goes on");
      return;
    }
    stopping = true;
    logger.info({ signal, deadlineMs: deadline }, "shutting down: refusing new requests, finishing in-flight ones, flushing the prediction log");
    // Past the deadline, cut the remaining connections; the log flush still completes. A last
    // bound (the deadline again) exits even if something hangs: a stuck drain must not keep the
    // process alive past what an orchestrator waits before SIGKILL.
    const timer = setTimeout(() => {
      logger.warn("shutdown deadline reached: closing the remaining connections");
      app.http.closeAllConnections();
      setTimeout(() => {
        logger.error("shutdown did not finish within twice SHUTDOWN_TIMEOUT_MS: exiting");
        logger.flush();
        process.exit(1);
      }, deadline).unref();
    }, deadline);
    timer.unref();
    app.stop().then(
      () => {
        logger.info("shut down cleanly");
        logger.flush();
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, "shutdown failed");
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  return -1; // keep running
}
