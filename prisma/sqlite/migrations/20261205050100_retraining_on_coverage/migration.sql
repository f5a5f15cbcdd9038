-- Retraining on a live coverage drop of the prediction intervals (issue 26).
ALTER TABLE "RetrainingPolicy" ADD COLUMN "onCoverage" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "RetrainingPolicy" ADD COLUMN "coverageTolerance" REAL NOT NULL DEFAULT 0.05;
