/**
 * `domus` commands that open the database themselves: serve, migrate, keys (without --remote),
 * train. Loaded only when one of them runs, so client commands never load the server.
 */
import "reflect-metadata";
import { TRAIN_HELP, UsageError as TrainUsageError, trainCommand } from "./train.ts";
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { createLogger } from "../logger.ts";
import { ApiKeyService } from "../modules/auth/api-keys.service.ts";
import { Role } from "../modules/common/enums.ts";
import { table } from "./format.ts";

async function keysCommand(args: string[], keys: ApiKeyService): Promise<number> {
  const [action, ...rest] = args;
  if (action === "create") {
    const [name, role] = rest;
    if (!name || !role || !(Object.values(Role) as string[]).includes(role)) {
      process.stderr.write("usage: domus keys create <name> <ADMIN|PREDICT|READ>\n");
      return 2;
    }
    const created = await keys.create(name, role as Role);
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
    const [id] = rest;
    if (!id) {
      process.stderr.write("usage: domus keys revoke <id>\n");
      return 2;
    }
    const revoked = await keys.revoke(id);
    process.stderr.write(`revoked "${revoked.name}" (${revoked.id})\n`);
    return 0;
  }
  process.stderr.write("usage: domus keys create <name> <role> | list [--json] | revoke <id>\n");
  return 2;
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

  if (command === "keys" || command === "train") {
    await migrate(config.databaseUrl);
    const database = openDatabase(config.databaseUrl);
    try {
      if (command === "keys") return await keysCommand(args, new ApiKeyService(database.prisma, logger));
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
