-- Prediction intervals (issue 26): the version's calibration summary; the calibration itself is in the artifact.
ALTER TABLE "ModelVersion" ADD COLUMN "calibration" TEXT;
