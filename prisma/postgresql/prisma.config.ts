// Prisma CLI configuration for PostgreSQL (JS engine, no binaries).
import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The JS migration engine reads columns of type `name` (oid 19), which @prisma/adapter-pg 6.19
// cannot deserialise; report them as text (oid 25). Only the CLI needs this.
class NameAsTextPool extends pg.Pool {
  // pg's overloads are too loose to type precisely here.
  override query(...args: any[]): any {
    const result = (super.query as any)(...args);
    if (!result || typeof result.then !== "function") return result;
    return result.then((res: pg.QueryResult) => {
      for (const field of res?.fields ?? []) if (field.dataTypeID === 19) field.dataTypeID = 25;
      return res;
    });
  }
}

const url = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/test";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new PrismaPg(new NameAsTextPool({ connectionString: url })),
});
