/** Goodness of fit of sampled row indices to the uniform distribution over 0…n−1 (drift sample tests). */
import { kolmogornSf } from "../../src/modules/drift/kstwo.ts";
import { chiSquareSurvival } from "../../src/modules/drift/special.ts";

/** Chi-square p-value of the indices' counts in `bins` equal bins of 0…n−1. */
export function chiSquareUniformP(indices: readonly number[], n: number, bins = 20): number {
  const counts = new Array<number>(bins).fill(0);
  for (const i of indices) counts[Math.floor((i * bins) / n)]!++;
  const expected = indices.length / bins;
  const statistic = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  return chiSquareSurvival(statistic, bins - 1);
}

/** One-sample Kolmogorov–Smirnov p-value of (index + ½) / n against U(0, 1). */
export function ksUniformP(indices: readonly number[], n: number): number {
  const u = indices.map((i) => (i + 0.5) / n).sort((a, b) => a - b);
  let d = 0;
  u.forEach((x, k) => {
    d = Math.max(d, (k + 1) / u.length - x, x - k / u.length);
  });
  return kolmogornSf(u.length, d);
}
