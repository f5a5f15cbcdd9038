/** Seeded train/test split and k-fold partitions, by row index. */
import { Random } from "../models/random.ts";

export interface Split {
  train: number[];
  test: number[];
}

/**
 * Shuffles row indices with `seed` and holds out ceil(testFraction × n) of them as the test
 * split (the same rounding as scikit-learn's train_test_split). Both lists come back sorted.
 */
export function trainTestSplit(n: number, testFraction: number, seed: number): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
  const nTest = Math.ceil(testFraction * n);
  if (nTest < 1 || n - nTest < 1) throw new RangeError(`cannot split ${n} rows with testFraction ${testFraction}`);
  const order = new Random(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const byIndex = (a: number, b: number) => a - b;
  return { test: order.slice(0, nTest).sort(byIndex), train: order.slice(nTest).sort(byIndex) };
}

/** k folds over positions 0..n-1 after a seeded shuffle; fold sizes differ by at most one. */
export function kFold(n: number, k: number, seed: number): Split[] {
  if (!Number.isInteger(k) || k < 2 || k > n) throw new RangeError(`k must be an integer in [2, ${n}], got ${k}`);
  const order = new Random(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const folds: Split[] = [];
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    const test = order.slice(start, start + size).sort((a, b) => a - b);
    const held = new Set(test);
    folds.push({ test, train: order.filter((i) => !held.has(i)).sort((a, b) => a - b) });
    start += size;
  }
  return folds;
}

export function pick<T>(items: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => items[i] as T);
}
