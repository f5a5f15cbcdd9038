/**
 * Calibration stage: turns the registered run's fold models and out-of-fold residuals (the
 * `calibrate` task) into a CV+ calibration stored in the model's artifact, and measures its
 * coverage and mean width at 80/90/95 % on the test split, which neither fitting, calibration nor
 * model selection ever saw.
 */
import { CvPlusCalibration, calibratedArtifact } from "../models/calibration.ts";
import { type CoverageAtLevel, VALIDATION_LEVELS } from "../models/conformal.ts";
import { TabularModel } from "../models/tabular-model.ts";
import { selectColumns } from "./algorithms.ts";
import type { CalibrateResult } from "./tasks.ts";

export interface CalibrationSummary {
  method: string;
  /** Residuals the quantiles are taken from. */
  calibrationSize: number;
  validationCoverage: CoverageAtLevel[];
}

export interface RunCalibration {
  /** The served model with its calibration: the version's artifact (TabularModel JSON v2). */
  artifactJson: string;
  summary: CalibrationSummary;
}

/** The run's model (`modelJson`, fitted on `columns`) calibrated with the task's fold models, validated on the test rows (raw, all columns). */
export function assembleCalibration(modelJson: string, columns: readonly number[], calibrate: CalibrateResult, testRows: readonly (readonly number[])[], testY: readonly number[]): RunCalibration {
  const model = TabularModel.load(JSON.parse(modelJson));
  const calibration = new CvPlusCalibration(
    model.features,
    calibrate.foldModelJsons.map((json) => TabularModel.load(JSON.parse(json))),
    calibrate.residualsByFold,
  );
  const prepared = selectColumns(testRows, columns).map((row) => {
    const raw = Float64Array.from(row);
    model.prepare(raw);
    return raw;
  });
  return {
    artifactJson: JSON.stringify(calibratedArtifact(model, calibration)),
    summary: {
      method: calibration.method,
      calibrationSize: calibration.size,
      validationCoverage: calibration.coverage(prepared, prepared.map((row) => model.predictPrepared(row)), [...testY], VALIDATION_LEVELS),
    },
  };
}
