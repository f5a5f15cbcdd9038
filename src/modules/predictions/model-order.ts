/**
 * Canonical rows (FEATURES order, row-major, NaN = missing) to a model's own feature order,
 * prepared by the model's missing-value policy (TabularModel.prepare: imputed, or left NaN for a
 * model trained with `missing: "learn"`): the one mapping behind predictions, shadow scores and explain.
 */
import { FEATURES } from "../../../pipeline/features.ts";

const WIDTH = FEATURES.length;
const CANONICAL_INDEX = new Map<string, number>(FEATURES.map((f, i) => [f, i]));

/** Where each of a model's features sits in a canonical row, once per feature list. */
const columnsByFeatures = new WeakMap<readonly string[], Int32Array>();
function canonicalColumns(features: readonly string[]): Int32Array {
  let columns = columnsByFeatures.get(features);
  if (!columns) {
    columns = Int32Array.from(features, (f) => CANONICAL_INDEX.get(f) as number);
    columnsByFeatures.set(features, columns);
  }
  return columns;
}

/** What toModelOrder needs of a model: its features and its missing-value policy (returns the missing positions). */
export interface PreparingModel {
  readonly features: readonly string[];
  prepare(row: Float64Array): number[];
}

export interface ModelRows {
  /** which.length × features.length, model order, prepared (imputed, or NaN kept for a "learn" model). */
  matrix: Float64Array;
  /**
   * Per row, a bit per feature the row did not have (bit j: model feature j): imputed, or passed
   * as missing to a "learn" model. The prediction log's `imputedFeatures`.
   */
  imputed: Uint32Array;
}

/** The rows `which` of a canonical matrix in the model's order, prepared. */
export function toModelOrder(model: PreparingModel, canonical: Float64Array, which: ArrayLike<number>): ModelRows {
  const n = which.length;
  const width = model.features.length;
  const columns = canonicalColumns(model.features);
  const matrix = new Float64Array(n * width);
  const imputed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const src = (which[i] as number) * WIDTH;
    const dst = i * width;
    let missing = false;
    for (let j = 0; j < width; j++) {
      const v = canonical[src + (columns[j] as number)] as number;
      matrix[dst + j] = v;
      if (v !== v) missing = true;
    }
    if (missing) {
      let mask = 0;
      for (const j of model.prepare(matrix.subarray(dst, dst + width))) mask |= 1 << j;
      imputed[i] = mask;
    }
  }
  return { matrix, imputed };
}
