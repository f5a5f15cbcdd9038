/**
 * Pipeline v0: ridge regression behind median/mode imputation and standard scaling.
 * The penalty is chosen by k-fold cross-validation on the training split (each fold fits its own
 * imputer and scaler, so no fold sees its validation rows); the test split is scored once, for the
 * report and the quality gate, never for selection.
 */
import { SimpleImputer, StandardScaler } from "../models/preprocessing.ts";
import { Ridge } from "../models/ridge.ts";
import { mean, std } from "../models/stats.ts";
import { TabularModel } from "../models/tabular-model.ts";
import { FEATURE_SPECS, type HousingData } from "./dataset.ts";
import { regressionMetrics, rmse } from "./metrics.ts";
import { type ReferenceStats, buildReferenceStats } from "./reference.ts";
import { kFold, pick, trainTestSplit } from "./split.ts";

export interface RidgeTrainingOptions {
  seed: number;
  testFraction: number;
  cvFolds: number;
  /** Candidate penalties; the one with the lowest mean CV RMSE wins. */
  alphas: readonly number[];
}

export const DEFAULT_RIDGE_OPTIONS: RidgeTrainingOptions = {
  seed: 42,
  testFraction: 0.2,
  cvFolds: 5,
  alphas: [0.01, 0.1, 0.3, 1, 3, 10, 30, 100],
};

export interface CandidateScore {
  alpha: number;
  cvRmseMean: number;
  cvRmseStd: number;
}

export interface TrainingOutcome {
  algorithm: "ridge";
  model: TabularModel;
  params: Record<string, string | number>;
  /** Flat metric map: test_*, train_*, cv_rmse_mean, cv_rmse_std. */
  metrics: Record<string, number>;
  candidates: CandidateScore[];
  featureImportance: { feature: string; value: number }[];
  reference: ReferenceStats;
  split: { train: number[]; test: number[] };
  startedAt: Date;
  durationMs: number;
}

function fitTabular(rows: readonly (readonly number[])[], y: readonly number[], features: readonly string[], alpha: number): TabularModel {
  const imputer = new SimpleImputer(FEATURE_SPECS.map((s) => s.impute)).fit(rows);
  const imputed = imputer.transform(rows);
  const scaler = new StandardScaler().fit(imputed);
  const ridge = new Ridge({ alpha }).fit(scaler.transform(imputed), y);
  return new TabularModel(features, imputer, scaler, ridge);
}

export function trainRidge(data: HousingData, options: RidgeTrainingOptions = DEFAULT_RIDGE_OPTIONS): TrainingOutcome {
  const startedAt = new Date();
  const t0 = performance.now();
  if (options.alphas.length === 0) throw new RangeError("alphas: give at least one candidate penalty");
  const split = trainTestSplit(data.rows.length, options.testFraction, options.seed);
  const xTrain = pick(data.rows, split.train);
  const yTrain = pick(data.target, split.train);
  const xTest = pick(data.rows, split.test);
  const yTest = pick(data.target, split.test);

  const folds = kFold(xTrain.length, options.cvFolds, options.seed);
  const candidates = options.alphas.map((alpha): CandidateScore => {
    const scores = folds.map((fold) => {
      const model = fitTabular(pick(xTrain, fold.train), pick(yTrain, fold.train), data.features, alpha);
      return rmse(pick(yTrain, fold.test), model.predict(pick(xTrain, fold.test)));
    });
    return { alpha, cvRmseMean: mean(scores), cvRmseStd: std(scores) };
  });
  const best = candidates.reduce((a, b) => (b.cvRmseMean < a.cvRmseMean ? b : a));

  const model = fitTabular(xTrain, yTrain, data.features, best.alpha);
  const trainPred = model.predict(xTrain);
  const train = regressionMetrics(yTrain, trainPred);
  const test = regressionMetrics(yTest, model.predict(xTest));

  // Mean |SHAP| on the training split, in raw-feature terms.
  const importance = new Float64Array(data.features.length);
  for (const row of xTrain) {
    const raw = Float64Array.from(row);
    model.impute(raw);
    const { contributions } = model.explainImputed(raw);
    for (let j = 0; j < importance.length; j++) importance[j] = (importance[j] as number) + Math.abs(contributions[j] as number) / xTrain.length;
  }

  return {
    algorithm: "ridge",
    model,
    params: { alpha: best.alpha, seed: options.seed, test_fraction: options.testFraction, cv_folds: options.cvFolds, alphas: options.alphas.join(",") },
    metrics: {
      test_rmse: test.rmse,
      test_mae: test.mae,
      test_r2: test.r2,
      test_mape: test.mape,
      train_rmse: train.rmse,
      train_mae: train.mae,
      train_r2: train.r2,
      train_mape: train.mape,
      cv_rmse_mean: best.cvRmseMean,
      cv_rmse_std: best.cvRmseStd,
    },
    candidates,
    featureImportance: data.features
      .map((feature, j) => ({ feature, value: importance[j] as number }))
      .sort((a, b) => b.value - a.value),
    reference: buildReferenceStats(data.features, xTrain, yTrain, trainPred),
    split,
    startedAt,
    durationMs: performance.now() - t0,
  };
}
