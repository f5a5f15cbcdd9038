/** `explain` is an optional capability: a version whose estimator has no SHAP attributions answers BAD_USER_INPUT naming it. */
import "reflect-metadata";
import { describe, expect, it } from "vitest";
import type { Estimator } from "../../models/estimator.ts";
import { fitEstimator, fitTabularModel } from "../../pipeline/algorithms.ts";
import { readHousingCsv } from "../../pipeline/dataset.ts";
import { SimpleImputer, StandardScaler } from "../../models/preprocessing.ts";
import { TabularModel } from "../../models/tabular-model.ts";
import { EXAMPLE_ROW, FEATURES } from "../../pipeline/features.ts";
import { BadUserInputError } from "../../src/errors.ts";
import type { ModelStore, ServingModel } from "../../src/modules/models/model-store.ts";
import { PredictionsService } from "../../src/modules/predictions/predictions.service.ts";

const width = FEATURES.length;
const x = [FEATURES.map((f) => EXAMPLE_ROW[f]), FEATURES.map((f) => 2 * EXAMPLE_ROW[f] + 1)];

function serving(version: number, algorithm: string, estimator: Estimator): ServingModel {
  const imputer = new SimpleImputer(FEATURES.map(() => "median" as const)).fit(x);
  const model = new TabularModel(FEATURES, imputer, new StandardScaler().fit(x), estimator);
  return { id: `v${version}`, name: "housing", version, algorithm, model, calibration: null, rangeMin: new Float64Array(width), rangeMax: new Float64Array(width) };
}

/** The service with only the model store it needs for `explain` (explain logs nothing and publishes nothing). */
function service(model: ServingModel): PredictionsService {
  const store = { champion: model, get: async () => model } as unknown as ModelStore;
  return new PredictionsService({ models: store, log: undefined as never, maxBatchSize: 10, pubsub: undefined as never, metrics: undefined as never });
}

describe("explain", () => {
  it("answers BAD_USER_INPUT naming the version and algorithm when the estimator has no attributions", async () => {
    const constant: Estimator = { nFeatures: width, predictOne: () => 4, predictFlat: (_x, n) => new Float64Array(n).fill(4), toJSON: () => ({ name: "Constant", formatVersion: 1 }) };
    const answer = service(serving(7, "constant", constant)).explain({ ...EXAMPLE_ROW }, 7);
    await expect(answer).rejects.toThrow(BadUserInputError);
    await expect(answer).rejects.toThrow("model version 7 (constant) cannot explain predictions: its estimator has no SHAP attributions");
    await expect(answer).rejects.toMatchObject({ code: "BAD_USER_INPUT", extensions: { fields: ["modelVersion"] } });
  });

  it("explains an explainable version: contributions sum with the base value to the prediction", async () => {
    const ridge = fitEstimator("ridge", {}, new StandardScaler().fit(x).transform(x), [10, 20], 1);
    const answer = await service(serving(3, "ridge", ridge)).explain({ ...EXAMPLE_ROW }, null);
    expect(answer.modelVersion).toBe(3);
    expect(answer.baseValue + answer.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(answer.prediction, 9);
    expect(answer.imputedFeatures).toEqual([]);
  });

  it("lists the optional features the input omitted: imputed values for an imputing model, 0 (no NaN in GraphQL) and the missing value's contribution for a learn model", async () => {
    const data = readHousingCsv(new URL("../../data/HousingData.csv", import.meta.url).pathname);
    const columns = FEATURES.map((_, c) => c);
    const params = { nEstimators: 30, maxDepth: 3 };
    const { ZN: _zn, CHAS: _chas, ...input } = EXAMPLE_ROW;
    for (const missing of ["impute", "learn"] as const) {
      const model = fitTabularModel("gbdt", { ...params, missing }, data.rows, data.target, columns, 1);
      const version: ServingModel = { id: "v1", name: "housing", version: 1, algorithm: "gbdt", model, calibration: null, rangeMin: new Float64Array(width), rangeMax: new Float64Array(width) };
      const answer = await service(version).explain({ ...input }, null);
      expect(answer.imputedFeatures).toEqual(["ZN", "CHAS"]);
      const row = FEATURES.map((f) => (f === "ZN" || f === "CHAS" ? Number.NaN : EXAMPLE_ROW[f]));
      expect(answer.prediction).toBe(model.predict([row])[0]);
      expect(answer.baseValue + answer.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(answer.prediction, 9);
      const zn = answer.contributions.find((c) => c.feature === "ZN")!;
      expect(zn.value).toBe(missing === "learn" ? 0 : model.imputer.statistics[FEATURES.indexOf("ZN")]);
      if (missing === "learn") {
        const raw = Float64Array.from(row);
        expect(zn.contribution).toBe(model.explainPrepared(raw).contributions[FEATURES.indexOf("ZN")]);
      }
    }
  });
});
