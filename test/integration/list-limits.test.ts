/** Every list field is bounded by a `limit` (default 100, at most 500), refused outside 1–500 naming the argument. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../src/modules/common/enums.ts";
import { type TestServer, startTestServer } from "../helpers/server.ts";

describe("bounded lists", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite");
    // More keys than a limit of 1 lets through.
    for (const name of ["a", "b"]) await server.app.services.apiKeys.create(name, Role.READ);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  const LISTS = [
    ["experiments", "experiments(limit: $limit) { id }"],
    ["experiments.runs", "experiments(limit: 1) { runs(limit: $limit) { id } }"],
    ["models", "models(limit: $limit) { version }"],
    ["apiKeys", "apiKeys(limit: $limit) { id }"],
    ["datasets", "datasets(limit: $limit) { id }"],
    ["datasets.runs", "datasets(limit: 1) { runs(limit: $limit) { id } }"],
  ] as const;

  for (const [name, selection] of LISTS) {
    it(`${name}: limit 1 answers at most one item; 0 and 501 are refused naming limit`, async () => {
      const query = `query($limit: Int) { ${selection} }`;
      const one = await server.gql(query, { limit: 1 });
      expect(one.errors).toBeUndefined();
      const items = name.endsWith(".runs") ? (Object.values(one.data!)[0] as { runs: unknown[] }[])[0]!.runs : (Object.values(one.data!)[0] as unknown[]);
      expect(items.length).toBeLessThanOrEqual(1);
      // Where there are several, the limit is what cuts them.
      if (name === "apiKeys") expect(items).toHaveLength(1);
      for (const limit of [0, 501]) {
        const refused = await server.gql(query, { limit });
        expect(refused.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["limit"] });
      }
    });
  }

  it("the default keeps today's answers (fewer than 100 items here)", async () => {
    const all = await server.gql("{ apiKeys { id } experiments { id runs { id } } }");
    const limited = await server.gql("{ apiKeys(limit: 100) { id } experiments(limit: 100) { id runs(limit: 100) { id } } }");
    expect(all.data).toEqual(limited.data);
    expect((all.data!.apiKeys as unknown[]).length).toBeGreaterThanOrEqual(3);
  });
});
