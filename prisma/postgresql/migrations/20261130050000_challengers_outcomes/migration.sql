-- AlterTable
ALTER TABLE "ModelEvent" ADD COLUMN     "details" TEXT;

-- AlterTable
ALTER TABLE "Prediction" ADD COLUMN     "challenger" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ModelChallenger" (
    "name" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "trafficPercent" DOUBLE PRECISION NOT NULL,
    "since" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "apiKeyId" TEXT,

    CONSTRAINT "ModelChallenger_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ShadowPrediction" (
    "id" TEXT NOT NULL,
    "predictionId" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "latencyMs" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShadowPrediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "predictionId" TEXT NOT NULL,
    "actual" DOUBLE PRECISION NOT NULL,
    "apiKeyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("predictionId")
);

-- CreateIndex
CREATE INDEX "ShadowPrediction_predictionId_idx" ON "ShadowPrediction"("predictionId");

-- CreateIndex
CREATE INDEX "ShadowPrediction_modelVersion_createdAt_idx" ON "ShadowPrediction"("modelVersion", "createdAt");

-- CreateIndex
CREATE INDEX "Outcome_createdAt_idx" ON "Outcome"("createdAt");

-- AddForeignKey
ALTER TABLE "ModelChallenger" ADD CONSTRAINT "ModelChallenger_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShadowPrediction" ADD CONSTRAINT "ShadowPrediction_predictionId_fkey" FOREIGN KEY ("predictionId") REFERENCES "Prediction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_predictionId_fkey" FOREIGN KEY ("predictionId") REFERENCES "Prediction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

