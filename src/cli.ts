/**
 * The `domus` command line: a dispatcher that loads only the module of the command it runs, so
 * client commands (predict, models, watch, …) start without loading the server, Prisma or the
 * training pipeline.
 */
import { closest, distance } from "fastest-levenshtein";
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

Configuration comes from the environment (docs/configuration.md): DATABASE_URL, PORT, HOST, …
Client commands find the server started last, and its key, from any directory through the
per-user config it writes (~/.config/domus/config.json); --url / DOMUS_URL and --api-key /
DOMUS_API_KEY come first.

Examples:
  npm start                                   # same as: domus serve
  DATABASE_URL=postgresql://localhost/domus domus serve
  TRAIN_SEED=7 domus train
`;

/** `--help` of the commands that run in-process (train has its own, in commands/train.ts). */
const LOCAL_HELP: Record<string, string> = {
  serve: `domus serve — apply migrations, train a first model if there is no champion, then serve

Usage: domus serve            (npm start runs it with the production Node flags)

Serves POST /graphql (and WebSocket subscriptions), GET /healthz, GET /readyz and the dashboard
on HOST:PORT (default 127.0.0.1:4000). Configuration comes from the environment: DATABASE_URL,
PORT, HOST, ADMIN_API_KEY, … (docs/configuration.md). On first start it writes the admin key next
to the SQLite database (data/domus.db.admin.key) unless ADMIN_API_KEY is set. On every start it
records its URL and the key file's path in the per-user config ($XDG_CONFIG_HOME/domus/config.json,
default ~/.config/domus/config.json; DOMUS_USER_CONFIG names another file, "off" none), so \`domus\`
client commands find it from any directory.
`,
  migrate: `domus migrate — apply pending database migrations and exit

Usage: domus migrate

Uses DATABASE_URL (default file:./data/domus.db); the server also migrates on start.
`,
  keys: `domus keys — manage API keys directly in the database (no server needed)

Usage:
  domus keys create <name> <ADMIN|PREDICT|READ>   create a key; prints its secret once
  domus keys list [--json]                        list keys (never their secrets)
  domus keys revoke <id>                          revoke a key
  domus keys --remote create|list|revoke …        the same through a running server's API

Uses DATABASE_URL (default file:./data/domus.db) and refuses a SQLite database that does not exist
(it would create an empty one no server uses): run it with the server's DATABASE_URL.
`,
  "keys create": `domus keys create — create an API key and print its secret once

Usage: domus keys create <name> <ADMIN|PREDICT|READ>

  ADMIN    everything, including keys, promotions and training
  PREDICT  predictions and reads
  READ     reads only

Example: domus keys create dashboard READ
`,
};

/** Every command name, for "did you mean". */
const COMMAND_NAMES = ["serve", "train", "migrate", "keys", "help", "predict", "models", "outcomes", "experiments", "drift", "watch", "datasets", "retraining"];

/** The nearest command name within two edits (or a prefix), for a typo. */
export function suggestCommand(name: string): string | null {
  const prefix = COMMAND_NAMES.filter((c) => c.startsWith(name));
  if (name.length >= 2 && prefix.length === 1) return prefix[0]!;
  const best = closest(name, COMMAND_NAMES);
  return distance(name, best) <= Math.min(2, Math.max(1, name.length - 2)) ? best : null;
}

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
  if (argv.length === 0) {
    // Nothing to do is a usage error: the help goes to stderr and the exit code says so.
    process.stderr.write(HELP);
    return 2;
  }
  const command = argv[0]!;
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
      process.stdout.write(LOCAL_HELP[command === "keys" && args[0] === "create" ? "keys create" : command] ?? HELP);
      return 0;
    }
    const { localCommand } = await import("./commands/local.ts");
    return localCommand(command, args);
  }
  const suggestion = suggestCommand(command);
  process.stderr.write(`unknown command ${JSON.stringify(command)}${suggestion ? ` — did you mean "domus ${suggestion}"?` : ""}\n\n${HELP}`);
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
