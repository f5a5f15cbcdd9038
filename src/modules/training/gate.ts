/**
 * The quality gate: may a newly trained version replace the champion? Like is compared with like:
 * the champion's algorithm, hyperparameters and features are refitted on the candidate's training
 * split and both are cross-validated on the same fresh folds (fresh shuffle, fresh model seed), so
 * neither is scored on rows it was trained on and neither score is the best of a search.
 *
 * Rule: (1) test R² >= QUALITY_GATE_MIN_R2 (a floor); (2) with a champion, the candidate's mean
 * CV RMSE on those folds is at most (1 + QUALITY_GATE_RMSE_TOLERANCE) × the champion's. The
 * one-sided paired t-test across the folds (H1: the candidate is better) is reported with it;
 * (3) a tie is not an improvement: equal fold RMSEs (or equal means) are "identical to vN" and not
 * promoted. A candidate trained on another dataset version than the champion is not compared here
 * at all (registration.ts keeps it a candidate and says why).
 */
import jStat from "jstat";
import { mean } from "../../../models/stats.ts";

export interface QualityGate {
  /** Minimum test R². */
  minTestR2: number;
  /** The candidate's mean CV RMSE may exceed the champion's (same folds) by at most this fraction. */
  rmseTolerance: number;
}

/** The verdict stored with a version: the contract's GateResult, metrics as a map. */
export interface GateVerdict {
  passed: boolean;
  /** Which rule decided, with the numbers. */
  reason: string;
  comparedWithVersion: number | null;
  /** The numbers the rule compared. */
  metrics: Record<string, number>;
}

/** What the gate knows of the champion: its refit's fold RMSEs, or why it could not be refitted. */
export type ChampionScores = { version: number; foldRmse: number[] } | { version: number; error: string };

/** Same number on every fold (the candidate is the champion's configuration refitted, or ties it exactly). */
const identicalFolds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);


/**
 * One-sided paired t-test of `a` against `b` (H1: mean(a − b) > 0): the p-value, or NaN when it
 * is undefined (fewer than two pairs, or every difference equal to the mean and that mean 0).
 */
export function pairedTTestGreater(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`paired samples differ in length: ${a.length} vs ${b.length}`);
  const n = a.length;
  if (n < 2) return Number.NaN;
  const d = a.map((x, i) => x - (b[i] as number));
  const m = mean(d);
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  if (sd === 0) return m > 0 ? 0 : m < 0 ? 1 : Number.NaN;
  return 1 - jStat.studentt.cdf(m / (sd / Math.sqrt(n)), n - 1);
}

const f4 = (x: number) => x.toFixed(4);

export function evaluateGate(candidate: { testR2: number; foldRmse: readonly number[] }, gate: QualityGate, champion: ChampionScores | null): GateVerdict {
  const metrics: Record<string, number> = { test_r2: candidate.testR2, min_test_r2: gate.minTestR2, candidate_cv_rmse: mean(candidate.foldRmse) };
  const floorOk = candidate.testR2 >= gate.minTestR2;
  const floor = floorOk ? `test R² ${f4(candidate.testR2)} >= ${gate.minTestR2}` : `test R² ${f4(candidate.testR2)} < ${gate.minTestR2}`;
  if (!champion) return { passed: floorOk, reason: floorOk ? `${floor}, no champion yet` : floor, comparedWithVersion: null, metrics };
  const comparedWithVersion = champion.version;
  if ("error" in champion) {
    return { passed: false, reason: `${floorOk ? "" : `${floor}; `}champion v${champion.version} could not be compared like with like: ${champion.error}`, comparedWithVersion, metrics };
  }
  const championCv = mean(champion.foldRmse);
  const maxCv = championCv * (1 + gate.rmseTolerance);
  const pValue = pairedTTestGreater(champion.foldRmse, candidate.foldRmse);
  Object.assign(metrics, { champion_cv_rmse: championCv, max_cv_rmse: maxCv, folds: candidate.foldRmse.length });
  if (Number.isFinite(pValue)) metrics.p_value = pValue;
  // A tie is no improvement: a bit-identical retrain (same data, same configuration) must not
  // replace the champion and fill the registry with copies, whatever the tolerance.
  if (identicalFolds(candidate.foldRmse, champion.foldRmse) || metrics.candidate_cv_rmse === championCv) {
    return { passed: false, reason: `identical to v${champion.version}: CV RMSE ${f4(championCv)} on the same ${candidate.foldRmse.length} folds, no improvement to promote`, comparedWithVersion, metrics };
  }
  const cvOk = metrics.candidate_cv_rmse! <= maxCv;
  const bound = gate.rmseTolerance > 0 ? `(1 + ${gate.rmseTolerance}) × champion v${champion.version}'s ${f4(championCv)}` : `champion v${champion.version}'s ${f4(championCv)}`;
  const test = `paired t-test over ${candidate.foldRmse.length} folds: one-sided p = ${Number.isFinite(pValue) ? pValue.toPrecision(3) : "not defined (fewer than two folds)"}`;
  const cv = cvOk
    ? `CV RMSE ${f4(metrics.candidate_cv_rmse!)} <= ${bound} refitted on the same folds (${test})`
    : `CV RMSE ${f4(metrics.candidate_cv_rmse!)} is worse than ${bound} refitted on the same folds (${test})`;
  const passed = floorOk && cvOk;
  const reason = passed ? `${floor} and ${cv}` : [floorOk ? "" : floor, cvOk ? "" : cv].filter(Boolean).join("; ");
  return { passed, reason, comparedWithVersion, metrics };
}
