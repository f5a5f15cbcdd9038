-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "columns" TEXT NOT NULL,
    "missingCells" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "provenance" TEXT,
    "stats" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RetrainingPolicy" (
    "modelName" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "onDrift" BOOLEAN NOT NULL DEFAULT true,
    "onPerformance" BOOLEAN NOT NULL DEFAULT false,
    "maxRmseIncrease" REAL NOT NULL DEFAULT 0.2,
    "includeOutcomes" BOOLEAN NOT NULL DEFAULT false,
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 60,
    "lastTriggeredAt" DATETIME,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RetrainingTrigger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "trainingJobId" TEXT,
    "datasetVersionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable: plain column additions (no table rebuild of the run history)
ALTER TABLE "Run" ADD COLUMN "datasetVersionId" TEXT REFERENCES "DatasetVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Run" ADD COLUMN "splitSeed" INTEGER;
ALTER TABLE "Run" ADD COLUMN "codeVersion" TEXT;
CREATE INDEX "Run_datasetVersionId_idx" ON "Run"("datasetVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_name_version_key" ON "DatasetVersion"("name", "version");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_name_contentHash_key" ON "DatasetVersion"("name", "contentHash");

-- CreateIndex
CREATE INDEX "RetrainingTrigger_modelName_createdAt_idx" ON "RetrainingTrigger"("modelName", "createdAt");

