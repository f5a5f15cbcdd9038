/**
 * Ground truth for logged predictions: at most one outcome per prediction, all of a call or none.
 * An outcome belongs to the key that made the prediction (or an ADMIN key); that caller may correct
 * it with `replace`. `actual` must lie within the training target's range widened by
 * OUTCOME_RANGE_MARGIN on each side (and within the physical range of MEDV). Every problem is
 * reported by its place in the call (`outcomes.<i>.actual`, `outcomes.<i>.predictionId`) before
 * anything is written.
 */
import type { Db } from "../../db/client.ts";
import { BadUserInputError, ForbiddenError, type FieldProblem } from "../../errors.ts";
import { isUniqueViolation } from "../../db/availability.ts";
import { parseJsonText } from "../../db/json.ts";
import { writeTransaction } from "../../db/retry.ts";
import type { ReferenceStats } from "../../../pipeline/reference.ts";
import { Role } from "../common/enums.ts";
import { problemsMessage } from "../predictions/predictions.service.ts";
import type { CoverageRollupRow, ScoredOutcome } from "../intervals/intervals.service.ts";
import { type LabelledPrediction, outcomeRollups } from "./outcome-rollups.ts";

export interface OutcomeOptions {
  /** MAX_BATCH_SIZE */
  maxBatchSize: number;
  /** OUTCOME_MAX_MEDV: the largest plausible MEDV ($1000s). */
  maxActual: number;
  /** OUTCOME_RANGE_MARGIN: share of the training target's range accepted beyond its min and max. */
  rangeMargin: number;
  /** Live interval coverage as running sums (IntervalsService.coverageRollups); without it none are kept. */
  coverage?: { coverageRollups(rows: readonly ScoredOutcome[]): Promise<{ added: CoverageRollupRow[]; removed: CoverageRollupRow[] }> };
}

/** Who records: the key (null: none) and its role. */
export interface OutcomeCaller {
  apiKeyId: string | null;
  role: Role | null;
}

function fail(problems: FieldProblem[]): never {
  throw new BadUserInputError(problemsMessage(problems, "Invalid outcomes, none stored"), problems);
}

/** Thrown inside the transaction when a replaced outcome changed since it was read. */
class ReplacedConcurrently extends Error {}

const SCORED_SELECT = { id: true, modelName: true, modelVersion: true, challenger: true, value: true, features: true, createdAt: true, shadows: { select: { modelVersion: true, value: true } } } as const;

export class OutcomesService {
  /** Accepted actual range per model version id (versions are immutable; null: no target statistics). */
  private readonly ranges = new Map<string, { low: number; high: number } | null>();

  constructor(
    private readonly db: Db,
    private readonly options: OutcomeOptions,
    /** Called with the stored count (challenger reports and live RMSE may have changed). */
    private readonly onRecorded: (count: number) => void = () => undefined,
  ) {}

  /** The training target's [min, max] widened by OUTCOME_RANGE_MARGIN × (max − min) on each side. */
  private async targetRanges(versionIds: readonly string[]): Promise<Map<string, { low: number; high: number } | null>> {
    const missing = [...new Set(versionIds)].filter((id) => !this.ranges.has(id));
    if (missing.length > 0) {
      const rows = await this.db.modelVersion.findMany({ where: { id: { in: missing } }, select: { id: true, referenceStats: true } });
      for (const row of rows) {
        const target = parseJsonText<ReferenceStats | null>(row.referenceStats, null)?.target;
        const ok = target && Number.isFinite(target.min) && Number.isFinite(target.max);
        const margin = ok ? (target.max - target.min) * this.options.rangeMargin : 0;
        this.ranges.set(row.id, ok ? { low: target.min - margin, high: target.max + margin } : null);
      }
    }
    return this.ranges;
  }

  async record(outcomes: readonly { predictionId: string; actual: number }[], caller: OutcomeCaller, replace = false): Promise<number> {
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
      this.db.prediction.findMany({ where: { id: { in: ids } }, select: { id: true, apiKeyId: true, modelVersionId: true } }),
      this.db.outcome.findMany({ where: { predictionId: { in: ids } }, select: { predictionId: true, actual: true } }),
    ]);
    const known = new Map(predictions.map((p) => [p.id, p]));
    const previous = new Map(existing.map((o) => [o.predictionId, o.actual]));
    // Ownership first: another key's prediction is refused whatever else is wrong with the row.
    const admin = caller.role === Role.ADMIN;
    const foreign = outcomes.flatMap((o, i) => {
      const p = known.get(o.predictionId);
      return p && !admin && (caller.apiKeyId === null || p.apiKeyId !== caller.apiKeyId) ? [{ field: `outcomes.${i}.predictionId`, message: `prediction ${o.predictionId} was made by another API key; only that key or an ADMIN key may record its outcome` }] : [];
    });
    if (foreign.length > 0) throw new ForbiddenError(problemsMessage(foreign, "Outcomes of other keys' predictions, none stored"), { fields: foreign.map((p) => p.field), problems: foreign });
    const ranges = await this.targetRanges(predictions.map((p) => p.modelVersionId));
    outcomes.forEach((o, i) => {
      if (repeated.has(i)) return;
      const p = known.get(o.predictionId);
      if (!p) {
        problems.push({ field: `outcomes.${i}.predictionId`, message: `no prediction ${o.predictionId}` });
        return;
      }
      if (previous.has(o.predictionId) && !replace) problems.push({ field: `outcomes.${i}.predictionId`, message: `prediction ${o.predictionId} already has an outcome (pass replace: true to correct it)` });
      const range = ranges.get(p.modelVersionId);
      if (range && Number.isFinite(o.actual) && (o.actual < range.low || o.actual > range.high) && !problems.some((q) => q.field === `outcomes.${i}.actual`)) {
        problems.push({ field: `outcomes.${i}.actual`, message: `${o.actual} is outside the model's training target range widened by OUTCOME_RANGE_MARGIN (${round(range.low)} to ${round(range.high)})` });
      }
    });
    const row = (q: FieldProblem) => Number(q.field.split(".")[1]);
    if (problems.length > 0) fail(problems.sort((a, b) => row(a) - row(b)));
    // Predictions never change: what the running sums need of them is read (and the served
    // intervals computed, which may load a model) before the write transaction.
    const corrected = outcomes.filter((o) => previous.has(o.predictionId));
    const scored = await this.db.prediction.findMany({ where: { id: { in: ids } }, select: SCORED_SELECT });
    const byId = new Map(scored.map((p) => [p.id, p]));
    const label = (rows: readonly { predictionId: string; actual: number }[]): (LabelledPrediction & { id: string; features: string })[] =>
      rows.flatMap((o) => {
        const p = byId.get(o.predictionId);
        return p ? [{ ...p, actual: o.actual }] : [];
      });
    const old = label(corrected.map((o) => ({ predictionId: o.predictionId, actual: previous.get(o.predictionId) as number })));
    const fresh = label(outcomes);
    // Each served interval once: a correction's row also takes back its previous actual's coverage.
    const coverage = this.options.coverage
      ? await this.options.coverage.coverageRollups(fresh.map((row) => (previous.has(row.id) ? { ...row, previousActual: previous.get(row.id) } : row)))
      : { added: [], removed: [] };
    try {
      await writeTransaction(this.db, async (tx) => {
        const added = outcomes.filter((o) => !previous.has(o.predictionId));
        if (added.length > 0) await tx.outcome.createMany({ data: added.map((o) => ({ predictionId: o.predictionId, actual: o.actual, apiKeyId: caller.apiKeyId })) });
        // A correction applies only to the value it read: a concurrent correction in between aborts this call.
        for (const o of corrected) {
          const { count } = await tx.outcome.updateMany({ where: { predictionId: o.predictionId, actual: previous.get(o.predictionId) as number }, data: { actual: o.actual, apiKeyId: caller.apiKeyId } });
          if (count !== 1) throw new ReplacedConcurrently(o.predictionId);
        }
        // Running sums for performance, challengerReport, domus_live_rmse and live coverage, in the
        // same transaction: a correction subtracts the old error (and coverage) and adds the new one.
        for (const r of outcomeRollups(old)) {
          const { n, sum, sumSq, absSum, ...key } = r;
          // No row left (pruned past ROLLUP_RETENTION_DAYS): nothing of the old value to take back.
          await tx.outcomeRollup.updateMany({ where: key, data: { n: { decrement: n }, sum: { decrement: sum }, sumSq: { decrement: sumSq }, absSum: { decrement: absSum } } });
        }
        for (const r of outcomeRollups(fresh)) {
          const { n, sum, sumSq, absSum, ...key } = r;
          await tx.outcomeRollup.upsert({
            where: { bucketStart_modelName_kind_modelVersion_pairedVersion_role: key },
            create: r,
            update: { n: { increment: n }, sum: { increment: sum }, sumSq: { increment: sumSq }, absSum: { increment: absSum } },
          });
        }
        for (const r of coverage.removed) {
          const { n, covered, widthSum, ...key } = r;
          await tx.coverageRollup.updateMany({ where: key, data: { n: { decrement: n }, covered: { decrement: covered }, widthSum: { decrement: widthSum } } });
        }
        for (const r of coverage.added) {
          const { n, covered, widthSum, ...key } = r;
          await tx.coverageRollup.upsert({ where: { bucketStart_modelName_modelVersion_level: key }, create: r, update: { n: { increment: n }, covered: { increment: covered }, widthSum: { increment: widthSum } } });
        }
      });
    } catch (err) {
      if (err instanceof ReplacedConcurrently) {
        fail([{ field: `outcomes.${firstIndex.get(err.message)}.predictionId`, message: `the outcome of prediction ${err.message} changed during this call; none stored, retry` }]);
      }
      // A concurrent call stored one of them first: report which, nothing of this call was kept.
      if (!isUniqueViolation(err)) throw err;
      const raced = new Set((await this.db.outcome.findMany({ where: { predictionId: { in: ids } }, select: { predictionId: true } })).map((o) => o.predictionId));
      fail(outcomes.flatMap((o, i) => (raced.has(o.predictionId) && !previous.has(o.predictionId) ? [{ field: `outcomes.${i}.predictionId`, message: `prediction ${o.predictionId} already has an outcome` }] : [])));
    }
    this.onRecorded(outcomes.length);
    return outcomes.length;
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
