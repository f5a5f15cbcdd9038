-- Live interval coverage as running sums (issue 26), written with each outcome.
-- CreateTable
CREATE TABLE "CoverageRollup" (
    "bucketStart" TIMESTAMP(3) NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "level" DOUBLE PRECISION NOT NULL,
    "n" INTEGER NOT NULL,
    "covered" INTEGER NOT NULL,
    "widthSum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CoverageRollup_pkey" PRIMARY KEY ("bucketStart","modelName","modelVersion","level")
);
