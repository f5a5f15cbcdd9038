/**
 * Artifacts verified: each version's artifact carries the SHA-256 it had at registration and is
 * checked on every load. A champion whose stored artifact was altered (one number, still valid
 * JSON) is never served: the previous good version serves, and the refusal is a health reason, a
 * log line and domus_artifact_integrity_failures_total. Versions registered before checksums
 * (null) keep loading.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DomusApp, createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { artifactSha256 } from "../../src/modules/models/artifact-digest.ts";
import type { TestDatabase } from "../helpers/databases.ts";
import { ADMIN_KEY, FIRST_ROW, createSeededDatabase } from "../helpers/server.ts";

const PREDICT = "mutation($i: HousingFeaturesInput!) { predict(input: $i) { modelVersion value } }";

describe("a champion artifact altered in the database", () => {
  let database: TestDatabase;
  let app: DomusApp;
  let url: string;
  const gql = async (query: string, variables?: unknown) =>
    (await (await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-api-key": ADMIN_KEY }, body: JSON.stringify({ query, variables }) })).json()) as { data: any; errors?: any[] };

  beforeAll(async () => {
    database = await createSeededDatabase("sqlite", 2);
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it("is never served: the previous good version serves, with a health reason and a metric", async () => {
    const config = loadConfig({ NODE_ENV: "test", PORT: "0", DATABASE_URL: database.url, TRAIN_WORKERS: "0", TRAIN_ON_START: "false", ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_PER_MINUTE: "0", METRICS_PUBLIC: "true", LOG_LEVEL: "silent" });
    // Registration stored the checksum; alter one number of v2's artifact (still valid JSON) and
    // drop v1's checksum (a version registered before checksums existed).
    {
      const { openDatabase } = await import("../../src/db/client.ts");
      const db = openDatabase(database.url);
      try {
        const v2 = await db.prisma.modelVersion.findFirstOrThrow({ where: { version: 2 } });
        expect(v2.status).toBe("CHAMPION");
        expect(v2.artifactSha256).toBe(artifactSha256(v2.artifact));
        const corrupted = v2.artifact.replace(/(?<=[:,[])-?\d+\.\d+(?=[,\]}])/, "1000001");
        expect(corrupted).not.toBe(v2.artifact);
        expect(() => JSON.parse(corrupted)).not.toThrow();
        await db.prisma.modelVersion.update({ where: { id: v2.id }, data: { artifact: corrupted } });
        await db.prisma.modelVersion.updateMany({ where: { version: 1 }, data: { artifactSha256: null } });
      } finally {
        await db.close();
      }
    }
    app = await createApp(config);
    url = await app.listen();

    const predicted = await gql(PREDICT, { i: FIRST_ROW });
    expect(predicted.errors).toBeUndefined();
    expect(predicted.data.predict.modelVersion).toBe(1);

    const health = await gql("{ health { status reasons } }");
    expect(health.data.health.status).toBe("degraded");
    expect(health.data.health.reasons.join(" ")).toMatch(/champion version 2 cannot be loaded \(artifact of version 2 fails its integrity check: SHA-256 .* recorded at registration .*\); version 1 keeps serving/);

    // Asked for by number, it is refused with the reason.
    await expect(app.services.modelStore.get(2)).rejects.toThrow(/version 2 of .* cannot serve: artifact of version 2 fails its integrity check/);

    // Polling again does not reload (or recount) it; the metric counts refusals by version.
    await app.services.modelStore.refresh();
    expect(app.services.modelStore.champion!.version).toBe(1);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^domus_artifact_integrity_failures_total\{version="2"\} 2$/m);
  }, 300_000);
});
