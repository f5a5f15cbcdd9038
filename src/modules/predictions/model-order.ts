/**
 * Canonical rows (FEATURES order, row-major, NaN = missing) to a model's own feature order,
 * imputed as serving imputes: the one mapping behind predictions, shadow scores and explain.
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

/** What toModelOrder needs of a model: its features and its imputation (returns the imputed positions). */
export interface ImputingModel {
  readonly features: readonly string[];
  impute(row: Float64Array): number[];
}

export interface ModelRows {
  /** which.length × features.length, model order, imputed. */
  matrix: Float64Array;
  /** Per row, a bit per imputed feature (bit j: model feature j). */
  imputed: Uint32Array;
}

/** The rows `which` of a canonical matrix in the model's order, imputed. */
export function toModelOrder(model: ImputingModel, canonical: Float64Array, which: ArrayLike<number>): ModelRows {
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
      for (const j of model.impute(matrix.subarray(dst, dst + width))) mask |= 1 << j;
      imputed[i] = mask;
    }
  }
  return { matrix, imputed };
}
