/** The paired comparison the benches report (bench:yardstick, bench:missing): sample deviation and a two-sided paired t-test. */
import jStat from "jstat";
import { mean } from "../models/stats.ts";

/** Sample standard deviation (ddof = 1), as the paired t-test uses. */
export function sampleSd(xs: readonly number[]): number {
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
}

/** The paired t statistic of the differences `diff` and its two-sided p-value (n − 1 degrees of freedom). */
export function pairedT(diff: readonly number[]): { t: number; pTwoSided: number } {
  const t = mean(diff) / (sampleSd(diff) / Math.sqrt(diff.length));
  return { t, pTwoSided: 2 * (1 - jStat.studentt.cdf(Math.abs(t), diff.length - 1)) };
}
