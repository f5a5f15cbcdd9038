/**
 * Hyperparameter search spaces (configuration, not code): each parameter is an int or float
 * range, optionally log-scaled, sampled uniformly with a seeded PRNG.
 */
import { Random } from "../models/random.ts";
import type { Params } from "./algorithms.ts";

export interface RangeSpec {
  type: "int" | "float";
  min: number;
  max: number;
  /** Sample uniformly in log space (for learning rates and penalties spanning decades). */
  log?: boolean;
}
export type SearchSpace = Record<string, RangeSpec>;

/**
 * The GBDT space: the seed project's ranges, with η log-uniform so that slow-learning
 * configurations (η ≈ 0.01–0.03) get as many draws as fast ones, and the tree count a cap (1,000)
 * that early stopping on the CV folds cuts to what each candidate needs (pipeline/search.ts).
 */
export const DEFAULT_GBDT_SPACE: SearchSpace = {
  nEstimators: { type: "int", min: 1000, max: 1000 },
  maxDepth: { type: "int", min: 2, max: 10 },
  learningRate: { type: "float", min: 0.01, max: 0.3, log: true },
  subsample: { type: "float", min: 0.6, max: 1 },
  colsampleByTree: { type: "float", min: 0.6, max: 1 },
  minChildWeight: { type: "int", min: 1, max: 10 },
  // XGBoost's γ (min_split_loss): a split survives pruning when its loss change Δ (the unhalved
  // gain, in squared target units summed over the node's rows) is at least γ.
  gamma: { type: "float", min: 0, max: 0.5 },
  regAlpha: { type: "float", min: 0, max: 1 },
  regLambda: { type: "float", min: 0.5, max: 2 },
};

export class SearchSpaceError extends Error {
  constructor(message: string) {
    super(`search space: ${message}`);
    this.name = "SearchSpaceError";
  }
}

/** Validates a search space read from JSON, naming the offending parameter. */
export function parseSearchSpace(json: unknown, known: readonly string[] = Object.keys(DEFAULT_GBDT_SPACE)): SearchSpace {
  if (json === null || typeof json !== "object" || Array.isArray(json)) throw new SearchSpaceError("expected an object of { param: { type, min, max, log? } }");
  const space: SearchSpace = {};
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (!known.includes(name)) throw new SearchSpaceError(`unknown parameter ${JSON.stringify(name)} (known: ${known.join(", ")})`);
    const spec = raw as Partial<RangeSpec>;
    if (spec?.type !== "int" && spec?.type !== "float") throw new SearchSpaceError(`${name}.type must be "int" or "float"`);
    if (typeof spec.min !== "number" || typeof spec.max !== "number" || !Number.isFinite(spec.min) || !Number.isFinite(spec.max) || spec.min > spec.max) {
      throw new SearchSpaceError(`${name}: min and max must be finite numbers with min <= max`);
    }
    if (spec.log && spec.min <= 0) throw new SearchSpaceError(`${name}: a log-scaled range needs min > 0`);
    space[name] = { type: spec.type, min: spec.min, max: spec.max, ...(spec.log ? { log: true } : {}) };
  }
  return space;
}

export function sampleParams(space: SearchSpace, rng: Random): Params {
  const params: Params = {};
  for (const [name, spec] of Object.entries(space)) {
    const u = rng.next();
    if (spec.type === "int") {
      params[name] = spec.log
        ? Math.min(spec.max, Math.floor(Math.exp(Math.log(spec.min) + u * (Math.log(spec.max + 1) - Math.log(spec.min)))))
        : spec.min + Math.floor(u * (spec.max - spec.min + 1));
    } else {
      const value = spec.log ? Math.exp(Math.log(spec.min) + u * (Math.log(spec.max) - Math.log(spec.min))) : spec.min + u * (spec.max - spec.min);
      // Six significant digits: readable params, and the same value whatever the platform prints.
      params[name] = Number(value.toPrecision(6));
    }
  }
  return params;
}

/** `n` candidates, reproducible from `seed`. */
export function sampleCandidates(space: SearchSpace, n: number, seed: number): Params[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => sampleParams(space, rng));
}
