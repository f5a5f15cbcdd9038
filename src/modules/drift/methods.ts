/**
 * The drift methods: the one list that the config parser (DRIFT_FEATURES), the GraphQL enum
 * (`DriftMethod`), the statistics and the README derive from. No imports, so any layer can use it.
 *
 * Names, default thresholds and comparisons follow Evidently 0.7.21's stattests
 * (`src/evidently/legacy/calculations/stattests/*.py`, shared by its legacy and current APIs):
 * `ks` (p ≤ 0.05), `wasserstein` (≥ 0.1), `psi` (≥ 0.1), `chisquare` (p < 0.05), `z` (p < 0.05).
 */

export interface DriftMethodSpec {
  /** Evidently's registered name of the stattest. */
  evidentlyName: string;
  /** What the score is: a p-value (small = drift) or a distance (large = drift). */
  score: "p-value" | "distance";
  /** Evidently's default threshold. */
  threshold: number;
  /** Evidently's comparison, exactly: `score <= threshold` for KS but `score < threshold` for chi-square and z. */
  detectedWhen: "score <= threshold" | "score < threshold" | "score >= threshold";
}

export const DRIFT_METHOD_SPECS = {
  KS: { evidentlyName: "ks", score: "p-value", threshold: 0.05, detectedWhen: "score <= threshold" },
  WASSERSTEIN: { evidentlyName: "wasserstein", score: "distance", threshold: 0.1, detectedWhen: "score >= threshold" },
  PSI: { evidentlyName: "psi", score: "distance", threshold: 0.1, detectedWhen: "score >= threshold" },
  CHI_SQUARE: { evidentlyName: "chisquare", score: "p-value", threshold: 0.05, detectedWhen: "score < threshold" },
  Z_PROPORTION: { evidentlyName: "z", score: "p-value", threshold: 0.05, detectedWhen: "score < threshold" },
} as const satisfies Record<string, DriftMethodSpec>;

export type DriftMethod = keyof typeof DRIFT_METHOD_SPECS;

export const DRIFT_METHODS = Object.keys(DRIFT_METHOD_SPECS) as readonly DriftMethod[];

export function isDriftMethod(value: unknown): value is DriftMethod {
  return typeof value === "string" && Object.hasOwn(DRIFT_METHOD_SPECS, value);
}

/** The verdict of `method` for `score` against `threshold`, with Evidently's comparison for that method. */
export function isDetected(method: DriftMethod, score: number, threshold: number): boolean {
  switch (DRIFT_METHOD_SPECS[method].detectedWhen) {
    case "score <= threshold":
      return score <= threshold;
    case "score < threshold":
      return score < threshold;
    case "score >= threshold":
      return score >= threshold;
  }
}
