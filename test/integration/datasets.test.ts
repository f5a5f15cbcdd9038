/** Dataset versions over the API: registration, idempotence by content, validation, export, lineage. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseCsv } from "../../pipeline/dataset-version.ts";
import { BUNDLED_DATA_PATH } from "../../src/paths.ts";
import { trainAndRegister as runTraining, trainingRequestFromConfig } from "../../src/modules/training/train-and-register.ts";
import { createLogger } from "../../src/logger.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { TEST_MODEL, type TestServer, startTestServer } from "../helpers/server.ts";

const BUNDLED = readFileSync(BUNDLED_DATA_PATH, "utf8");
const FIELDS = "id name version contentHash rows columns missingCells source sizeBytes stats { column count missing mean min max }";
const REGISTER = `mutation($name: String!, $csv: String!) { registerDataset(name: $name, csv: $csv) { ${FIELDS} } }`;

/** The first `n` data rows of the bundled file, with its header. */
function firstRows(n: number): string {
  return BUNDLED.split(/\r?\n/).slice(0, n + 1).join("\n");
}

describe.each(DATABASE_KINDS)("dataset versions on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, {}, { train: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("registers the configured CSV on first start as boston-housing v1", async () => {
    const res = await server.gql(`{ datasets { ${FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    const expected = normaliseCsv(BUNDLED, "bundled");
    expect(res.data!.datasets).toHaveLength(1);
    expect(res.data!.datasets[0]).toMatchObject({ name: "boston-housing", version: 1, source: "bundled", rows: 506, contentHash: expected.contentHash, missingCells: expected.missingCells });
    expect(expected.missingCells).toBe(119); // NA cells of the bundled file (CRIM, ZN, CHAS, AGE, LSTAT 20 each; INDUS 19)
    const crim = res.data!.datasets[0].stats.find((s: { column: string }) => s.column === "CRIM");
    expect(crim).toMatchObject({ count: 486, missing: 20 });
  });

  it("returns the existing version for the same rows however they are written, and a new one for new rows", async () => {
    const csv = firstRows(40);
    const first = await server.gql(REGISTER, { name: "small", csv });
    expect(first.errors).toBeUndefined();
    expect(first.data!.registerDataset).toMatchObject({ name: "small", version: 1, rows: 40, source: "api" });
    // CRLF, columns in another order, empty cells for NA and trailing zeros normalise away.
    const [header, ...rows] = csv.split("\n");
    const cols = (header as string).split(",");
    const order = [...cols.keys()].reverse();
    const cell = (v: string) => (v === "NA" ? "" : v.includes(".") ? `${v}0` : v);
    const rewritten = [order.map((i) => cols[i]).join(","), ...rows.map((r) => order.map((i) => cell(r.split(",")[i] as string)).join(","))].join("\r\n");
    const again = await server.gql(REGISTER, { name: "small", csv: `${rewritten}\r\n` });
    expect(again.errors).toBeUndefined();
    expect(again.data!.registerDataset).toMatchObject({ id: first.data!.registerDataset.id, version: 1, contentHash: first.data!.registerDataset.contentHash });
    const more = await server.gql(REGISTER, { name: "small", csv: firstRows(41) });
    expect(more.data!.registerDataset).toMatchObject({ name: "small", version: 2, rows: 41 });
    const list = await server.gql('{ datasets(name: "small") { version rows } }');
    expect(list.data!.datasets).toEqual([
      { version: 2, rows: 41 },
      { version: 1, rows: 40 },
    ]);
  });

  it("rejects an invalid CSV naming line and column, and stores nothing", async () => {
    const lines = firstRows(10).split("\n");
    const cells = (lines[5] as string).split(",");
    cells[5] = "-3"; // RM
    lines[5] = cells.join(",");
    const res = await server.gql(REGISTER, { name: "broken", csv: lines.join("\n") });
    expect(res.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.extensions.fields).toEqual(["csv"]);
    expect(res.errors?.[0]?.message).toMatch(/:6 column RM: -3 is out of bounds/);
    const bad = await server.gql(REGISTER, { name: "bad name!", csv: firstRows(3) });
    expect(bad.errors?.[0]?.extensions.fields).toEqual(["name"]);
    const list = await server.gql('{ broken: datasets(name: "broken") { id } bad: datasets(name: "bad name!") { id } }');
    expect(list.data).toEqual({ broken: [], bad: [] });
  });

  it("exports exactly the normalised rows it stored", async () => {
    const csv = firstRows(25);
    const reg = await server.gql(REGISTER, { name: "export-me", csv });
    const id = reg.data!.registerDataset.id as string;
    const res = await server.gql("query($id: ID!) { dataset(id: $id) { csv contentHash } }", { id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.dataset.csv).toBe(normaliseCsv(csv, "x").text);
    // Re-registering the export is a no-op: the export is the data.
    const back = await server.gql(REGISTER, { name: "export-me", csv: res.data!.dataset.csv });
    expect(back.data!.registerDataset.id).toBe(id);
  });

  it("needs the ADMIN role to register", async () => {
    const key = await server.gql('mutation { createApiKey(name: "reader", role: READ) { secret } }');
    const res = await server.gql(REGISTER, { name: "x", csv: firstRows(3) }, { "x-api-key": key.data!.createApiKey.secret });
    expect(res.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  });
});

describe("lineage", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("sqlite", { TRAIN_WORKERS: "1", TRAIN_SEARCH_ITERATIONS: "2", TRAIN_CV_FOLDS: "2" }, { train: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("records the dataset version, split seed and code version of every run of a job trained on it", async () => {
    const reg = await server.gql(REGISTER, { name: "lineage", csv: firstRows(200) });
    const datasetId = reg.data!.registerDataset.id as string;
    const job = await server.gql("mutation($input: TrainingRunInput) { startTraining(input: $input) { id } }", { input: { datasetId, seed: 3, experimentName: "lineage-job" } });
    expect(job.errors).toBeUndefined();
    await server.app.services.training.idle();
    const res = await server.gql(
      "query($id: ID!) { dataset(id: $id) { rows runs { name status splitSeed codeVersion dataset { id name version } } } }",
      { id: datasetId },
    );
    expect(res.errors).toBeUndefined();
    const runs = res.data!.dataset.runs as { status: string; splitSeed: number; codeVersion: string; dataset: { id: string } }[];
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(run).toMatchObject({ status: "FINISHED", splitSeed: 3, dataset: { id: datasetId, name: "lineage", version: 1 } });
      expect(run.codeVersion).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it("re-running a run's recorded inputs (dataset, split seed, algorithm, params) gives the same model JSON", async () => {
    const db = server.app.database.prisma;
    const reg = await server.gql(REGISTER, { name: "rerun", csv: firstRows(150) });
    const datasetId = reg.data!.registerDataset.id as string;
    const logger = createLogger({ logLevel: "silent" });
    const base = trainingRequestFromConfig(server.app.config, "full", false);
    const { data } = await server.app.services.datasets.load(datasetId);
    const first = await runTraining(db, { ...base, seed: 11, dataset: { id: datasetId, data }, only: TEST_MODEL, gate: { minTestR2: -1e9, rmseTolerance: 10 } }, logger);
    // Rebuild the request from what the run recorded, and nothing else.
    const run = await db.run.findUniqueOrThrow({ where: { id: first.registration.runId } });
    expect(run).toMatchObject({ datasetVersionId: datasetId, splitSeed: 11 });
    const recorded = await server.app.services.datasets.load(run.datasetVersionId as string);
    const params = JSON.parse(run.params) as Record<string, number>;
    const second = await runTraining(
      db,
      { ...base, seed: run.splitSeed as number, dataset: { id: recorded.dataset.id, data: recorded.data }, only: { algorithm: run.algorithm as "gbdt", params }, gate: { minTestR2: -1e9, rmseTolerance: 10 } },
      logger,
    );
    const [a, b] = await Promise.all([first, second].map((t) => db.modelVersion.findFirstOrThrow({ where: { runId: t.registration.runId }, select: { artifact: true } })));
    expect(b!.artifact).toBe(a!.artifact);
  });

  it("refuses an unknown dataset id, naming the field", async () => {
    const res = await server.gql("mutation { startTraining(input: { datasetId: \"00000000-0000-0000-0000-000000000000\" }) { id } }");
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.datasetId"] });
  });
});
