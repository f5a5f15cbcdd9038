/**
 * Hyperparameter search spaces (configuration, not code): each parameter is an int or float
 * range, optionally log-scaled, sampled uniformly with a seeded PRNG.
 */
import { Random } from "../models/random.ts";
import { type Params, type RangeSpec, type SearchSpace, estimatorFor } from "../models/estimators.ts";

export type { RangeSpec, SearchSpace } from "../models/estimators.ts";

/** The GBDT space: its descriptor's (models/estimators.ts). */
export const DEFAULT_GBDT_SPACE: SearchSpace = estimatorFor("gbdt").searchSpace as SearchSpace;

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
