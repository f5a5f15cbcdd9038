-- Events from every process (issue 27 item 2): the outbox every server polls.
CREATE TABLE "OutboxEvent" (
    "id" SERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "OutboxEvent_createdAt_idx" ON "OutboxEvent"("createdAt");
