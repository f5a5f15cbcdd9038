-- Drift on a bounded sample (issue 23 item 4): per window of createdAt, model name and version, a
-- uniform reservoir sample of the logged predictions, written with the rows (src/db/drift-sample.ts).
CREATE TABLE "DriftSampleWindow" (
    "windowStart" TIMESTAMP(3) NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "seen" INTEGER NOT NULL,

    CONSTRAINT "DriftSampleWindow_pkey" PRIMARY KEY ("windowStart","modelName","modelVersion")
);

CREATE TABLE "DriftSample" (
    "windowStart" TIMESTAMP(3) NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "features" TEXT NOT NULL,
    "imputedFeatures" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "DriftSample_pkey" PRIMARY KEY ("windowStart","modelName","modelVersion","slot")
);

-- A report states the rows it tested; every earlier report tested all of its window's rows.
ALTER TABLE "DriftReport" ADD COLUMN "sampleSize" INTEGER NOT NULL DEFAULT 0;
UPDATE "DriftReport" SET "sampleSize" = "currentSize";
