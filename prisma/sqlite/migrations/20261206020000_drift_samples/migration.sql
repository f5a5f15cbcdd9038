-- Drift on a bounded sample (issue 23 item 4): per window of createdAt, model name and version, a
-- uniform reservoir sample of the logged predictions, written with the rows (src/db/drift-sample.ts).
-- WITHOUT ROWID: rows live in the primary key's B-tree, so a slot write dirties one B-tree, not two.
CREATE TABLE "DriftSampleWindow" (
    "windowStart" DATETIME NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "seen" INTEGER NOT NULL,

    PRIMARY KEY ("windowStart", "modelName", "modelVersion")
) WITHOUT ROWID;

CREATE TABLE "DriftSample" (
    "windowStart" DATETIME NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "features" TEXT NOT NULL,
    "imputedFeatures" TEXT NOT NULL,
    "value" REAL NOT NULL,

    PRIMARY KEY ("windowStart", "modelName", "modelVersion", "slot")
) WITHOUT ROWID;

-- A report states the rows it tested; every earlier report tested all of its window's rows.
ALTER TABLE "DriftReport" ADD COLUMN "sampleSize" INTEGER NOT NULL DEFAULT 0;
UPDATE "DriftReport" SET "sampleSize" = "currentSize";
