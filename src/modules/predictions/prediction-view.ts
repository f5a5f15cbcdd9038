/**
 * A `Prediction` read from a request's PredictionTable: the scalar fields are plain properties,
 * the derived ones (features object, name lists, Date) are built only when a query selects them.
 * A 10,000-row batch that asks for `{ id value }` builds no feature objects at all.
 */
import { type PredictionSegment, type PredictionTable, forEachRow, namesOfMask } from "../../db/prediction-columns.ts";
import type { Prediction } from "./prediction.type.ts";

export class PredictionView implements Prediction {
  readonly id: string;
  readonly value: number;
  readonly requestId: string;
  readonly modelName: string;
  readonly modelVersion: number;
  readonly latencyMs: number;

  constructor(
    private readonly table: PredictionTable,
    private readonly row: number,
    private readonly segment: PredictionSegment,
  ) {
    this.id = table.ids[row] as string;
    this.value = table.values[row] as number;
    this.requestId = segment.requestId;
    this.modelName = table.modelName;
    this.modelVersion = table.modelVersion;
    this.latencyMs = segment.latencyMs;
  }

  /** NaN (a feature a "learn" model received as missing) is null, as the log stores it (PredictionText.features). */
  get features(): Record<string, number | null> {
    const { featureNames, features } = this.table;
    const base = this.row * featureNames.length;
    const out: Record<string, number | null> = {};
    for (let j = 0; j < featureNames.length; j++) {
      const v = features[base + j] as number;
      out[featureNames[j] as string] = v === v ? v : null;
    }
    return out;
  }

  get imputedFeatures(): string[] {
    return namesOfMask(this.table.featureNames, this.table.imputed[this.row] as number);
  }

  get outOfRangeFeatures(): string[] {
    return namesOfMask(this.table.featureNames, this.table.outOfRange[this.row] as number);
  }

  get createdAt(): Date {
    return new Date(this.segment.createdAtMs);
  }

  get apiKeyId(): string | null {
    return this.segment.apiKeyId;
  }

  get challenger(): boolean {
    return this.table.challenger;
  }

  /** Plain data (events sent to other replicas are JSON). */
  toJSON(): Prediction {
    const { id, requestId, value, modelName, modelVersion, features, imputedFeatures, outOfRangeFeatures, latencyMs, createdAt, challenger } = this;
    return { id, requestId, value, modelName, modelVersion, features, imputedFeatures, outOfRangeFeatures, latencyMs, createdAt, challenger };
  }
}

/** Views of every row of a table, in order. */
export function predictionViews(table: PredictionTable): PredictionView[] {
  const views: PredictionView[] = new Array(table.rows);
  forEachRow(table, (row, segment) => {
    views[row] = new PredictionView(table, row, segment);
  });
  return views;
}
