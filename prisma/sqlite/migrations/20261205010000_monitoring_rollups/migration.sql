-- CreateTable
CREATE TABLE "MonitoringRollup" (
    "bucketStart" DATETIME NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "pairedVersion" INTEGER NOT NULL DEFAULT 0,
    "count" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "valueSum" REAL NOT NULL,
    "valueSumSq" REAL NOT NULL,
    "valueMin" REAL NOT NULL,
    "valueMax" REAL NOT NULL,
    "latencySum" REAL NOT NULL,
    "latencyMax" REAL NOT NULL,
    "absDiffSum" REAL NOT NULL DEFAULT 0,
    "valueSketch" TEXT NOT NULL,
    "latencySketch" TEXT NOT NULL,
    "imputed" TEXT NOT NULL,
    "outOfRange" TEXT NOT NULL,

    PRIMARY KEY ("bucketStart", "modelName", "modelVersion", "role", "pairedVersion")
);

-- CreateTable
CREATE TABLE "OutcomeRollup" (
    "bucketStart" DATETIME NOT NULL,
    "modelName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "pairedVersion" INTEGER NOT NULL DEFAULT 0,
    "role" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL,
    "sum" REAL NOT NULL,
    "sumSq" REAL NOT NULL,
    "absSum" REAL NOT NULL,

    PRIMARY KEY ("bucketStart", "modelName", "kind", "modelVersion", "pairedVersion", "role")
);

-- CreateTable
CREATE TABLE "RequestRollup" (
    "bucketStart" DATETIME NOT NULL,
    "operation" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "replicaId" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "latencySum" REAL NOT NULL,
    "latencyMax" REAL NOT NULL,
    "latencySketch" TEXT NOT NULL,

    PRIMARY KEY ("bucketStart", "operation", "transport", "replicaId")
);
