-- Live interval coverage as running sums (issue 26), written with each outcome.
-- CreateTable
CREATE TABLE "CoverageRollup" (
    "bucketStart" DATETIME NOT NULL,
    "modelName" TEXT NOT NULL,
    "modelVersion" INTEGER NOT NULL,
    "level" REAL NOT NULL,
    "n" INTEGER NOT NULL,
    "covered" INTEGER NOT NULL,
    "widthSum" REAL NOT NULL,

    PRIMARY KEY ("bucketStart", "modelName", "modelVersion", "level")
);
