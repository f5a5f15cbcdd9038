/**
 * Batches end to end over HTTP: the columnar path against `predict` row for row, errors naming
 * row and feature, imputation flags, empty and oversize inputs, REJECT vs SKIP, and every row
 * stored exactly once (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, FEATURE_SPECS, readHousingCsv } from "../../pipeline/dataset.ts";
import { DATABASE_KINDS } from "../helpers/databases.ts";
import { FIRST_ROW, type TestServer, startTestServer } from "../helpers/server.ts";

const PREDICT = "mutation($input: HousingFeaturesInput!) { predict(input: $input) { id value imputedFeatures outOfRangeFeatures } }";
const BATCH = `mutation($inputs: [HousingFeaturesInput!]!, $onInvalid: InvalidRowPolicy) {
  batchPredict(inputs: $inputs, onInvalid: $onInvalid) { count rows predictions { id value imputedFeatures features } errors { row fields message } }
}`;
const COLUMNS = `mutation($input: HousingColumnsInput!, $onInvalid: InvalidRowPolicy, $modelVersion: Int) {
  batchPredictColumns(input: $input, onInvalid: $onInvalid, modelVersion: $modelVersion) {
    count modelVersion values ids rows imputedRows outOfRangeRows imputedFeatures outOfRangeFeatures totalLatencyMs errors { row fields message }
  }
}`;
// Above the service's STREAM_MIN_ROWS (2,000): the largest batches are logged chunk by chunk.
const MAX_BATCH = 3000;

type Row = Record<string, number | null>;

/** Rows as one list per feature; a feature whose values are all null is left out. */
function columns(rows: readonly Row[]): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  for (const f of FEATURES) {
    const values = rows.map((r) => (r[f] === undefined ? null : (r[f] as number | null)));
    if (values.some((v) => v !== null)) out[f] = values;
  }
  return out;
}

/** Dataset rows as inputs (NaN → null; only optional features have NaNs the server accepts). */
function datasetRows(n: number): Row[] {
  const data = readHousingCsv("data/HousingData.csv", { mode: "inputs" });
  const optional = new Set(FEATURE_SPECS.filter((s) => s.optional).map((s) => s.name as string));
  const rows: Row[] = [];
  for (const values of data.rows) {
    const row: Row = {};
    let complete = true;
    FEATURES.forEach((f, j) => {
      const v = values[j] as number;
      if (Number.isNaN(v) && !optional.has(f)) complete = false;
      row[f] = Number.isNaN(v) ? null : v;
    });
    if (complete) rows.push(row);
    if (rows.length === n) break;
  }
  return rows;
}

describe.each(DATABASE_KINDS)("batches on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { MAX_BATCH_SIZE: String(MAX_BATCH) });
  });
  afterAll(async () => {
    await server?.close();
  });

  const count = () => server.app.database.prisma.prediction.count();

  it("gives the same values and flags as predict, row for row, and stores each row once", async () => {
    const rows = datasetRows(40);
    rows[3] = { ...rows[3], ZN: null, CHAS: null };
    rows[7] = { ...rows[7], RM: 19.5 }; // valid, but beyond the training range
    expect(rows.some((r) => FEATURES.some((f) => r[f] === null))).toBe(true);
    const before = await count();
    const res = await server.gql(COLUMNS, { input: columns(rows) });
    expect(res.errors).toBeUndefined();
    const out = res.data!.batchPredictColumns;
    expect(out).toMatchObject({ count: rows.length, modelVersion: 1, rows: rows.map((_, i) => i), errors: [] });
    expect(out.values).toHaveLength(rows.length);
    const imputed: number[] = [];
    const imputedFeatures: string[][] = [];
    const outOfRange: number[] = [];
    const outOfRangeFeatures: string[][] = [];
    for (let i = 0; i < rows.length; i++) {
      const single = await server.gql(PREDICT, { input: rows[i] });
      expect(single.errors).toBeUndefined();
      expect(out.values[i]).toBe(single.data!.predict.value);
      if (single.data!.predict.imputedFeatures.length > 0) {
        imputed.push(i);
        imputedFeatures.push(single.data!.predict.imputedFeatures);
      }
      if (single.data!.predict.outOfRangeFeatures.length > 0) {
        outOfRange.push(i);
        outOfRangeFeatures.push(single.data!.predict.outOfRangeFeatures);
      }
    }
    expect(out.imputedRows).toEqual(imputed);
    expect(out.imputedRows).toContain(3);
    expect(out.imputedFeatures).toEqual(imputedFeatures);
    expect(out.imputedFeatures[imputed.indexOf(3)]).toEqual(["ZN", "CHAS"]);
    expect(out.outOfRangeRows).toEqual(outOfRange);
    expect(out.outOfRangeRows).toContain(7);
    expect(out.outOfRangeFeatures).toEqual(outOfRangeFeatures);
    expect(out.outOfRangeFeatures[outOfRange.indexOf(7)]).toContain("RM");
    // Every row stored exactly once, with the values returned (exact doubles).
    expect(await count()).toBe(before + 2 * rows.length);
    const stored = await server.app.database.prisma.prediction.findMany({ where: { id: { in: out.ids } } });
    expect(stored).toHaveLength(rows.length);
    const byId = new Map(stored.map((s) => [s.id, s]));
    out.ids.forEach((id: string, i: number) => {
      expect(byId.get(id)!.value).toBe(out.values[i]);
      expect(JSON.parse(byId.get(id)!.imputedFeatures).length > 0).toBe(imputed.includes(i));
    });
    expect(JSON.parse(byId.get(out.ids[3])!.imputedFeatures)).toEqual(["ZN", "CHAS"]);
    expect(new Set(stored.map((s) => s.requestId)).size).toBe(1);
  });

  it("stores a batch logged chunk by chunk exactly once, with the values a small batch gives", async () => {
    const base = datasetRows(300);
    const rows: Row[] = Array.from({ length: 2900 }, (_, i) => ({ ...(base[i % base.length] as Row) }));
    rows[5] = { ...rows[5], RM: -1 }; // invalid: skipped and reported
    rows[2222] = { ...rows[2222], NOX: null }; // invalid (required)
    const before = await count();
    const res = await server.gql(COLUMNS, { input: columns(rows), onInvalid: "SKIP" });
    expect(res.errors).toBeUndefined();
    const out = res.data!.batchPredictColumns;
    expect(out.count).toBe(rows.length - 2);
    expect(out.errors.map((e: { row: number }) => e.row)).toEqual([5, 2222]);
    expect(out.rows).toEqual(rows.map((_, i) => i).filter((i) => i !== 5 && i !== 2222));
    expect(new Set(out.ids).size).toBe(out.count);
    // The same rows in a small batch (one transaction, no streaming) give the same values.
    const small = await server.gql(COLUMNS, { input: columns(base.slice(0, 200)) });
    expect(small.errors).toBeUndefined();
    out.rows.forEach((row: number, k: number) => {
      if (row % base.length < 200) expect(out.values[k]).toBe(small.data!.batchPredictColumns.values[row % base.length]);
    });
    expect(await count()).toBe(before + out.count + 200);
    const stored = await server.app.database.prisma.prediction.findMany({ where: { requestId: (await server.app.database.prisma.prediction.findUniqueOrThrow({ where: { id: out.ids[0] } })).requestId } });
    expect(stored).toHaveLength(out.count);
    const byId = new Map(stored.map((s) => [s.id, s.value]));
    out.ids.forEach((id: string, k: number) => {
      expect(byId.get(id)).toBe(out.values[k]);
    });
  });

  it("batchPredict and batchPredictColumns agree, with features as used and input row indices", async () => {
    const rows = datasetRows(12);
    rows[5] = { ...rows[5], INDUS: null };
    const [a, b] = await Promise.all([server.gql(BATCH, { inputs: rows }), server.gql(COLUMNS, { input: columns(rows) })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data!.batchPredict.predictions.map((p: { value: number }) => p.value)).toEqual(b.data!.batchPredictColumns.values);
    expect(a.data!.batchPredict.rows).toEqual(rows.map((_, i) => i));
    expect(a.data!.batchPredict.predictions[5].imputedFeatures).toContain("INDUS");
    expect(typeof a.data!.batchPredict.predictions[5].features.INDUS).toBe("number");
    expect(a.data!.batchPredict.predictions[0].features).toEqual(rows[0]);
  });

  it("REJECT (the default) lists every invalid row and field, beyond 50, and stores nothing", async () => {
    const rows: Row[] = Array.from({ length: 120 }, () => ({ ...FIRST_ROW }));
    for (let i = 0; i < 120; i += 2) rows[i] = { ...FIRST_ROW, RM: -1 };
    rows[1] = { ...FIRST_ROW, NOX: null };
    const before = await count();
    const rowsRes = await server.gql(BATCH, { inputs: rows });
    expect(rowsRes.errors).toHaveLength(1);
    expect(rowsRes.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    const expectedRowFields = [...Array.from({ length: 60 }, (_, k) => `inputs.${2 * k}.RM`), "inputs.1.NOX"].sort();
    expect([...rowsRes.errors![0]!.extensions.fields!].sort()).toEqual(expectedRowFields);
    expect(rowsRes.errors![0]!.extensions.fields!.slice(0, 3)).toEqual(["inputs.0.RM", "inputs.1.NOX", "inputs.2.RM"]);
    const colRes = await server.gql(COLUMNS, { input: columns(rows), onInvalid: "REJECT" });
    expect(colRes.errors).toHaveLength(1);
    expect(colRes.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    expect(colRes.errors![0]!.extensions.fields).toHaveLength(61);
    expect(colRes.errors![0]!.extensions.fields!.slice(0, 3)).toEqual(["input.RM.0", "input.NOX.1", "input.RM.2"]);
    expect(colRes.errors![0]!.message).toMatch(/input\.RM\.0: RM must be > 0 and <= 20, got -1/);
    expect(await count()).toBe(before);
  });

  it("SKIP predicts and stores the valid rows and reports each invalid row in input order", async () => {
    const rows: Row[] = Array.from({ length: 8 }, () => ({ ...FIRST_ROW }));
    rows[1] = { ...FIRST_ROW, RM: 25, AGE: -3 };
    rows[4] = { ...FIRST_ROW, CRIM: null };
    rows[6] = { ...FIRST_ROW, CHAS: 0.5 };
    const valid = [0, 2, 3, 5, 7];
    const before = await count();
    const res = await server.gql(COLUMNS, { input: columns(rows), onInvalid: "SKIP" });
    expect(res.errors).toBeUndefined();
    const out = res.data!.batchPredictColumns;
    expect(out.count).toBe(5);
    expect(out.rows).toEqual(valid);
    expect(out.values).toHaveLength(5);
    expect(out.ids).toHaveLength(5);
    expect(out.errors.map((e: { row: number; fields: string[] }) => [e.row, e.fields])).toEqual([
      [1, ["input.RM.1", "input.AGE.1"]],
      [4, ["input.CRIM.4"]],
      [6, ["input.CHAS.6"]],
    ]);
    expect(out.errors[0].message).toMatch(/RM must be > 0 and <= 20, got 25.*AGE must be >= 0 and <= 100, got -3/);
    expect(await count()).toBe(before + 5);

    const rowsRes = await server.gql(BATCH, { inputs: rows.map((r, i) => (i === 7 ? { ...r, NOX: "high", FOO: 1 } : r)), onInvalid: "SKIP" });
    expect(rowsRes.errors).toBeUndefined();
    const batch = rowsRes.data!.batchPredict;
    expect(batch.count).toBe(4);
    expect(batch.rows).toEqual([0, 2, 3, 5]);
    expect(batch.predictions).toHaveLength(4);
    expect(batch.errors.map((e: { row: number; fields: string[] }) => [e.row, e.fields])).toEqual([
      [1, ["inputs.1.RM", "inputs.1.AGE"]],
      [4, ["inputs.4.CRIM"]],
      [6, ["inputs.6.CHAS"]],
      [7, ["inputs.7.NOX", "inputs.7.FOO"]],
    ]);
    expect(batch.errors[3].message).toMatch(/NOX must be > 0 and <= 1, got "high"/);
    expect(await count()).toBe(before + 9);
  });

  it("SKIP with no valid row predicts nothing and reports every row", async () => {
    const before = await count();
    const res = await server.gql(BATCH, { inputs: [{ ...FIRST_ROW, RM: 0 }, { ...FIRST_ROW, B: 500 }], onInvalid: "SKIP" });
    expect(res.errors).toBeUndefined();
    expect(res.data!.batchPredict).toMatchObject({ count: 0, rows: [], predictions: [] });
    expect(res.data!.batchPredict.errors.map((e: { row: number }) => e.row)).toEqual([0, 1]);
    expect(await count()).toBe(before);
  });

  it("refuses empty, oversize and ragged inputs whatever the policy", async () => {
    const before = await count();
    const empty = await server.gql(COLUMNS, { input: columns([]) as object, onInvalid: "SKIP" });
    expect(empty.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
    const emptyLists = await server.gql(COLUMNS, { input: Object.fromEntries(FEATURE_SPECS.filter((s) => !s.optional).map((s) => [s.name, []])) });
    expect(emptyLists.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input"] });
    const nullRows = await server.gql(BATCH, { inputs: null, onInvalid: "SKIP" });
    expect(nullRows.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["inputs"] });
    const nullColumns = await server.gql(COLUMNS, { input: null });
    expect(nullColumns.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input"] });
    const emptyRows = await server.gql(BATCH, { inputs: [], onInvalid: "SKIP" });
    expect(emptyRows.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["inputs"] });
    const big = Array.from({ length: MAX_BATCH + 1 }, () => ({ ...FIRST_ROW }));
    const oversize = await server.gql(COLUMNS, { input: columns(big), onInvalid: "SKIP" });
    expect(oversize.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input"] });
    expect(oversize.errors![0]!.message).toMatch(/MAX_BATCH_SIZE/);
    const oversizeRows = await server.gql(BATCH, { inputs: big });
    expect(oversizeRows.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["inputs"] });
    const ragged = columns([FIRST_ROW, FIRST_ROW]);
    ragged.RM = [6];
    const raggedRes = await server.gql(COLUMNS, { input: ragged, onInvalid: "SKIP" });
    expect(raggedRes.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.RM"] });
    const unknown = await server.gql(COLUMNS, { input: { ...columns([FIRST_ROW]), SQFT: [1] }, onInvalid: "SKIP" });
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.SQFT"] });
    const { LSTAT: _, ...noLstat } = columns([FIRST_ROW]);
    const missing = await server.gql(COLUMNS, { input: noLstat, onInvalid: "SKIP" });
    expect(missing.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", fields: ["input.LSTAT"] });
    expect(await count()).toBe(before);
  });

  it("takes inline literals through ordinary GraphQL coercion with the same results", async () => {
    const res = await server.gql(
      `mutation { batchPredictColumns(input: { CRIM: [0.00632], NOX: [0.538], RM: [6.575], AGE: [65.2], DIS: [4.09], RAD: [1], TAX: [296], PTRATIO: [15.3], B: [396.9], LSTAT: [4.98] }) { values imputedRows } }`,
    );
    expect(res.errors).toBeUndefined();
    const { ZN: _z, INDUS: _i, CHAS: _c, ...required } = FIRST_ROW;
    const single = await server.gql(PREDICT, { input: required });
    expect(res.data!.batchPredictColumns).toEqual({ values: [single.data!.predict.value], imputedRows: [0] });
  });

  it("requires the PREDICT role for batchPredictColumns", async () => {
    const res = await server.gql(COLUMNS, { input: columns([FIRST_ROW]) }, { "x-api-key": "" });
    expect(res.errors![0]!.extensions.code).toBe("UNAUTHENTICATED");
  });
});
