-- AlterTable
ALTER TABLE "DriftReport" ADD COLUMN     "message" TEXT,
ADD COLUMN     "sufficientData" BOOLEAN NOT NULL DEFAULT true;

