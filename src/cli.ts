/** The `domus` command line: serve, train, migrate. */
import "reflect-metadata";
import { createApp } from "./app.ts";
import { CsvFormatError } from "../pipeline/dataset.ts";
import { DomusClientError } from "./client/index.ts";
import { REMOTE_COMMANDS, REMOTE_HELP, UsageError as RemoteUsageError, keysRemote } from "./commands/remote.ts";
import { TRAIN_HELP, UsageError, trainCommand } from "./commands/train.ts";
import { ConfigError, loadClientConfig, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createLogger } from "./logger.ts";
import { ApiKeyService } from "./modules/auth/api-keys.service.ts";
import { Role } from "./modules/common/enums.ts";

const HELP = `domus — train, register, serve and monitor house-price models

Usage: domus <command> [options]      (domus <command> --help for details and examples)

Server and data:
  serve     apply migrations, train a first model if there is no champion, serve GraphQL
            (POST /graphql, GET /healthz, GET /readyz) on HOST:PORT
  train     train the experiments on DATA_PATH and register the best model (domus train --help)
  migrate   apply pending database migrations and exit
  keys      manage API keys directly in the database, no server needed:
              domus keys create <name> <ADMIN|PREDICT|READ>   (prints the secret once)
              domus keys list [--json]
              domus keys revoke <id>
  help      show this text

Against a running server (--url / DOMUS_URL, --api-key / DOMUS_API_KEY, --json):
  predict --file rows.csv [--out predictions.csv]   batched predictions with row-precise errors
  models list|show <v>|promote <v>|rollback          the registry
  experiments list|show <id-or-name>                 runs and their metrics
  drift check|reports                                drift against the training data
  watch predictions|drift|training <job>|promotions  live events from subscriptions
  keys --remote create|list|revoke                   API keys through the API

Configuration comes from the environment (see README.md): DATABASE_URL, PORT, HOST, …

Examples:
  npm start                                   # same as: domus serve
  DATABASE_URL=postgresql://localhost/domus domus serve
  TRAIN_SEED=7 domus train
`;

/** Clear messages for client commands: usage (2), contract errors with code and fields (1), connection problems (1). */
function reportClientError(command: string, err: unknown): number {
  if (err instanceof RemoteUsageError) {
    process.stderr.write(`domus ${command}: ${err.message}\n\n${REMOTE_HELP[command] ?? ""}\n`);
    return 2;
  }
  if (err instanceof DomusClientError) {
    process.stderr.write(`domus ${command}: ${err.code}: ${err.message}${err.fields.length ? ` (fields: ${err.fields.join(", ")})` : ""}${err.requestId ? ` [request ${err.requestId}]` : ""}\n`);
    return 1;
  }
  if (err instanceof TypeError && err.message === "fetch failed") {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    process.stderr.write(`domus ${command}: cannot reach the server (${cause?.code ?? cause?.message ?? "network error"}); start it with \`domus serve\` or set --url / DOMUS_URL\n`);
    return 1;
  }
  if (err instanceof CsvFormatError) {
    process.stderr.write(`domus ${command}: ${err.message}\n`);
    return 1;
  }
  throw err;
}

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
    else {
      for (const k of list) {
        process.stdout.write(`${k.id}  ${k.role.padEnd(7)}  ${k.prefix}…  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active"}  ${k.name}\n`);
      }
    }
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

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? "help";
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command in REMOTE_COMMANDS) {
    try {
      return await (REMOTE_COMMANDS[command] as (a: string[], c: ReturnType<typeof loadClientConfig>) => Promise<number>)(argv.slice(1), loadClientConfig());
    } catch (err) {
      return reportClientError(command, err);
    }
  }

  if (command !== "train" && (argv.includes("--help") || argv.includes("-h"))) {
    process.stdout.write(HELP);
    return 0;
  }

  if (command === "keys" && argv.includes("--remote")) {
    try {
      return await keysRemote(argv.slice(1).filter((a) => a !== "--remote"), loadClientConfig());
    } catch (err) {
      return reportClientError(command, err);
    }
  }

  const config = loadConfig();
  // Only the server logs on stdout; a command's stdout is its output.
  const logger = createLogger(config, command === "serve" ? 1 : 2);

  if (command === "migrate") {
    const applied = await migrate(config.databaseUrl);
    logger.info({ migrations: applied }, applied.length ? "database migrated" : "database already up to date");
    return 0;
  }

  if (command === "keys") {
    await migrate(config.databaseUrl);
    const database = openDatabase(config.databaseUrl);
    const keys = new ApiKeyService(database.prisma, logger);
    try {
      return await keysCommand(argv.slice(1), keys);
    } finally {
      await database.close();
    }
  }

  if (command === "train") {
    if (argv.includes("--help") || argv.includes("-h")) {
      process.stdout.write(TRAIN_HELP);
      return 0;
    }
    await migrate(config.databaseUrl);
    const database = openDatabase(config.databaseUrl);
    try {
      return await trainCommand(argv.slice(1), config, database.prisma, logger);
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`domus train: ${err.message}\n\n${TRAIN_HELP}`);
        return 2;
      }
      throw err;
    } finally {
      await database.close();
    }
  }

  if (command === "serve") {
    const deadline = config.shutdownTimeoutMs;
    const started = performance.now();
    const app = await createApp(config, { logger });
    const url = await app.listen();
    logger.info({ url: `${url}/graphql`, readyInMs: Math.round(performance.now() - started), champion: app.services.modelStore.champion?.version ?? null }, "domus is serving");
    const shutdown = (signal: string) => {
      logger.info({ signal, deadlineMs: deadline }, "shutting down: refusing new requests, finishing in-flight ones, flushing the prediction log");
      // Past the deadline, cut the remaining connections; the log flush still completes.
      const timer = setTimeout(() => {
        logger.warn("shutdown deadline reached: closing the remaining connections");
        app.http.closeAllConnections();
      }, deadline);
      timer.unref();
      app.stop().then(
        () => process.exit(0),
        (err) => {
          logger.error({ err }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
    return -1; // keep running
  }

  process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`domus: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
