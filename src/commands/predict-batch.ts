/**
 * One batch of rows to the server, one result per row. The only place the CLI knows how the
 * server reports invalid rows.
 *
 * Today it sends `batchPredict` (all or nothing): the server names each rejected row in an error
 * field `inputs.<i>.<FIELD>`; with onInvalid "SKIP" those rows are set aside and the rest is sent
 * again. The CLI validates rows against the same feature specs first, so this only happens for a
 * rule the server has and the CLI does not. With a server that has `onInvalid` on the batch
 * mutations this function sends `onInvalid` and maps `rows`/`errors` instead.
 */
import { BatchPredictDocument, type DomusClient, DomusClientError, type HousingFeaturesInput } from "../client/index.ts";

export type InvalidRowPolicy = "REJECT" | "SKIP";

export interface RowPrediction {
  value: number;
  modelVersion: number;
  imputedFeatures: string[];
  outOfRangeFeatures: string[];
}

export interface RowRejection {
  fields: string[];
  message: string;
}

export type RowResult = { prediction: RowPrediction } | { rejection: RowRejection };

/** The rows (by index into `inputs`) and fields a BAD_USER_INPUT answer names, or null when it names no row. */
function rejectedRows(err: DomusClientError): Map<number, RowRejection> | null {
  const rows = new Map<number, RowRejection>();
  for (const e of err.errors as { message?: string; extensions?: { fields?: string[] } }[]) {
    for (const field of e.extensions?.fields ?? []) {
      const m = /^inputs\.(\d+)\.(\w+)$/.exec(field);
      if (!m) return null;
      const row = rows.get(Number(m[1])) ?? { fields: [], message: e.message ?? err.message };
      row.fields.push(m[2] as string);
      rows.set(Number(m[1]), row);
    }
  }
  return rows.size > 0 ? rows : null;
}

export async function predictBatch(client: DomusClient, inputs: HousingFeaturesInput[], modelVersion: number | undefined, onInvalid: InvalidRowPolicy): Promise<RowResult[]> {
  const results: (RowResult | undefined)[] = new Array(inputs.length);
  let pending = inputs.map((_, i) => i);
  while (pending.length > 0) {
    try {
      const { batchPredict } = await client.mutate(BatchPredictDocument, { inputs: pending.map((i) => inputs[i] as HousingFeaturesInput), modelVersion });
      batchPredict.predictions.forEach((p, k) => {
        results[pending[k] as number] = { prediction: { value: p.value, modelVersion: batchPredict.modelVersion, imputedFeatures: p.imputedFeatures, outOfRangeFeatures: p.outOfRangeFeatures } };
      });
      pending = [];
    } catch (err) {
      const rejected = err instanceof DomusClientError && err.code === "BAD_USER_INPUT" ? rejectedRows(err) : null;
      if (onInvalid === "REJECT" || !rejected) throw err;
      const remaining = pending.filter((_, k) => !rejected.has(k));
      if (remaining.length === pending.length) throw err; // names rows this batch does not have
      for (const [k, rejection] of rejected) results[pending[k] as number] = { rejection };
      pending = remaining;
    }
  }
  return results as RowResult[];
}
