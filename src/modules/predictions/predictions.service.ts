/** Validates inputs, runs the model, logs every prediction durably, returns what was logged. */
import { FEATURES } from "../../../pipeline/dataset.ts";
import { uuidv7 } from "../../ids.ts";
import { batchCost } from "../auth/rate-limiter.ts";
import { BadUserInputError, type FieldProblem, ModelNotReadyError } from "../../errors.ts";
import { type DomusPubSub, Topic } from "../../pubsub.ts";
import type { ModelStore, ServingModel } from "../models/model-store.ts";
import type { DomusMetrics } from "../monitoring/metrics.ts";
import { type FeatureValidator, compileFeatureValidator } from "./feature-validator.ts";
import type { PredictionLog, PredictionRecord } from "./prediction-log.ts";

export interface PredictionCaller {
  requestId: string;
  apiKeyId: string | null;
  /** Takes extra rate-limit tokens (throws RATE_LIMITED). */
  charge?: (cost: number) => void;
}

/**
 * The two points where a challenger (src/modules/challengers) takes part in serving; both only
 * for requests that did not pin a `modelVersion`.
 */
export interface ChallengerHook {
  /** Which model answers: the champion, or a canary challenger for this routing key. */
  route(champion: ServingModel, routingKey: string): { serving: ServingModel; challenger: boolean };
  /** After the rows are committed; must return at once (shadow scoring runs off the response path). */
  afterCommit(served: ServingModel, canonical: Float64Array, n: number, records: readonly PredictionRecord[]): void;
}

const CANONICAL_INDEX = new Map<string, number>(FEATURES.map((f, i) => [f, i]));

/** "Invalid input: a: …; b: … (and n more)": the message of a BAD_USER_INPUT listing field problems. */
export function problemsMessage(problems: FieldProblem[], prefix = "Invalid input"): string {
  const shown = problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : "";
  return `${prefix}: ${shown.join("; ")}${more}`;
}

export class PredictionsService {
  private readonly validate: FeatureValidator = compileFeatureValidator();

  constructor(
    private readonly models: ModelStore,
    private readonly log: PredictionLog,
    private readonly options: { maxBatchSize: number },
    private readonly pubsub: DomusPubSub,
    private readonly metrics: DomusMetrics,
    /** Called with the row count after every commit (drift checks count predictions). */
    private readonly onCommitted?: (rows: number) => void,
    private readonly challengers?: ChallengerHook,
  ) {}

  /** After commit: count and publish (only when someone listens: a 10,000-row batch should not build 10,000 events for nobody). */
  private committed(records: PredictionRecord[]): void {
    const first = records[0];
    if (!first) return;
    this.metrics.predictions.inc({ model_version: String(first.modelVersion) }, records.length);
    this.onCommitted?.(records.length);
    if (!this.pubsub.hasSubscribers(Topic.PredictionMade)) return;
    for (const r of records) this.pubsub.publish(Topic.PredictionMade, r);
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

  /** The serving model, routed between champion and challenger unless the client pinned a version. */
  private async chooseModel(modelVersion: number | null | undefined, routingKey: string): Promise<{ serving: ServingModel; challenger: boolean; routed: boolean }> {
    const serving = await this.servingModel(modelVersion);
    if ((modelVersion !== null && modelVersion !== undefined) || !this.challengers) return { serving, challenger: false, routed: false };
    return { ...this.challengers.route(serving, routingKey), routed: true };
  }

  /** The features of one `input` argument in canonical order, or BAD_USER_INPUT naming every bad field. */
  private validateOne(input: Record<string, unknown>): Float64Array {
    const canonical = new Float64Array(FEATURES.length);
    const problems: FieldProblem[] = [];
    this.validate(input, canonical, "input", problems);
    if (problems.length > 0) throw new BadUserInputError(problemsMessage(problems), problems);
    return canonical;
  }

  /** Exact SHAP attribution of one input; not logged as a prediction. */
  async explain(
    input: Record<string, unknown>,
    modelVersion: number | null | undefined,
  ): Promise<{ prediction: number; baseValue: number; contributions: { feature: string; value: number; contribution: number }[]; modelVersion: number }> {
    const serving = await this.servingModel(modelVersion);
    const canonical = this.validateOne(input);
    const { model } = serving;
    const raw = new Float64Array(model.features.length);
    for (let j = 0; j < raw.length; j++) raw[j] = canonical[CANONICAL_INDEX.get(model.features[j] as string) as number] as number;
    model.impute(raw);
    const { baseValue, contributions, prediction } = model.explainImputed(raw);
    return {
      prediction,
      baseValue,
      contributions: model.features
        .map((feature, j) => ({ feature, value: raw[j] as number, contribution: contributions[j] as number }))
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
      modelVersion: serving.version,
    };
  }

  /**
   * Rows (canonical order, row-major) mapped to the model's features, imputed and predicted as one
   * flat matrix (one pass per tree), then turned into the records to log.
   */
  private inferBatch(serving: ServingModel, canonical: Float64Array, n: number, caller: PredictionCaller, t0: number, challenger = false): PredictionRecord[] {
    const { model } = serving;
    const width = model.features.length;
    const columns = model.features.map((f) => CANONICAL_INDEX.get(f) as number);
    const raw = new Float64Array(n * width);
    const imputedByRow: (number[] | null)[] = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const src = i * FEATURES.length;
      const dst = i * width;
      let missing = false;
      for (let j = 0; j < width; j++) {
        const v = canonical[src + (columns[j] as number)] as number;
        raw[dst + j] = v;
        if (v !== v) missing = true;
      }
      if (missing) imputedByRow[i] = model.impute(raw.subarray(dst, dst + width));
    }
    const values = model.predictImputedFlat(raw, n);
    const now = new Date();
    const latencyMs = (performance.now() - t0) / n;
    const records: PredictionRecord[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const base = i * width;
      const imputed = imputedByRow[i] ?? [];
      const features: Record<string, number> = {};
      const outOfRange: string[] = [];
      let cursor = 0;
      for (let j = 0; j < width; j++) {
        const name = model.features[j] as string;
        const v = raw[base + j] as number;
        features[name] = v;
        if (imputed[cursor] === j) {
          cursor++;
          continue;
        }
        if (v < (serving.rangeMin[j] as number) || v > (serving.rangeMax[j] as number)) outOfRange.push(name);
      }
      records[i] = {
        id: uuidv7(now.getTime()),
        requestId: caller.requestId,
        modelVersionId: serving.id,
        modelName: serving.name,
        modelVersion: serving.version,
        value: values[i] as number,
        features,
        imputedFeatures: imputed.map((j) => model.features[j] as string),
        outOfRangeFeatures: outOfRange,
        // Per row: the batch's inference time shared equally.
        latencyMs,
        apiKeyId: caller.apiKeyId,
        createdAt: now,
        challenger,
      };
    }
    return records;
  }

  /** `routingKey` (default: the request id) keeps a caller on one version while a canary runs. */
  async predict(input: Record<string, unknown>, modelVersion: number | null | undefined, caller: PredictionCaller, routingKey?: string | null): Promise<PredictionRecord> {
    const { serving, challenger, routed } = await this.chooseModel(modelVersion, routingKey ?? caller.requestId);
    const t0 = performance.now();
    const canonical = this.validateOne(input);
    const [record] = this.inferBatch(serving, canonical, 1, caller, t0, challenger) as [PredictionRecord];
    await this.log.append([record]);
    this.committed([record]);
    if (routed) this.challengers?.afterCommit(serving, canonical, 1, [record]);
    return record;
  }

  async predictBatch(
    inputs: readonly Record<string, unknown>[],
    modelVersion: number | null | undefined,
    caller: PredictionCaller,
  ): Promise<{ predictions: PredictionRecord[]; modelVersion: number; totalLatencyMs: number }> {
    if (inputs.length === 0) throw new BadUserInputError("inputs must contain at least one input", [{ field: "inputs", message: "empty batch" }]);
    if (inputs.length > this.options.maxBatchSize) {
      throw new BadUserInputError(`inputs has ${inputs.length} items; at most ${this.options.maxBatchSize} (MAX_BATCH_SIZE) are allowed`, [
        { field: "inputs", message: `more than ${this.options.maxBatchSize} inputs` },
      ]);
    }
    // The request already paid one token; a batch pays one per started hundred rows.
    caller.charge?.(batchCost(inputs.length) - 1);
    const { serving, challenger, routed } = await this.chooseModel(modelVersion, caller.requestId);
    const t0 = performance.now();
    const n = inputs.length;
    const width = FEATURES.length;
    const canonical = new Float64Array(n * width);
    const problems: FieldProblem[] = [];
    for (let i = 0; i < n; i++) this.validate(inputs[i] as Record<string, unknown>, canonical.subarray(i * width, (i + 1) * width), `inputs.${i}`, problems);
    if (problems.length > 0) throw new BadUserInputError(problemsMessage(problems), problems);
    const predictions = this.inferBatch(serving, canonical, n, caller, t0, challenger);
    const totalLatencyMs = performance.now() - t0;
    await this.log.append(predictions);
    this.committed(predictions);
    if (routed) this.challengers?.afterCommit(serving, canonical, n, predictions);
    return { predictions, modelVersion: serving.version, totalLatencyMs };
  }
}
