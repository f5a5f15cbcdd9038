/** The CLI's pure parts: reading rows to predict, header typos, key files per database, tables. */
import { describe, expect, it } from "vitest";
import { type DomusClient, DomusClientError } from "../../src/client/index.ts";
import { predictBatch } from "../../src/commands/predict-batch.ts";
import { closestColumn, parsePredictionCsv } from "../../src/commands/predict-csv.ts";
import { CommandError } from "../../src/commands/args.ts";
import { progressBar, table } from "../../src/commands/format.ts";
import { adminKeyFileFor, loadClientConfig } from "../../src/config.ts";

const HEADER = "CRIM,ZN,INDUS,CHAS,NOX,RM,AGE,DIS,RAD,TAX,PTRATIO,B,LSTAT";
const ROW = "0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98";

describe("parsePredictionCsv", () => {
  it("numbers rows by the file line they start on, across quoted line breaks, CRLF and blank lines", () => {
    const text = `\uFEFF${HEADER},note\r\n${ROW},"a\r\nb"\r\n\r\n${ROW},plain\r\n${ROW.replace("6.575", "NA")},"c\nd\ne"\n${ROW},x\n`;
    const file = parsePredictionCsv(text, "t.csv", { ignoreUnknownColumns: true });
    expect(file.rows.map((r) => r.line)).toEqual([2, 5, 6, 9]);
    expect(file.ignoredColumns).toEqual(["note"]);
    expect(file.rows[2]!.issues).toEqual([{ line: 6, column: "RM", value: "NA", reason: "RM is required (only ZN, INDUS, CHAS may be missing)" }]);
    expect(file.rows[0]!.input).toMatchObject({ CRIM: 0.00632, CHAS: 0, RM: 6.575 });
  });

  it("reports every bad cell of a row, imputes missing optional features, accepts absent optional columns", () => {
    const header = HEADER.replace("ZN,", "");
    const file = parsePredictionCsv(`${header}\n${ROW.replace("18,", "").replace("0.538", "2").replace("296", "x")}\n${ROW.replace("18,", "").replace(",0,", ",,")}\n`, "t.csv");
    expect(file.rows[0]!.issues.map((i) => [i.column, i.value, i.reason])).toEqual([
      ["NOX", "2", "out of bounds: NOX must be > 0 and <= 1"],
      ["TAX", "x", "not a number"],
    ]);
    expect(file.rows[0]!.input).toBeNull();
    expect(file.rows[1]!.input).toMatchObject({ ZN: null, CHAS: null });
  });

  it("fails with the file and line for unknown, duplicate or missing columns", () => {
    expect(() => parsePredictionCsv(`${HEADER.replace("CHAS", "CHS")}\n${ROW}\n`, "t.csv")).toThrow(/t\.csv:1: unknown column "CHS" \(did you mean CHAS\?\)/);
    expect(() => parsePredictionCsv(`${HEADER},RM\n`, "t.csv")).toThrow(/column "RM" appears twice/);
    expect(() => parsePredictionCsv(`${HEADER.replace("CRIM,", "")}\n`, "t.csv")).toThrow(/lacks the required column CRIM/);
    expect(() => parsePredictionCsv("", "t.csv")).toThrow(CommandError);
    expect(() => parsePredictionCsv(`${HEADER}\n"unclosed`, "t.csv")).toThrow(/t\.csv:2: not a readable CSV/);
  });

  it("suggests a column only for a near miss", () => {
    expect(closestColumn("CHS")).toBe("CHAS");
    expect(closestColumn("lstat")).toBe("LSTAT");
    expect(closestColumn("PTRATI0")).toBe("PTRATIO");
    expect(closestColumn("neighbourhood")).toBeNull();
  });
});

describe("key files per database", () => {
  it("names the first-start key after the database", () => {
    expect(adminKeyFileFor("file:./data/domus.db")).toBe("data/domus.db.admin.key");
    expect(adminKeyFileFor("file:/var/lib/domus/prod.db")).toBe("/var/lib/domus/prod.db.admin.key");
    expect(adminKeyFileFor("file::memory:")).toBe("data/sqlite-memory.admin.key");
    expect(adminKeyFileFor("postgresql://u:secret@db.example.com:6543/domus?schema=staging")).toBe("data/postgresql-db.example.com-6543-domus-staging.admin.key");
    expect(adminKeyFileFor("postgres://localhost/domus")).toBe("data/postgresql-localhost-5432-domus.admin.key");
  });

  it("the CLI reads the key of DATABASE_URL's database; DOMUS_API_KEY and ADMIN_KEY_FILE win", () => {
    const files: Record<string, string> = { "data/domus.db.admin.key": "sqlite-key", "data/admin.key": "legacy-key", "data/postgresql-pg-5432-domus.admin.key": "pg-key", "mine.key": "my-key" };
    const read = (path: string) => files[path] ?? null;
    expect(loadClientConfig({}, read)).toMatchObject({ apiKey: "sqlite-key", apiKeySource: "data/domus.db.admin.key" });
    expect(loadClientConfig({ DATABASE_URL: "postgresql://pg/domus" }, read)).toMatchObject({ apiKey: "pg-key", apiKeySource: "data/postgresql-pg-5432-domus.admin.key" });
    expect(loadClientConfig({ DATABASE_URL: "postgresql://other/domus" }, read)).toMatchObject({ apiKey: null, keyFiles: ["data/postgresql-other-5432-domus.admin.key"] });
    expect(loadClientConfig({ ADMIN_KEY_FILE: "mine.key" }, read)).toMatchObject({ apiKey: "my-key", apiKeySource: "mine.key" });
    expect(loadClientConfig({ DOMUS_API_KEY: "env-key" }, read)).toMatchObject({ apiKey: "env-key", apiKeySource: "DOMUS_API_KEY" });
    // The key file name from before keys were per database, for the default database only.
    const legacyOnly = (path: string) => (path === "data/admin.key" ? "legacy-key" : null);
    expect(loadClientConfig({}, legacyOnly)).toMatchObject({ apiKey: "legacy-key", apiKeySource: "data/admin.key" });
  });
});

describe("CLI formatting", () => {
  it("aligns tables, numbers to the right when asked", () => {
    expect(table(["name", "n"], [["a", 1], ["bb", 10], ["c", null]], { rightAligned: [1] })).toBe(["name   n", "----  --", "a      1", "bb    10", "c      -"].join("\n"));
  });

  it("draws a bar proportional to the progress", () => {
    expect(progressBar(5, 10, 10)).toBe("[#####-----]  5/10");
    expect(progressBar(0, 0, 4)).toBe("[####] 0/0");
  });
});

describe("predictBatch", () => {
  const input = (RM: number) => ({ CRIM: 0.1, NOX: 0.5, RM, AGE: 60, DIS: 4, RAD: 1, TAX: 300, PTRATIO: 15, B: 390, LSTAT: 8 });
  /** A server that rejects, all or nothing, every input with RM above 9 (a rule the CLI does not know). */
  const fakeClient = (calls: number[][]) =>
    ({
      async mutate(_doc: unknown, variables: { inputs: { RM: number }[] }) {
        calls.push(variables.inputs.map((i) => i.RM));
        const bad = variables.inputs.map((i, k) => (i.RM > 9 ? k : -1)).filter((k) => k >= 0);
        if (bad.length) throw new DomusClientError("RM too large for this server", "BAD_USER_INPUT", bad.map((k) => `inputs.${k}.RM`), null, 400, bad.map((k) => ({ message: `row ${k}: RM too large`, extensions: { fields: [`inputs.${k}.RM`] } })));
        return { batchPredict: { modelVersion: 3, predictions: variables.inputs.map((i) => ({ value: i.RM * 2, imputedFeatures: [], outOfRangeFeatures: [] })) } };
      },
    }) as unknown as DomusClient;

  it("SKIP: sets aside the rows the server names and predicts the rest, in input order", async () => {
    const calls: number[][] = [];
    const results = await predictBatch(fakeClient(calls), [input(5), input(10), input(6), input(12)], undefined, "SKIP");
    expect(calls).toEqual([[5, 10, 6, 12], [5, 6]]);
    expect(results).toEqual([
      { prediction: { value: 10, modelVersion: 3, imputedFeatures: [], outOfRangeFeatures: [] } },
      { rejection: { fields: ["RM"], message: "row 1: RM too large" } },
      { prediction: { value: 12, modelVersion: 3, imputedFeatures: [], outOfRangeFeatures: [] } },
      { rejection: { fields: ["RM"], message: "row 3: RM too large" } },
    ]);
  });

  it("REJECT: the server's error propagates and nothing is resent", async () => {
    const calls: number[][] = [];
    await expect(predictBatch(fakeClient(calls), [input(5), input(10)], undefined, "REJECT")).rejects.toThrow(/RM too large/);
    expect(calls).toHaveLength(1);
  });
});
