-- AlterTable
ALTER TABLE "ModelEvent" ADD COLUMN "details" TEXT;

-- CreateTable
CREATE TABLE "ModelChallenger" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "modelVersionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "trafficPercent" REAL NOT NULL,
    "since" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "apiKeyId" TEXT,
    CONSTRAINT "ModelChallenger_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShadowPrediction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "predictionId" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "latencyMs" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ShadowPrediction_predictionId_fkey" FOREIGN KEY ("predictionId") REFERENCES "Prediction" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Outcome" (
    "predictionId" TEXT NOT NULL PRIMARY KEY,
    "actual" REAL NOT NULL,
    "apiKeyId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Outcome_predictionId_fkey" FOREIGN KEY ("predictionId") REFERENCES "Prediction" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (ADD COLUMN rather than Prisma's table rebuild: the prediction log can be large)
ALTER TABLE "Prediction" ADD COLUMN "challenger" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "ShadowPrediction_predictionId_idx" ON "ShadowPrediction"("predictionId");

-- CreateIndex
CREATE INDEX "ShadowPrediction_modelVersion_createdAt_idx" ON "ShadowPrediction"("modelVersion", "createdAt");

-- CreateIndex
CREATE INDEX "Outcome_createdAt_idx" ON "Outcome"("createdAt");

