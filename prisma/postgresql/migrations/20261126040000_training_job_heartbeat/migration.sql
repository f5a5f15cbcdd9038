-- AlterTable
ALTER TABLE "TrainingJob" ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "replicaId" TEXT;

-- CreateIndex
CREATE INDEX "TrainingJob_status_idx" ON "TrainingJob"("status");

