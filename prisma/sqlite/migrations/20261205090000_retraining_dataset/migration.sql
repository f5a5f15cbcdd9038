-- The retraining policy names the dataset it trains on (issue 27); null: DATA_PATH, as `domus train`.
ALTER TABLE "RetrainingPolicy" ADD COLUMN "dataset" TEXT;
