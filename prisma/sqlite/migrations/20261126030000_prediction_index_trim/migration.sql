-- DropIndex
DROP INDEX "Prediction_requestId_idx";

