/** The estimator descriptors (models/estimators.ts) drive the algorithm list, the defaults, the JSON loaders, the search space and `explain`. */
import { describe, expect, it } from "vitest";
import { type Estimator, NotExplainableError, isExplainable } from "../../models/estimator.ts";
import { ALGORITHMS, DEFAULT_PARAMS, ESTIMATORS, estimatorFor, isAlgorithm, loadEstimator } from "../../models/estimators.ts";
import { SimpleImputer, StandardScaler } from "../../models/preprocessing.ts";
import { TabularModel } from "../../models/tabular-model.ts";
import { fitEstimator, missingPolicyOf } from "../../pipeline/algorithms.ts";
import { DEFAULT_GBDT_SPACE, parseSearchSpace } from "../../pipeline/search-space.ts";

const x = Array.from({ length: 40 }, (_, i) => [i % 7, (i * 3) % 11, Math.sin(i)]);
const y = x.map(([a, b, c]) => 2 * (a as number) - (b as number) + 3 * (c as number));
// Small ensembles keep the test quick; every other parameter is the descriptor's default.
const QUICK: Record<string, Record<string, number>> = { gbdt: { nEstimators: 5 }, random_forest: { nEstimators: 5 } };

describe("estimator descriptors", () => {
  it("give the algorithm list, the defaults and isAlgorithm, with unique algorithm and JSON names", () => {
    expect(ALGORITHMS).toEqual(ESTIMATORS.map((d) => d.algorithm));
    expect(new Set(ESTIMATORS.map((d) => d.algorithm)).size).toBe(ESTIMATORS.length);
    expect(new Set(ESTIMATORS.map((d) => d.jsonName)).size).toBe(ESTIMATORS.length);
    for (const d of ESTIMATORS) {
      expect(DEFAULT_PARAMS[d.algorithm]).toBe(d.defaults);
      expect(isAlgorithm(d.algorithm)).toBe(true);
      expect(estimatorFor(d.algorithm)).toBe(d);
    }
    expect(isAlgorithm("GradientBoostedTrees")).toBe(false);
  });

  for (const d of ESTIMATORS) {
    it(`${d.algorithm}: fits, writes JSON named ${d.jsonName}, loads it back to the same predictions, and is explainable as declared`, () => {
      const model = fitEstimator(d.algorithm, QUICK[d.algorithm] ?? {}, x, y, 7);
      const json = JSON.parse(JSON.stringify(model.toJSON()));
      expect(json.name).toBe(d.jsonName);
      const loaded = loadEstimator(json);
      const flat = Float64Array.from(x.flat());
      expect(Array.from(loaded.predictFlat(flat, x.length))).toEqual(Array.from(model.predictFlat(flat, x.length)));
      expect(isExplainable(model)).toBe(d.explainable);
      expect(isExplainable(loaded)).toBe(d.explainable);
    });
  }

  it("learnsMissing as declared: a learner fits rows with NaN and predicts them; the others may not be trained with missing: learn", () => {
    const holes = x.map((r, i) => r.map((v, j) => (j === 1 && i % 4 === 0 ? Number.NaN : v)));
    for (const d of ESTIMATORS) {
      if (!d.learnsMissing) {
        expect(() => missingPolicyOf(d.algorithm, { missing: "learn" })).toThrow(/missing: "learn" needs/);
        continue;
      }
      const model = fitEstimator(d.algorithm, QUICK[d.algorithm] ?? {}, holes, y, 7);
      const predicted = holes.map((r) => model.predictOne(r));
      expect(predicted.every(Number.isFinite)).toBe(true);
      // Missing is not "some value": the rows with NaN are predicted otherwise than with their true value.
      expect(holes.some((r, i) => Number.isNaN(r[1]) && predicted[i] !== model.predictOne(x[i]!))).toBe(true);
    }
  });

  it("the searched estimators' spaces are valid search spaces; the GBDT space is its descriptor's", () => {
    expect(DEFAULT_GBDT_SPACE).toBe(estimatorFor("gbdt").searchSpace);
    for (const d of ESTIMATORS) if (d.searchSpace) expect(parseSearchSpace(d.searchSpace, Object.keys(d.searchSpace))).toEqual(d.searchSpace);
  });

  it("an unknown JSON name is refused, listing the descriptors' names", () => {
    expect(() => loadEstimator({ name: "KNeighbors", formatVersion: 1 })).toThrow(`unknown estimator "KNeighbors" (known: ${ESTIMATORS.map((d) => d.jsonName).join(", ")})`);
  });

  it("explaining with an estimator that has no attributions is a NotExplainableError naming it", () => {
    // A constant predictor without shapValues/baseValue: the shape of a non-explainable estimator.
    const constant: Estimator = {
      nFeatures: 1,
      predictOne: () => 4,
      predictFlat: (_x, n) => new Float64Array(n).fill(4),
      toJSON: () => ({ name: "Constant", formatVersion: 1 }),
    };
    const model = new TabularModel(["a"], new SimpleImputer(["median"]).fit([[1], [3]]), new StandardScaler().fit([[1], [3]]), constant);
    expect(model.explainable).toBe(false);
    expect(model.predict([[2]])).toEqual([4]);
    expect(() => model.explainPrepared([2])).toThrow(NotExplainableError);
    expect(() => model.explainPrepared([2])).toThrow(/^Constant has no SHAP attributions/);
  });
});
