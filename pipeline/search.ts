/**
 * The GBDT hyperparameter search: a seeded random start, then a TPE-style sampler (Bergstra et al.
 * 2011) that proposes where good candidates were dense and poor ones sparse, every candidate
 * cross-validated with early stopping on its held-out folds (so the tree count is learnt, not
 * sampled, and slow-learning configurations with many trees cost only the trees they need); then
 * the candidates within noise of the best are cross-validated again on fresh shuffles of the
 * training split and the lowest mean over all shuffles wins.
 *
 * Everything here sees only CV results on the training split: the test split cannot move a choice.
 */
import { Random } from "../models/random.ts";
import { mean, std } from "../models/stats.ts";
import type { Params } from "./algorithms.ts";
import { type RangeSpec, type SearchSpace, sampleParams } from "./search-space.ts";

export interface SearchOptions {
  /** Candidates drawn uniformly (in each parameter's scale) before the sampler takes over. */
  randomCandidates: number;
  /** Candidates proposed by the TPE-style sampler. */
  guidedCandidates: number;
  /** Candidates proposed (and evaluated in parallel) per sampler step. */
  batchSize: number;
  /** Early-stopping patience in boosting rounds, on each fold's held-out rows. */
  earlyStoppingRounds: number;
  /** Extra shuffles of the folds for the candidates within noise of the best. */
  repeats: number;
  /** At most this many candidates are re-evaluated. */
  maxFinalists: number;
  seed: number;
}

export const DEFAULT_SEARCH_OPTIONS: Omit<SearchOptions, "seed" | "randomCandidates" | "guidedCandidates"> = {
  batchSize: 4,
  earlyStoppingRounds: 50,
  repeats: 2,
  maxFinalists: 4,
};

/** 20 random then 30 guided for the default 50 candidates: the random start is 40 % of the budget. */
export function splitBudget(candidates: number): { randomCandidates: number; guidedCandidates: number } {
  const randomCandidates = Math.min(candidates, Math.max(1, Math.round(candidates * 0.4)));
  return { randomCandidates, guidedCandidates: candidates - randomCandidates };
}

/** One cross-validation with early stopping: fold RMSEs at the best tree count, and that count. */
export interface EarlyStoppedCv {
  foldRmse: number[];
  bestTrees: number;
  durationMs: number;
}

/** Evaluates `params` (nEstimators = the cap) on the standard folds (`shuffle` undefined) or on one more shuffle. */
export type Evaluate = (params: Params, index: number, shuffle?: number) => Promise<EarlyStoppedCv>;

export interface SearchedCandidate {
  index: number;
  /** As proposed, with nEstimators replaced by the tree count early stopping chose. */
  params: Params;
  cvRmseMean: number;
  cvRmseStd: number;
  foldRmse: number[];
  /** Mean CV RMSE over the standard folds and the repeats, for the re-evaluated finalists. */
  repeatedCvRmse?: number;
  durationMs: number;
  /** "random", "tpe" */
  origin: string;
}

export interface SearchOutcome {
  candidates: SearchedCandidate[];
  best: SearchedCandidate;
}

/** A parameter's value mapped into [0, 1] (log scale where the space says so), and back. */
function toUnit(spec: RangeSpec, value: number): number {
  if (spec.max === spec.min) return 0.5;
  return spec.log ? (Math.log(value) - Math.log(spec.min)) / (Math.log(spec.max) - Math.log(spec.min)) : (value - spec.min) / (spec.max - spec.min);
}
function fromUnit(spec: RangeSpec, u: number): number {
  const clamped = Math.min(1, Math.max(0, u));
  const value = spec.log ? Math.exp(Math.log(spec.min) + clamped * (Math.log(spec.max) - Math.log(spec.min))) : spec.min + clamped * (spec.max - spec.min);
  return spec.type === "int" ? Math.min(spec.max, Math.max(spec.min, Math.round(value))) : Number(value.toPrecision(6));
}

/** Parzen density on [0, 1]: Gaussian kernels of width `bandwidth` at `points`, mixed with a uniform prior of weight 1. */
function parzen(points: readonly number[], bandwidth: number, u: number): number {
  let sum = 1;
  for (const p of points) {
    const z = (u - p) / bandwidth;
    sum += Math.exp(-0.5 * z * z) / (bandwidth * Math.sqrt(2 * Math.PI));
  }
  return sum / (points.length + 1);
}

function gaussian(rng: Random): number {
  const u = Math.max(rng.next(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * One TPE proposal: the observed candidates split at the best quarter into "good" and "bad";
 * `draws` points sampled around good ones; the point maximising Σ log l(x)/g(x) over the
 * parameters (independent Parzen densities in unit space) is returned.
 */
export function proposeTpe(space: SearchSpace, observed: readonly { params: Params; score: number }[], rng: Random, draws = 24): Params {
  const sorted = [...observed].sort((a, b) => a.score - b.score);
  const nGood = Math.max(1, Math.ceil(0.25 * sorted.length));
  const names = Object.keys(space).filter((k) => space[k]!.max > space[k]!.min);
  const unit = (group: typeof sorted, name: string) => group.map((o) => toUnit(space[name]!, Number(o.params[name])));
  const good = Object.fromEntries(names.map((n) => [n, unit(sorted.slice(0, nGood), n)]));
  const bad = Object.fromEntries(names.map((n) => [n, unit(sorted.slice(nGood), n)]));
  const bandwidth = (k: number) => Math.max(0.05, Math.min(0.5, 1 / Math.cbrt(k + 1)) * 0.5);
  let best: Record<string, number> | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let d = 0; d < draws; d++) {
    const point: Record<string, number> = {};
    let score = 0;
    for (const name of names) {
      const g = good[name]!;
      const centre = g[Math.floor(rng.next() * g.length)] as number;
      let u = centre + bandwidth(g.length) * gaussian(rng);
      u = u < 0 ? -u : u > 1 ? 2 - u : u;
      point[name] = u;
      score += Math.log(parzen(g, bandwidth(g.length), u)) - Math.log(parzen(bad[name]!, bandwidth(bad[name]!.length), u));
    }
    if (score > bestScore) {
      bestScore = score;
      best = point;
    }
  }
  const params: Params = {};
  for (const [name, spec] of Object.entries(space)) params[name] = names.includes(name) ? fromUnit(spec, best![name]!) : spec.min;
  return params;
}

/**
 * Runs the search: `randomCandidates` uniform draws, then `guidedCandidates` TPE proposals in
 * batches, then repeated CV of the near-best (within one standard error of the best's fold mean).
 */
export async function searchGbdt(space: SearchSpace, options: SearchOptions, evaluate: Evaluate, onCandidate?: (c: SearchedCandidate) => void): Promise<SearchOutcome> {
  const rng = new Random(options.seed);
  const candidates: SearchedCandidate[] = [];
  const score = async (proposed: Params, origin: string): Promise<SearchedCandidate> => {
    const index = candidates.length;
    const placeholder = { index } as SearchedCandidate;
    candidates.push(placeholder);
    const cv = await evaluate(proposed, index);
    const done: SearchedCandidate = {
      index,
      params: { ...proposed, nEstimators: cv.bestTrees },
      cvRmseMean: mean(cv.foldRmse),
      cvRmseStd: std(cv.foldRmse),
      foldRmse: cv.foldRmse,
      durationMs: cv.durationMs,
      origin,
    };
    candidates[index] = done;
    onCandidate?.(done);
    return done;
  };
  await Promise.all(Array.from({ length: options.randomCandidates }, () => score(sampleParams(space, rng), "random")));
  for (let left = options.guidedCandidates; left > 0; ) {
    const batch = Math.min(options.batchSize, left);
    // Observations with the proposed cap (the sampler's space), scored by CV RMSE.
    const observed = candidates.map((c) => ({ params: { ...c.params, nEstimators: space.nEstimators?.max ?? c.params.nEstimators! }, score: c.cvRmseMean }));
    const proposals = Array.from({ length: batch }, () => proposeTpe(space, observed, rng));
    await Promise.all(proposals.map((p) => score(p, "tpe")));
    left -= batch;
  }
  const best = candidates.reduce((a, b) => (b.cvRmseMean < a.cvRmseMean ? b : a));
  if (options.repeats <= 0 || candidates.length < 2) return { candidates, best };
  // Near-best: within one standard error of the best candidate's fold mean.
  const threshold = best.cvRmseMean + best.cvRmseStd / Math.sqrt(best.foldRmse.length);
  const finalists = candidates
    .filter((c) => c.cvRmseMean <= threshold)
    .sort((a, b) => a.cvRmseMean - b.cvRmseMean)
    .slice(0, options.maxFinalists);
  if (finalists.length < 2) return { candidates, best };
  const cap = space.nEstimators?.max;
  await Promise.all(
    finalists.map(async (c) => {
      const proposed = { ...c.params, ...(cap !== undefined ? { nEstimators: cap } : {}) };
      const runs = await Promise.all(Array.from({ length: options.repeats }, (_, r) => evaluate(proposed, c.index, r + 1)));
      const all = [c.foldRmse, ...runs.map((r) => r.foldRmse)].flat();
      c.repeatedCvRmse = mean(all);
      // The tree count: the mean of the counts each shuffle's early stopping chose.
      c.params = { ...c.params, nEstimators: Math.round(mean([Number(c.params.nEstimators), ...runs.map((r) => r.bestTrees)])) };
      c.durationMs += runs.reduce((s, r) => s + r.durationMs, 0);
    }),
  );
  const chosen = finalists.reduce((a, b) => (b.repeatedCvRmse! < a.repeatedCvRmse! ? b : a));
  return { candidates, best: chosen };
}
