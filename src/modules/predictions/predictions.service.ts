/** Validates inputs, runs the model, logs every prediction durably, returns what was logged. */
import { FEATURES } from "../../../pipeline/features.ts";
import { type PredictionTable, concatTables, namesOfMask } from "../../db/prediction-columns.ts";
import { uuidv7s } from "../../ids.ts";
import { BadUserInputError, type FieldProblem, ModelNotReadyError } from "../../errors.ts";
import { type DomusPubSub, Topic } from "../../pubsub.ts";
import type { ModelStore, ServingModel } from "../models/model-store.ts";
import type { DomusMetrics } from "../monitoring/metrics.ts";
import { type FeatureValidator, type ParsedBatch, type RowProblem, compileFeatureValidator } from "./feature-validator.ts";
import { toModelOrder } from "./model-order.ts";
import type { PredictionLog } from "./prediction-log.ts";
import { type PredictionView, predictionViews } from "./prediction-view.ts";
import { type BatchPrediction, type ColumnarPrediction, InvalidRowPolicy, type RowError } from "./prediction.type.ts";

export interface PredictionCaller {
  requestId: string;
  apiKeyId: string | null;
  /** See Context.deferCommit: batches hand over their commit when the executor offers to wait for it. */
  deferCommit?: (commit: Promise<unknown>) => void;
}

/**
 * The two points where a challenger (src/modules/challengers) takes part in serving; both only
 * for requests that did not pin a `modelVersion`.
 */
export interface ChallengerHook {
  /** Which model answers: the champion, or a canary challenger for this routing key. */
  route(champion: ServingModel, routingKey: string): { serving: ServingModel; challenger: boolean };
  /**
   * After the rows are committed; must return at once (shadow scoring runs off the response
   * path). `which[i]` is the canonical row (FEATURES order, row-major) of the table's row i.
   */
  afterCommit(served: ServingModel, canonical: Float64Array, which: ArrayLike<number>, table: PredictionTable): void;
}

const WIDTH = FEATURES.length;
/** Batches above this many rows are logged chunk by chunk while they are predicted (PredictionLog.stream). */
const STREAM_MIN_ROWS = 2000;
const STREAM_CHUNK_ROWS = 1000;
const ONE_ROW = [0] as const;

/** "Invalid input: a: …; b: … (and n more)": the message of a BAD_USER_INPUT listing field problems. */
export function problemsMessage(problems: readonly FieldProblem[], prefix = "Invalid input"): string {
  const shown = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : "";
  return `${prefix}: ${shown.join("; ")}${more}`;
}

/** Row problems (input order) grouped into one RowError per row. */
function rowErrors(problems: readonly RowProblem[]): RowError[] {
  const errors: RowError[] = [];
  for (const p of problems) {
    const last = errors.at(-1);
    if (last && last.row === p.row) {
      last.fields.push(p.field);
      last.message += `; ${p.field}: ${p.message}`;
    } else {
      errors.push({ row: p.row, fields: [p.field], message: `${p.field}: ${p.message}` });
    }
  }
  return errors;
}

/** A batch's predicted rows and what happened to the others. */
interface BatchOutcome {
  table: PredictionTable;
  /** Input index of each row of `table`. */
  rows: number[];
  errors: RowError[];
  modelVersion: number;
  totalLatencyMs: number;
  /** Settles once the rows are committed (and handed to a challenger); rejects when nothing was stored. */
  stored: Promise<void>;
}

export interface PredictionsServiceOptions {
  models: ModelStore;
  log: PredictionLog;
  /** MAX_BATCH_SIZE: rows accepted in one batch. */
  maxBatchSize: number;
  pubsub: DomusPubSub;
  metrics: DomusMetrics;
  /** Called with the row count after every commit (drift checks count predictions). Default: nothing. */
  onCommitted?: (rows: number) => void;
  /** Routes between champion and challenger and scores shadows. Default: the champion answers. */
  challengers?: ChallengerHook;
}

export class PredictionsService {
  private readonly validate: FeatureValidator = compileFeatureValidator();
  private readonly models: ModelStore;
  private readonly log: PredictionLog;
  private readonly options: { maxBatchSize: number };
  private readonly pubsub: DomusPubSub;
  private readonly metrics: DomusMetrics;
  private readonly onCommitted?: (rows: number) => void;
  private readonly challengers?: ChallengerHook;

  constructor({ models, log, maxBatchSize, pubsub, metrics, onCommitted, challengers }: PredictionsServiceOptions) {
    this.models = models;
    this.log = log;
    this.options = { maxBatchSize };
    this.pubsub = pubsub;
    this.metrics = metrics;
    this.onCommitted = onCommitted;
    this.challengers = challengers;
  }

  /** The serving model, routed between champion and challenger unless the client pinned a version. */
  private async chooseModel(modelVersion: number | null | undefined, routingKey: string): Promise<{ serving: ServingModel; challenger: boolean; routed: boolean }> {
    const serving = await this.servingModel(modelVersion);
    if ((modelVersion !== null && modelVersion !== undefined) || !this.challengers) return { serving, challenger: false, routed: false };
    return { ...this.challengers.route(serving, routingKey), routed: true };
  }

  /** After commit: count and publish (only when someone listens: a 10,000-row batch should not build 10,000 events for nobody). */
  private committed(table: PredictionTable, views?: readonly PredictionView[]): void {
    if (table.rows === 0) return;
    this.metrics.predictions.inc({ model_version: String(table.modelVersion) }, table.rows);
    this.onCommitted?.(table.rows);
    if (!this.pubsub.hasSubscribers(Topic.PredictionMade)) return;
    for (const view of views ?? predictionViews(table)) this.pubsub.publish(Topic.PredictionMade, view);
  }

  private async servingModel(modelVersion: number | null | undefined): Promise<ServingModel> {
    if (modelVersion !== null && modelVersion !== undefined) {
      if (!Number.isInteger(modelVersion) || modelVersion < 1) {
        throw new BadUserInputError("modelVersion must be a positive integer", [{ field: "modelVersion", message: "must be >= 1" }]);
      }
      return this.models.get(modelVersion);
    }
    const champion = this.models.champion;
    if (!champion) throw new ModelNotReadyError();
    return champion;
  }

  /** The features of one `input` argument in canonical order, or BAD_USER_INPUT naming every bad field. */
  private validateOne(input: Record<string, unknown>): Float64Array {
    const canonical = new Float64Array(WIDTH);
    const problems: FieldProblem[] = [];
    this.validate(input, canonical, "input", problems);
    if (problems.length > 0) throw new BadUserInputError(problemsMessage(problems), problems);
    return canonical;
  }

  /** Exact SHAP attribution of one input; not logged as a prediction. */
  async explain(
    input: Record<string, unknown>,
    modelVersion: number | null | undefined,
  ): Promise<{ prediction: number; baseValue: number; contributions: { feature: string; value: number; contribution: number }[]; imputedFeatures: string[]; modelVersion: number }> {
    const serving = await this.servingModel(modelVersion);
    const canonical = this.validateOne(input);
    const { model } = serving;
    if (!model.explainable) {
      const message = `model version ${serving.version} (${serving.algorithm}) cannot explain predictions: its estimator has no SHAP attributions`;
      throw new BadUserInputError(message, [{ field: "modelVersion", message }]);
    }
    const { matrix: raw, imputed } = toModelOrder(model, canonical, ONE_ROW);
    const { baseValue, contributions, prediction } = model.explainPrepared(raw);
    return {
      prediction,
      baseValue,
      contributions: model.features
        // A value a "learn" model received as missing (NaN) is reported as 0: GraphQL's Float has no NaN (see Explanation.imputedFeatures).
        .map((feature, j) => ({ feature, value: Number.isNaN(raw[j]) ? 0 : (raw[j] as number), contribution: contributions[j] as number }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
      imputedFeatures: namesOfMask(model.features, imputed[0] as number),
      modelVersion: serving.version,
    };
  }

  /**
   * The rows `which` of a canonical matrix (row-major, FEATURES order) mapped to the model's
   * features, prepared (TabularModel.prepare) and predicted as one flat matrix (one pass per tree): the table to log.
   * `createdAtMs`: the rows' timestamp; a streamed batch passes one for all of its chunks (a
   * request's rows share one time, so one rollup bucket).
   */
  private infer(serving: ServingModel, canonical: Float64Array, which: ArrayLike<number>, caller: PredictionCaller, t0: number, challenger = false, createdAtMs = Date.now()): PredictionTable {
    const { model } = serving;
    const n = which.length;
    const width = model.features.length;
    const { matrix: features, imputed } = toModelOrder(model, canonical, which);
    const outOfRange = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const dst = i * width;
      const mask = imputed[i] as number;
      let out = 0;
      for (let j = 0; j < width; j++) {
        const v = features[dst + j] as number;
        if (!((mask >>> j) & 1) && (v < (serving.rangeMin[j] as number) || v > (serving.rangeMax[j] as number))) out |= 1 << j;
      }
      outOfRange[i] = out;
    }
    // One row (predict): the row path, half the cost of a one-row flat pass; every estimator gives
    // the identical double either way (tested in tree-ensemble.test.ts and the batch tests).
    const values = n === 1 ? Float64Array.of(model.predictPrepared(features)) : Float64Array.from(model.predictPreparedFlat(features, n));
    const ids = uuidv7s(n);
    return {
      modelVersionId: serving.id,
      modelName: serving.name,
      modelVersion: serving.version,
      featureNames: model.features,
      rows: n,
      ids,
      values,
      features,
      imputed,
      outOfRange,
      challenger,
      // Per row: the batch's inference time shared equally.
      segments: [{ start: 0, requestId: caller.requestId, apiKeyId: caller.apiKeyId, createdAtMs, latencyMs: n > 0 ? (performance.now() - t0) / n : 0 }],
    };
  }

  /** `routingKey` (default: the request id) keeps a caller on one version while a canary runs. */
  async predict(input: Record<string, unknown>, modelVersion: number | null | undefined, caller: PredictionCaller, routingKey?: string | null): Promise<PredictionView> {
    const { serving, challenger, routed } = await this.chooseModel(modelVersion, routingKey ?? caller.requestId);
    const t0 = performance.now();
    const canonical = this.validateOne(input);
    const table = this.infer(serving, canonical, ONE_ROW, caller, t0, challenger);
    const views = predictionViews(table);
    await this.log.append(table);
    this.committed(table, views);
    if (routed) this.challengers?.afterCommit(serving, canonical, ONE_ROW, table);
    return views[0] as PredictionView;
  }

  /**
   * A parsed batch (see feature-validator.ts) predicted and stored: under REJECT any invalid row
   * fails the whole batch with BAD_USER_INPUT naming every bad field; under SKIP the valid rows
   * are predicted and stored and each invalid row is returned as a RowError.
   */
  private async predictParsed(batch: ParsedBatch, argument: string, modelVersion: number | null | undefined, policy: InvalidRowPolicy, caller: PredictionCaller): Promise<BatchOutcome> {
    if (batch.shapeProblems.length > 0) throw new BadUserInputError(problemsMessage(batch.shapeProblems), batch.shapeProblems);
    if (batch.rows === 0) throw new BadUserInputError(`${argument} must contain at least one row`, [{ field: argument, message: "empty batch" }]);
    if (batch.rows > this.options.maxBatchSize) {
      throw new BadUserInputError(`${argument} has ${batch.rows} rows; at most ${this.options.maxBatchSize} (MAX_BATCH_SIZE) are allowed`, [
        { field: argument, message: `more than ${this.options.maxBatchSize} rows` },
      ]);
    }
    const { serving, challenger, routed } = await this.chooseModel(modelVersion, caller.requestId);
    if (batch.rowProblems.length > 0 && policy !== InvalidRowPolicy.SKIP) {
      throw new BadUserInputError(problemsMessage(batch.rowProblems), batch.rowProblems.map(({ field, message }) => ({ field, message })));
    }
    const t0 = performance.now();
    const invalid = new Uint8Array(batch.rows);
    for (const p of batch.rowProblems) invalid[p.row] = 1;
    const rows: number[] = [];
    for (let i = 0; i < batch.rows; i++) if (invalid[i] === 0) rows.push(i);
    let table: PredictionTable;
    let totalLatencyMs: number;
    let stored: Promise<void>;
    if (rows.length <= STREAM_MIN_ROWS) {
      table = this.infer(serving, batch.matrix, rows, caller, t0, challenger);
      totalLatencyMs = performance.now() - t0;
      stored = this.log.append(table);
    } else {
      // Large batches: each chunk goes to the log as soon as it is predicted, so storing chunk k
      // overlaps predicting chunk k+1; one transaction, committed (or not at all) at the end.
      const stream = this.log.stream();
      const parts: PredictionTable[] = [];
      const createdAtMs = Date.now();
      try {
        for (let start = 0; start < rows.length; start += STREAM_CHUNK_ROWS) {
          const part = this.infer(serving, batch.matrix, rows.slice(start, start + STREAM_CHUNK_ROWS), caller, performance.now(), challenger, createdAtMs);
          parts.push(part);
          stream.write(concatTables([part])); // a copy: the writer may take its arrays
        }
      } catch (err) {
        await stream.abort();
        throw err;
      }
      table = concatTables(parts);
      totalLatencyMs = performance.now() - t0;
      stored = stream.commit();
    }
    if (routed) stored = stored.then(() => this.challengers?.afterCommit(serving, batch.matrix, rows, table));
    // Awaited or handed over by settle(); marked handled now, so that a failure arriving before then is not an unhandled rejection.
    stored.catch(() => undefined);
    return { table, rows, errors: rowErrors(batch.rowProblems), modelVersion: serving.version, totalLatencyMs, stored };
  }

  /**
   * Nothing is answered before the batch's rows are committed: waits for the commit, or hands it
   * to the executor (caller.deferCommit), which completes the result meanwhile and answers once
   * the commit has settled (the overlap matters for streamed batches, whose last chunks are still
   * being stored; a group commit is only sent once the event loop's turn is over). `after`
   * (counting, publishing) runs only after a successful commit.
   */
  private async settle(stored: Promise<void>, caller: PredictionCaller, after: () => void): Promise<void> {
    const done = stored.then(after);
    if (caller.deferCommit) caller.deferCommit(done);
    else await done;
  }

  /** batchPredict: one Prediction per valid row. */
  async predictBatch(batch: ParsedBatch, modelVersion: number | null | undefined, policy: InvalidRowPolicy, caller: PredictionCaller): Promise<BatchPrediction> {
    const outcome = await this.predictParsed(batch, "inputs", modelVersion, policy, caller);
    const predictions = predictionViews(outcome.table);
    await this.settle(outcome.stored, caller, () => this.committed(outcome.table, predictions));
    const { rows, errors, modelVersion: version, totalLatencyMs } = outcome;
    return { predictions, rows, errors, count: rows.length, modelVersion: version, totalLatencyMs };
  }

  /** batchPredictColumns: values and ids as lists, flags as row indices. */
  async predictColumns(batch: ParsedBatch, modelVersion: number | null | undefined, policy: InvalidRowPolicy, caller: PredictionCaller, intervalLevel: number | null = null): Promise<ColumnarPrediction> {
    const outcome = await this.predictParsed(batch, "input", modelVersion, policy, caller);
    const { table, rows } = outcome;
    // Intervals only when asked, from the rows as the served model used them (prepared).
    const bounds = intervalLevel === null ? null : await this.columnIntervals(table, intervalLevel);
    await this.settle(outcome.stored, caller, () => this.committed(table));
    const imputedRows: number[] = [];
    const outOfRangeRows: number[] = [];
    // Table indices of the flagged rows: the feature names are built only when a query selects them.
    const imputedAt: number[] = [];
    const outOfRangeAt: number[] = [];
    for (let i = 0; i < table.rows; i++) {
      if (table.imputed[i] !== 0) {
        imputedRows.push(rows[i] as number);
        imputedAt.push(i);
      }
      if (table.outOfRange[i] !== 0) {
        outOfRangeRows.push(rows[i] as number);
        outOfRangeAt.push(i);
      }
    }
    return {
      count: table.rows,
      modelVersion: outcome.modelVersion,
      values: table.values,
      ids: table.ids,
      rows,
      imputedRows,
      outOfRangeRows,
      get imputedFeatures() {
        return imputedAt.map((i) => namesOfMask(table.featureNames, table.imputed[i] as number));
      },
      get outOfRangeFeatures() {
        return outOfRangeAt.map((i) => namesOfMask(table.featureNames, table.outOfRange[i] as number));
      },
      errors: outcome.errors,
      totalLatencyMs: outcome.totalLatencyMs,
      intervalLevel,
      lower: bounds?.lower ?? null,
      upper: bounds?.upper ?? null,
    };
  }

  /** CV+ bounds of a table's rows; null when its version has no calibration. */
  private async columnIntervals(table: PredictionTable, level: number): Promise<{ lower: number[]; upper: number[] } | null> {
    const serving = await this.models.get(table.modelVersion);
    return serving.calibration ? serving.calibration.intervalsFlat(table.features, table.rows, table.values, level) : null;
  }
}
