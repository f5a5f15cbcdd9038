/**
 * Ground truth for logged predictions: at most one outcome per prediction, all of a call or none.
 * Every problem is reported by its place in the call (`outcomes.<i>.actual`,
 * `outcomes.<i>.predictionId`) before anything is written.
 */
import type { Db } from "../../db/client.ts";
import { BadUserInputError, type FieldProblem } from "../../errors.ts";
import { isUniqueViolation } from "../../db/availability.ts";
import { writeTransaction } from "../../db/retry.ts";
import { problemsMessage } from "../predictions/predictions.service.ts";
import { outcomeRollups } from "./outcome-rollups.ts";

export interface OutcomeOptions {
  /** MAX_BATCH_SIZE */
  maxBatchSize: number;
  /** OUTCOME_MAX_MEDV: the largest plausible MEDV ($1000s). */
  maxActual: number;
}

function fail(problems: FieldProblem[]): never {
  throw new BadUserInputError(problemsMessage(problems, "Invalid outcomes, none stored"), problems);
}

export class OutcomesService {
  constructor(
    private readonly db: Db,
    private readonly options: OutcomeOptions,
    /** Called with the stored count (challenger reports and live RMSE may have changed). */
    private readonly onRecorded: (count: number) => void = () => undefined,
  ) {}

  async record(outcomes: readonly { predictionId: string; actual: number }[], apiKeyId: string | null): Promise<number> {
    if (outcomes.length === 0) fail([{ field: "outcomes", message: "at least one outcome is needed" }]);
    if (outcomes.length > this.options.maxBatchSize) fail([{ field: "outcomes", message: `${outcomes.length} outcomes; at most ${this.options.maxBatchSize} (MAX_BATCH_SIZE) per call` }]);
    // Every problem of every row in one answer (a file of outcomes is fixed in one go), in row order.
    const problems: FieldProblem[] = [];
    const firstIndex = new Map<string, number>();
    const repeated = new Set<number>();
    outcomes.forEach((o, i) => {
      if (!Number.isFinite(o.actual) || !(o.actual > 0) || o.actual > this.options.maxActual) {
        problems.push({ field: `outcomes.${i}.actual`, message: `${o.actual} is outside the physical range of MEDV (> 0 and <= ${this.options.maxActual})` });
      }
      const earlier = firstIndex.get(o.predictionId);
      if (earlier !== undefined) {
        problems.push({ field: `outcomes.${i}.predictionId`, message: `prediction ${o.predictionId} appears twice in this call (also outcomes.${earlier})` });
        repeated.add(i);
      } else firstIndex.set(o.predictionId, i);
    });
    const ids = [...firstIndex.keys()];
    const [predictions, existing] = await Promise.all([
      this.db.prediction.findMany({ where: { id: { in: ids } }, select: { id: true } }),
      this.db.outcome.findMany({ where: { predictionId: { in: ids } }, select: { predictionId: true } }),
    ]);
    const known = new Set(predictions.map((p) => p.id));
    const recorded = new Set(existing.map((o) => o.predictionId));
    outcomes.forEach((o, i) => {
      if (repeated.has(i)) return;
      if (!known.has(o.predictionId)) problems.push({ field: `outcomes.${i}.predictionId`, message: `no prediction ${o.predictionId}` });
      else if (recorded.has(o.predictionId)) problems.push({ field: `outcomes.${i}.predictionId`, message: `prediction ${o.predictionId} already has an outcome` });
    });
    const row = (p: FieldProblem) => Number(p.field.split(".")[1]);
    if (problems.length > 0) fail(problems.sort((a, b) => row(a) - row(b)));
    try {
      await writeTransaction(this.db, async (tx) => {
        await tx.outcome.createMany({ data: outcomes.map((o) => ({ predictionId: o.predictionId, actual: o.actual, apiKeyId })) });
        // Running sums for performance, challengerReport and domus_live_rmse, in the same transaction.
        const scored = await tx.prediction.findMany({
          where: { id: { in: ids } },
          select: { id: true, modelName: true, modelVersion: true, challenger: true, value: true, createdAt: true, shadows: { select: { modelVersion: true, value: true } } },
        });
        const actual = new Map(outcomes.map((o) => [o.predictionId, o.actual]));
        for (const r of outcomeRollups(scored.map((p) => ({ ...p, actual: actual.get(p.id) as number })))) {
          const { n, sum, sumSq, absSum, ...key } = r;
          await tx.outcomeRollup.upsert({
            where: { bucketStart_modelName_kind_modelVersion_pairedVersion_role: key },
            create: r,
            update: { n: { increment: n }, sum: { increment: sum }, sumSq: { increment: sumSq }, absSum: { increment: absSum } },
          });
        }
      });
    } catch (err) {
      // A concurrent call stored one of them first: report which, nothing of this call was kept.
      if (!isUniqueViolation(err)) throw err;
      const raced = new Set((await this.db.outcome.findMany({ where: { predictionId: { in: ids } }, select: { predictionId: true } })).map((o) => o.predictionId));
      fail(outcomes.flatMap((o, i) => (raced.has(o.predictionId) ? [{ field: `outcomes.${i}.predictionId`, message: `prediction ${o.predictionId} already has an outcome` }] : [])));
    }
    this.onRecorded(outcomes.length);
    return outcomes.length;
  }
}
