/** `domus retraining show | set …`: the opt-in retraining loop's policy and its decisions. */
import { RetrainingPolicyDocument, SetRetrainingPolicyDocument, type RetrainingPolicyInput } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { UsageError, parseFlags } from "./args.ts";
import { CONNECTION_HELP, connect } from "./connect.ts";
import { out, table } from "./format.ts";

export const RETRAINING_HELP = `domus retraining show | set [--enabled true|false] [--on-drift true|false] [--on-performance true|false]
                            [--max-rmse-increase X] [--include-outcomes true|false] [--cooldown MINUTES]
                            [--dataset REF]   [--json]

The retraining loop (off by default): a dataset-drift alert, or live RMSE worse than the served
version's test RMSE by --max-rmse-increase (relative), starts one training job on the policy's
dataset (plus labelled production rows with --include-outcomes), at most once per cooldown.
--dataset takes an id, a name (its latest version when the job starts) or name@version; by
default (or --dataset "") the training file DATA_PATH as registered, the same dataset \`domus
train\` uses by default. \`show\` prints it as "dataset" and what a job would train on now as
"trainsOn". Its result goes through the quality gate and becomes the SHADOW challenger — never the
champion. \`show\` prints the policy and the latest decisions (what triggered them, the job).

Examples:
  domus retraining set --enabled true --cooldown 60
  domus retraining show
  domus watch training <job-id from show>

${CONNECTION_HELP}`;

function bool(value: string | boolean | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw new UsageError(`--${flag} must be true or false, got ${JSON.stringify(value)}`);
}

function num(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== "string" || value.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got ${JSON.stringify(value)}`);
  return n;
}

export async function retrainingCommand(args: string[], config: ClientConfig): Promise<number> {
  const flags = { type: "string" } as const;
  const { values, positionals } = parseFlags(args, {
    enabled: flags,
    "on-drift": flags,
    "on-performance": flags,
    "max-rmse-increase": flags,
    "include-outcomes": flags,
    cooldown: flags,
    dataset: flags,
  });
  if (values.help) {
    process.stdout.write(`${RETRAINING_HELP}\n`);
    return 0;
  }
  const [action] = positionals;
  const json = values.json === true;
  const client = connect(config, values);
  try {
    if (action === "set") {
      const input: RetrainingPolicyInput = {
        enabled: bool(values.enabled, "enabled"),
        onDrift: bool(values["on-drift"], "on-drift"),
        onPerformance: bool(values["on-performance"], "on-performance"),
        maxRmseIncrease: num(values["max-rmse-increase"], "max-rmse-increase"),
        includeOutcomes: bool(values["include-outcomes"], "include-outcomes"),
        cooldownMinutes: num(values.cooldown, "cooldown"),
        dataset: typeof values.dataset === "string" ? values.dataset : undefined,
      };
      if (Object.values(input).every((v) => v === undefined)) throw new UsageError("set needs at least one option, e.g. --enabled true");
      const { setRetrainingPolicy: policy } = await client.mutate(SetRetrainingPolicyDocument, { input });
      out(json, policy, () => table(["setting", "value"], Object.entries(policy).map(([k, v]) => [k, String(v ?? "-")])));
      return 0;
    }
    if (action === "show" || action === undefined) {
      const data = await client.query(RetrainingPolicyDocument, {});
      out(json, data, () =>
        [
          table(["setting", "value"], Object.entries(data.retrainingPolicy).map(([k, v]) => [k, String(v ?? "-")])),
          "",
          data.retrainingTriggers.length === 0
            ? "no decisions yet"
            : table(["when", "reason", "outcome", "training job", "detail"], data.retrainingTriggers.map((t) => [t.createdAt, t.reason, t.outcome, t.trainingJobId ?? "-", t.detail])),
        ].join("\n"),
      );
      return 0;
    }
    throw new UsageError(`unknown action ${JSON.stringify(action)}; use show or set`);
  } finally {
    await client.close();
  }
}
