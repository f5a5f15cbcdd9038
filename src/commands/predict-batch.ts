/**
 * One batch of rows to the server, one result per row. The only place the CLI knows how the
 * server reports invalid rows.
 *
 * It sends the rows as columns (`batchPredictColumns`, built by the client's toColumns) with the
 * --on-invalid policy. Under SKIP the server predicts and stores the valid rows and names each
 * invalid one in `errors` (row index, fields `input.<FEATURE>.<row>`); under REJECT an invalid row
 * fails the whole batch with BAD_USER_INPUT, which is thrown. `rows` maps each value back to its
 * input row; imputed and out-of-range features come for the flagged rows only (imputedRows with
 * imputedFeatures, outOfRangeRows with outOfRangeFeatures). The CLI validates rows against the
 * same feature specs first, so the server reports an invalid row only for a rule the CLI lacks.
 */
import { BatchPredictColumnsDocument, type DomusClient, type HousingFeaturesInput, type RowError, toColumns } from "../client/index.ts";

export type InvalidRowPolicy = "REJECT" | "SKIP";

export interface RowPrediction {
  /** The stored prediction's id (what `domus outcomes` takes as prediction_id). */
  id: string;
  value: number;
  modelVersion: number;
  imputedFeatures: string[];
  outOfRangeFeatures: string[];
}

export interface RowRejection {
  /** One per bad cell: the feature and the server's reason. */
  problems: { feature: string; reason: string }[];
}

export type RowResult = { prediction: RowPrediction } | { rejection: RowRejection };

/**
 * The cells of a RowError. Its message is "<field>: <reason>; <field>: <reason>…" in field order,
 * a field is "input.<FEATURE>.<row>"; anything else is kept whole.
 */
function rowProblems(error: RowError): RowRejection["problems"] {
  let rest = error.message;
  return error.fields.map((field, k) => {
    const next = error.fields[k + 1];
    const end = next === undefined ? -1 : rest.indexOf(`; ${next}: `);
    const part = end === -1 ? rest : rest.slice(0, end);
    rest = end === -1 ? "" : rest.slice(end + 2);
    const feature = /^input\.(\w+)\.\d+$/.exec(field)?.[1] ?? field;
    return { feature, reason: part.startsWith(`${field}: `) ? part.slice(field.length + 2) : part };
  });
}

export async function predictBatch(client: DomusClient, inputs: HousingFeaturesInput[], modelVersion: number | undefined, onInvalid: InvalidRowPolicy): Promise<RowResult[]> {
  const { batchPredictColumns: batch } = await client.mutate(BatchPredictColumnsDocument, { input: toColumns(inputs), modelVersion, onInvalid });
  const imputed = new Map(batch.imputedRows.map((row, k) => [row, batch.imputedFeatures[k] ?? []]));
  const outOfRange = new Map(batch.outOfRangeRows.map((row, k) => [row, batch.outOfRangeFeatures[k] ?? []]));
  const results: (RowResult | undefined)[] = new Array(inputs.length).fill(undefined);
  batch.rows.forEach((row, k) => {
    results[row] = { prediction: { id: batch.ids[k] as string, value: batch.values[k] as number, modelVersion: batch.modelVersion, imputedFeatures: imputed.get(row) ?? [], outOfRangeFeatures: outOfRange.get(row) ?? [] } };
  });
  for (const error of batch.errors) results[error.row] = { rejection: { problems: rowProblems(error) } };
  const unanswered = results.indexOf(undefined);
  if (unanswered !== -1) throw new Error(`the server answered ${batch.rows.length} predictions and ${batch.errors.length} errors for ${inputs.length} rows (none for row ${unanswered})`);
  return results as RowResult[];
}
