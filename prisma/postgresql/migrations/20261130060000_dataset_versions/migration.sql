-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "codeVersion" TEXT,
ADD COLUMN     "datasetVersionId" TEXT,
ADD COLUMN     "splitSeed" INTEGER;

-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "columns" TEXT NOT NULL,
    "missingCells" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "provenance" TEXT,
    "stats" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DatasetVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetrainingPolicy" (
    "modelName" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "onDrift" BOOLEAN NOT NULL DEFAULT true,
    "onPerformance" BOOLEAN NOT NULL DEFAULT false,
    "maxRmseIncrease" DOUBLE PRECISION NOT NULL DEFAULT 0.2,
    "includeOutcomes" BOOLEAN NOT NULL DEFAULT false,
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 60,
    "lastTriggeredAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetrainingPolicy_pkey" PRIMARY KEY ("modelName")
);

-- CreateTable
CREATE TABLE "RetrainingTrigger" (
    "id" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "trainingJobId" TEXT,
    "datasetVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetrainingTrigger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_name_version_key" ON "DatasetVersion"("name", "version");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_name_contentHash_key" ON "DatasetVersion"("name", "contentHash");

-- CreateIndex
CREATE INDEX "RetrainingTrigger_modelName_createdAt_idx" ON "RetrainingTrigger"("modelName", "createdAt");

-- CreateIndex
CREATE INDEX "Run_datasetVersionId_idx" ON "Run"("datasetVersionId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

