/**
 * Preprocessing estimators: a missing-value imputer and a standard scaler. Both are fitted on
 * the training split only and travel inside the model artifact, so serving applies exactly the
 * transformation the estimator was trained behind. Missing values are NaN.
 */
import { ModelFormatError, expectHeader, expectNumberArray } from "./serialization.ts";

export type ImputeStrategy = "median" | "most_frequent";

/** Median of the finite values (mean of the two middle ones for an even count), like numpy. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Most frequent non-missing value; ties go to the smallest value, like scikit-learn. */
export function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) if (!Number.isNaN(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

export interface SimpleImputerJSON {
  name: "SimpleImputer";
  formatVersion: 1;
  strategies: ImputeStrategy[];
  statistics: number[];
}

export class SimpleImputer {
  readonly strategies: ImputeStrategy[];
  statistics: number[] = [];

  constructor(strategies: ImputeStrategy[]) {
    this.strategies = strategies.slice();
  }

  /** Learns one fill value per column from `rows` (NaN = missing). A column with no values at all is an error. */
  fit(rows: readonly (readonly number[])[]): this {
    this.statistics = this.strategies.map((strategy, j) => {
      const column = rows.map((r) => r[j] as number);
      const value = strategy === "median" ? median(column) : mode(column);
      if (Number.isNaN(value)) throw new RangeError(`SimpleImputer: column ${j} has no observed values to learn from`);
      return value;
    });
    return this;
  }

  /** Returns copies of `rows` with every NaN replaced by its column's fill value. */
  transform(rows: readonly (readonly number[])[]): number[][] {
    this.assertFitted();
    return rows.map((r) => r.map((v, j) => (Number.isNaN(v) ? (this.statistics[j] as number) : v)));
  }

  private assertFitted(): void {
    if (this.statistics.length !== this.strategies.length) throw new Error("SimpleImputer: call fit() first");
  }

  toJSON(): SimpleImputerJSON {
    this.assertFitted();
    return { name: "SimpleImputer", formatVersion: 1, strategies: this.strategies.slice(), statistics: this.statistics.slice() };
  }

  static load(json: unknown): SimpleImputer {
    const obj = expectHeader(json, "SimpleImputer", 1);
    const strategies = obj.strategies;
    if (!Array.isArray(strategies) || !strategies.every((s) => s === "median" || s === "most_frequent")) {
      throw new ModelFormatError("SimpleImputer.strategies: expected 'median' or 'most_frequent' for each column");
    }
    const imputer = new SimpleImputer(strategies as ImputeStrategy[]);
    imputer.statistics = expectNumberArray(obj.statistics, "SimpleImputer.statistics", strategies.length).slice();
    return imputer;
  }
}

export interface StandardScalerJSON {
  name: "StandardScaler";
  formatVersion: 1;
  mean: number[];
  scale: number[];
}

/**
 * z = (x - mean) / std, with the population standard deviation (ddof = 0) like scikit-learn; constant
 * columns get scale 1. Missing values (NaN) are left out of a column's mean and deviation and stay
 * NaN when transformed, as scikit-learn's StandardScaler treats them: a model trained with
 * `missing: "learn"` (tabular-model.ts) scales its observed values only. On complete columns the
 * arithmetic is the plain mean and deviation over every row (the same doubles).
 */
export class StandardScaler {
  mean: number[] = [];
  scale: number[] = [];

  fit(rows: readonly (readonly number[])[]): this {
    if (rows.length === 0) throw new RangeError("StandardScaler: cannot fit on zero rows");
    const width = (rows[0] as readonly number[]).length;
    const mean = new Array<number>(width).fill(0);
    const count = new Array<number>(width).fill(0);
    for (const r of rows) {
      for (let j = 0; j < width; j++) {
        const v = r[j] as number;
        if (Number.isNaN(v)) continue;
        mean[j] = (mean[j] as number) + v;
        count[j] = (count[j] as number) + 1;
      }
    }
    for (const [j, n] of count.entries()) if (n === 0) throw new RangeError(`StandardScaler: column ${j} has no observed values to learn from`);
    for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) / (count[j] as number);
    const variance = new Array<number>(width).fill(0);
    for (const r of rows) {
      for (let j = 0; j < width; j++) {
        const v = r[j] as number;
        if (Number.isNaN(v)) continue;
        const d = v - (mean[j] as number);
        variance[j] = (variance[j] as number) + d * d;
      }
    }
    this.mean = mean;
    this.scale = variance.map((v, j) => {
      const std = Math.sqrt(v / (count[j] as number));
      return std > 0 ? std : 1;
    });
    return this;
  }

  transform(rows: readonly (readonly number[])[]): number[][] {
    if (this.mean.length === 0) throw new Error("StandardScaler: call fit() first");
    return rows.map((r) => r.map((v, j) => (v - (this.mean[j] as number)) / (this.scale[j] as number)));
  }

  toJSON(): StandardScalerJSON {
    return { name: "StandardScaler", formatVersion: 1, mean: this.mean.slice(), scale: this.scale.slice() };
  }

  static load(json: unknown): StandardScaler {
    const obj = expectHeader(json, "StandardScaler", 1);
    const scaler = new StandardScaler();
    scaler.mean = expectNumberArray(obj.mean, "StandardScaler.mean").slice();
    scaler.scale = expectNumberArray(obj.scale, "StandardScaler.scale", scaler.mean.length).slice();
    if (scaler.scale.some((s) => s <= 0)) throw new ModelFormatError("StandardScaler.scale: every scale must be > 0");
    return scaler;
  }
}
