/**
 * The `domus` command line: a dispatcher that loads only the module of the command it runs, so
 * client commands (predict, models, watch, …) start without loading the server, Prisma or the
 * training pipeline.
 */
import { ConfigError, loadClientConfig } from "./config.ts";

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
  models challenger set|clear|show|report           a SHADOW or CANARY challenger and its report
  outcomes --file outcomes.csv                       actual values (prediction_id,actual) for logged predictions
  experiments list|show <id-or-name>                 runs and their metrics
  drift check|reports                                drift against the training data
  watch predictions|drift|training <job>|promotions  live events from subscriptions
  datasets add <file>|list|show <ref>|export <ref>|from-outcomes   dataset versions (lineage of every run)
  retraining show|set …                              the opt-in retraining loop's policy and decisions
  keys --remote create|list|revoke                   API keys through the API

Configuration comes from the environment (see README.md): DATABASE_URL, PORT, HOST, …

Examples:
  npm start                                   # same as: domus serve
  DATABASE_URL=postgresql://localhost/domus domus serve
  TRAIN_SEED=7 domus train
`;

type ClientCommand = (args: string[], config: ReturnType<typeof loadClientConfig>) => Promise<number>;
interface ClientModule {
  run: ClientCommand;
  help: string;
}

/** Client commands, each in its own module, imported on use. */
const CLIENT_COMMANDS: Record<string, () => Promise<ClientModule>> = {
  predict: async () => {
    const m = await import("./commands/predict.ts");
    return { run: m.predictCommand, help: m.PREDICT_HELP };
  },
  models: () => remote("models"),
  experiments: () => remote("experiments"),
  drift: () => remote("drift"),
  watch: async () => {
    const m = await import("./commands/watch.ts");
    return { run: m.watchCommand, help: m.WATCH_HELP };
  },
  datasets: async () => {
    const m = await import("./commands/datasets.ts");
    return { run: m.datasetsCommand, help: m.DATASETS_HELP };
  },
  retraining: async () => {
    const m = await import("./commands/retraining.ts");
    return { run: m.retrainingCommand, help: m.RETRAINING_HELP };
  },
  outcomes: async () => {
    const m = await import("./commands/challengers.ts");
    return { run: m.outcomesCommand, help: m.CHALLENGER_HELP.outcomes ?? "" };
  },
};

async function remote(command: "models" | "experiments" | "drift" | "keys"): Promise<ClientModule> {
  const m = await import("./commands/remote.ts");
  return { run: command === "keys" ? m.keysRemote : m.REMOTE_COMMANDS[command]!, help: m.REMOTE_HELP[command] ?? "" };
}

async function runClient(command: string, load: () => Promise<ClientModule>, args: string[]): Promise<number> {
  const config = loadClientConfig();
  const module = await load();
  try {
    return await module.run(args, config);
  } catch (err) {
    const { reportClientError } = await import("./commands/client-errors.ts");
    return reportClientError(command, err, config, args, module.help);
  }
}

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? "help";
  const args = argv.slice(1);
  if (command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return 0;
  }
  const client = CLIENT_COMMANDS[command];
  if (client) return runClient(command, client, args);
  if (command === "keys" && args.includes("--remote")) return runClient(command, () => remote("keys"), args.filter((a) => a !== "--remote"));
  if (command === "serve" || command === "migrate" || command === "keys" || command === "train") {
    if (command !== "train" && (args.includes("--help") || args.includes("-h"))) {
      process.stdout.write(HELP);
      return 0;
    }
    const { localCommand } = await import("./commands/local.ts");
    return localCommand(command, args);
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
