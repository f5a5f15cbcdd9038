-- AlterTable
ALTER TABLE "TrainingJob" ADD COLUMN "heartbeatAt" DATETIME;
ALTER TABLE "TrainingJob" ADD COLUMN "replicaId" TEXT;

-- CreateIndex
CREATE INDEX "TrainingJob_status_idx" ON "TrainingJob"("status");

