/** The committed contracts: emitted GraphQL SDL, rendered Prisma schemas, and migrations. */
import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { buildSchema as buildSdl, findBreakingChanges } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { listMigrations, migrate } from "../../src/db/migrate.ts";
import { buildDomusSchema, printDomusSchema } from "../../src/schema.ts";
import { DATABASE_KINDS, type TestDatabase, createTestDatabase } from "../helpers/databases.ts";
import { runNode } from "../helpers/process.ts";

describe("schema/schema.graphql", () => {
  it("is exactly what type-graphql emits (run `npm run schema:emit` after changing the API)", async () => {
    const emitted = printDomusSchema(await buildDomusSchema());
    const committed = readFileSync("schema/schema.graphql", "utf8");
    expect(committed).toBe(emitted);
  });

  it("contains the contract's serving operations with the contract's types", async () => {
    const schema = buildSdl(readFileSync("schema/schema.graphql", "utf8"));
    const mutation = schema.getMutationType()!.getFields();
    expect(String(mutation.predict!.type)).toBe("Prediction!");
    expect(mutation.predict!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(["input: HousingFeaturesInput!", "modelVersion: Int", "routingKey: String"]);
    expect(mutation.batchPredict!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(["inputs: [HousingFeaturesInput!]!", "modelVersion: Int", "onInvalid: InvalidRowPolicy"]);
    expect(mutation.batchPredictColumns!.args.map((a) => `${a.name}: ${a.type}`)).toEqual(["input: HousingColumnsInput!", "modelVersion: Int", "onInvalid: InvalidRowPolicy", "intervalLevel: Float"]);
    expect(mutation.batchPredictColumns!.args.find((a) => a.name === "onInvalid")!.defaultValue).toBe("REJECT");
    expect(String(mutation.batchPredictColumns!.type)).toBe("ColumnarPrediction!");
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(["health", "champion", "models", "model"]));
  });

  it("breaks nothing schema/contract.graphql names (findBreakingChanges from the contract to the schema is empty)", async () => {
    const contract = buildSdl(readFileSync("schema/contract.graphql", "utf8"));
    const schema = await buildDomusSchema();
    expect(findBreakingChanges(contract, schema).map((c) => `${c.type}: ${c.description}`)).toEqual([]);
  });
});

describe("prisma schemas", () => {
  it("are freshly rendered from prisma/models.prisma", async () => {
    const check = await runNode(["scripts/prisma-schemas.mjs", "--check"]);
    expect(check, check.stderr).toMatchObject({ code: 0 });
  });

  it("have one migration folder per provider with the same migration names", () => {
    const names = (provider: string) => readdirSync(`prisma/${provider}/migrations`).filter((n) => /^\d+_/.test(n)).sort();
    expect(names("sqlite")).toEqual(names("postgresql"));
  });
});

describe.each(DATABASE_KINDS)("migrations on %s", (kind) => {
  let database: TestDatabase;
  afterAll(async () => {
    await database?.drop();
  });

  it("apply once, are recorded like Prisma records them, and are idempotent", async () => {
    database = await createTestDatabase(kind);
    const first = await migrate(database.url);
    expect(first).toEqual(listMigrations(kind).map((m) => m.name));
    expect(first[0]).toBe("20261126000000_init");
    expect(await migrate(database.url)).toEqual([]);
    // Concurrent starters (replicas) apply each migration exactly once.
    expect((await Promise.all([migrate(database.url), migrate(database.url)])).flat()).toEqual([]);
  });

  it("allow at most one champion per model name", async () => {
    const database2 = openDatabase(database.url);
    try {
      const row = (version: number) => ({
        name: "m", version, status: "CHAMPION", aliases: "[]", algorithm: "ridge", features: "[]", metrics: "{}", artifact: "{}", referenceStats: "{}",
      });
      await database2.prisma.modelVersion.create({ data: row(1) });
      await expect(database2.prisma.modelVersion.create({ data: row(2) })).rejects.toThrow();
      await database2.prisma.modelVersion.create({ data: { ...row(3), name: "other" } });
    } finally {
      await database2.close();
    }
  });

  it.runIf(kind === "sqlite")("refuse to run when an applied migration was edited", async () => {
    const db = new Database(database.url.replace(/^file:/, ""));
    db.prepare(`UPDATE "_prisma_migrations" SET checksum = 'edited'`).run();
    db.close();
    await expect(migrate(database.url)).rejects.toThrow(/was edited after it was applied/);
  });
});
