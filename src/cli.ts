/** The `domus` command line: serve, train, migrate. */
import "reflect-metadata";
import { TRAIN_HELP, UsageError, trainCommand } from "../pipeline/cli.ts";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { createLogger } from "./logger.ts";

const HELP = `domus — train, register, serve and monitor house-price models

Usage: domus <command>

Commands:
  serve     apply migrations, train a first model if there is no champion, serve GraphQL
            (POST /graphql, GET /healthz, GET /readyz) on HOST:PORT
  train     train the experiments on DATA_PATH and register the best model (domus train --help)
  migrate   apply pending database migrations and exit
  help      show this text

Configuration comes from the environment (see README.md): DATABASE_URL, PORT, HOST, …

Examples:
  npm start                                   # same as: domus serve
  DATABASE_URL=postgresql://localhost/domus domus serve
  TRAIN_SEED=7 domus train
`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? "help";
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  const logger = createLogger(config);

  if (command === "migrate") {
    const applied = await migrate(config.databaseUrl);
    logger.info({ migrations: applied }, applied.length ? "database migrated" : "database already up to date");
    return 0;
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
    const started = performance.now();
    const app = await createApp(config, { logger });
    const url = await app.listen();
    logger.info({ url: `${url}/graphql`, readyInMs: Math.round(performance.now() - started), champion: app.services.modelStore.champion?.version ?? null }, "domus is serving");
    const shutdown = (signal: string) => {
      logger.info({ signal }, "shutting down");
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
