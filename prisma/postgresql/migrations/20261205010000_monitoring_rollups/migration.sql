-- CreateTable
CREATE TABLE "MonitoringRollup" (
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "pairedVersion" INTEGER NOT NULL DEFAULT 0,
    "count" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "valueSum" DOUBLE PRECISION NOT NULL,
    "valueSumSq" DOUBLE PRECISION NOT NULL,
    "valueMin" DOUBLE PRECISION NOT NULL,
    "valueMax" DOUBLE PRECISION NOT NULL,
    "latencySum" DOUBLE PRECISION NOT NULL,
    "latencyMax" DOUBLE PRECISION NOT NULL,
    "absDiffSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "valueSketch" TEXT NOT NULL,
    "latencySketch" TEXT NOT NULL,
    "imputed" TEXT NOT NULL,
    "outOfRange" TEXT NOT NULL,

    CONSTRAINT "MonitoringRollup_pkey" PRIMARY KEY ("bucketStart","modelName","modelVersion","role","pairedVersion")
);

-- CreateTable
CREATE TABLE "OutcomeRollup" (
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "modelName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "pairedVersion" INTEGER NOT NULL DEFAULT 0,
    "role" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "sumSq" DOUBLE PRECISION NOT NULL,
    "absSum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "OutcomeRollup_pkey" PRIMARY KEY ("bucketStart","modelName","kind","modelVersion","pairedVersion","role")
);

-- CreateTable
CREATE TABLE "RequestRollup" (
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "operation" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "replicaId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "latencySum" DOUBLE PRECISION NOT NULL,
    "latencyMax" DOUBLE PRECISION NOT NULL,
    "latencySketch" TEXT NOT NULL,

    CONSTRAINT "RequestRollup_pkey" PRIMARY KEY ("bucketStart","operation","transport","replicaId")
);
