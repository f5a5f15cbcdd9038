/** `domus watch`: live events from the subscriptions, printed until Ctrl-C. */
import { DriftAlertDocument, ModelPromotedDocument, PredictionMadeDocument, TrainingProgressDocument } from "../client/index.ts";
import type { ClientConfig } from "../config.ts";
import { UsageError, optionalInt, parseFlags } from "./args.ts";
import { describeKey } from "./client-errors.ts";
import { CONNECTION_HELP, connect } from "./connect.ts";
import { num } from "./format.ts";

export const WATCH_HELP = `domus watch predictions [--model-version N] | drift | training <job-id> | promotions   [--json]

Prints events as they happen (one JSON object per line with --json) until Ctrl-C. "listening…" on
stderr says the server has the subscription: events from then on are shown.

Example:
  domus watch predictions --json | head -n 5

${CONNECTION_HELP}`;

/** graphql-ws closes the socket with 4401 (no or a bad key) or 4403 (revoked, or a missing role). */
function describeFailure(err: unknown, config: ClientConfig, args: string[]): string {
  const close = err as { code?: number; reason?: string } | null;
  if (close && typeof close.code === "number") {
    const reason = close.reason || `connection closed (${close.code})`;
    return close.code === 4401 ? `UNAUTHENTICATED: ${reason} — ${describeKey(config, args)}` : reason;
  }
  if (err instanceof Error) return err.message;
  return JSON.stringify(err);
}

export async function watchCommand(args: string[], config: ClientConfig): Promise<number> {
  const { values, positionals } = parseFlags(args, { "model-version": { type: "string" } });
  if (values.help) {
    process.stdout.write(`${WATCH_HELP}\n`);
    return 0;
  }
  const [what, arg] = positionals;
  if (!["predictions", "drift", "training", "promotions"].includes(what ?? "")) throw new UsageError(`unknown stream ${JSON.stringify(what ?? "")}: predictions, drift, training <job-id> or promotions`);
  if (what === "training" && !arg) throw new UsageError("watch training needs a job id");
  const modelVersion = optionalInt(values["model-version"], "--model-version");
  const client = connect(config, values);
  const json = values.json === true;
  const print = (line: string, data: unknown) => process.stdout.write(`${json ? JSON.stringify(data) : line}\n`);
  return new Promise<number>((resolve) => {
    let stop: (() => void) | null = null;
    const finish = (code: number) => {
      stop?.();
      void client.close().then(() => resolve(code));
    };
    const handlers = {
      error: (err: unknown) => {
        process.stderr.write(`domus watch: ${describeFailure(err, config, args)}\n`);
        finish(1);
      },
      listening: () => process.stderr.write(`listening for ${what === "training" ? `training job ${arg}` : what}… (Ctrl-C to stop)\n`),
    };
    if (what === "predictions") {
      stop = client.subscribe(PredictionMadeDocument, { modelVersion }, { ...handlers, next: (d) => print(`${d.predictionMade.createdAt}  v${d.predictionMade.modelVersion}  ${num(d.predictionMade.value)}  ${num(d.predictionMade.latencyMs, 3)} ms`, d.predictionMade) });
    } else if (what === "drift") {
      stop = client.subscribe(DriftAlertDocument, {}, { ...handlers, next: (d) => print(`${d.driftAlert.createdAt}  ${d.driftAlert.message}`, d.driftAlert) });
    } else if (what === "training") {
      stop = client.subscribe(TrainingProgressDocument, { jobId: arg as string }, {
        ...handlers,
        next: (d) => {
          const p = d.trainingProgress;
          print(`${p.status}  ${p.stage}  ${p.completed}/${p.total}  ${p.message ?? ""}`, p);
          if (p.status === "FINISHED" || p.status === "FAILED") finish(p.status === "FINISHED" ? 0 : 1);
        },
      });
    } else {
      stop = client.subscribe(ModelPromotedDocument, {}, { ...handlers, next: (d) => print(`${d.modelPromoted.promotedAt}  v${d.modelPromoted.version} ${d.modelPromoted.status} (${d.modelPromoted.algorithm})`, d.modelPromoted) });
    }
    process.once("SIGINT", () => finish(0));
  });
}
