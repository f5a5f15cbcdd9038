/**
 * Per-test-file databases: a fresh SQLite file in a temporary folder, or (when TEST_DATABASE_URL
 * is set) a fresh PostgreSQL database created beside the one it names and dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../../src/db/client.ts";
import { migrate } from "../../src/db/migrate.ts";

export interface TestDatabase {
  kind: "sqlite" | "postgresql";
  url: string;
  drop(): Promise<void>;
}

/** The database kinds the integration suites run against: SQLite always, PostgreSQL when configured. */
export const DATABASE_KINDS: ("sqlite" | "postgresql")[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];

export async function createTestDatabase(kind: "sqlite" | "postgresql"): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "domus-test-"));
    return { kind, url: `file:${join(dir, "domus.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const name = `domus_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh migrated database of `kind`, opened, with CANDIDATE model versions `mv-<n>` of
 * boston-housing for the given numbers (the rows prediction-log tests write refer to them).
 */
export async function createDatabaseWithVersions(kind: "sqlite" | "postgresql", versions: readonly number[], features: readonly string[]): Promise<{ database: TestDatabase; db: Database }> {
  const database = await createTestDatabase(kind);
  await migrate(database.url);
  const db = openDatabase(database.url);
  for (const version of versions) {
    await db.prisma.modelVersion.create({
      data: { id: `mv-${version}`, name: "boston-housing", version, status: "CANDIDATE", aliases: "[]", algorithm: "gbdt", features: JSON.stringify(features), metrics: "{}", artifact: "{}", referenceStats: "{}" },
    });
  }
  return { database, db };
}
