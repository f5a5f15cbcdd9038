-- AlterTable (hand-written: SQLite can add these columns in place; no table rebuild needed)
ALTER TABLE "DriftReport" ADD COLUMN "sufficientData" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "DriftReport" ADD COLUMN "message" TEXT;
