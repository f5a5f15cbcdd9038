-- At most one CHAMPION per model name, enforced by the database: two concurrent promotions
-- (on one replica or several) cannot both succeed. Prisma's schema language cannot express a
-- partial unique index, so it lives only here; `prisma migrate diff` does not see it.
CREATE UNIQUE INDEX "ModelVersion_one_champion_per_name" ON "ModelVersion"("name") WHERE "status" = 'CHAMPION';
