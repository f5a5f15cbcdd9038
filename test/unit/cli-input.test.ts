/** The CLI's pure parts: reading rows to predict, header typos, key files per database, tables. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DomusClient, DomusClientError } from "../../src/client/index.ts";
import { predictBatch } from "../../src/commands/predict-batch.ts";
import { closestColumn, parsePredictionCsv } from "../../src/commands/predict-csv.ts";
import { CommandError } from "../../src/commands/args.ts";
import { progressBar, table } from "../../src/commands/format.ts";
import { adminKeyFileFor, loadClientConfig } from "../../src/config.ts";
import { writeUserConfig } from "../../src/user-config.ts";

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
      ["TAX", "x", "not a decimal number"],
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
    const none = { DOMUS_USER_CONFIG: "off" };
    expect(loadClientConfig(none, read)).toMatchObject({ apiKey: "sqlite-key", apiKeySource: "data/domus.db.admin.key" });
    expect(loadClientConfig({ ...none, DATABASE_URL: "postgresql://pg/domus" }, read)).toMatchObject({ apiKey: "pg-key", apiKeySource: "data/postgresql-pg-5432-domus.admin.key" });
    expect(loadClientConfig({ ...none, DATABASE_URL: "postgresql://other/domus" }, read)).toMatchObject({ apiKey: null, keyFiles: ["data/postgresql-other-5432-domus.admin.key"] });
    expect(loadClientConfig({ ...none, ADMIN_KEY_FILE: "mine.key" }, read)).toMatchObject({ apiKey: "my-key", apiKeySource: "mine.key" });
    expect(loadClientConfig({ ...none, DOMUS_API_KEY: "env-key" }, read)).toMatchObject({ apiKey: "env-key", apiKeySource: "DOMUS_API_KEY" });
    // The key file name from before keys were per database, for the default database only.
    const legacyOnly = (path: string) => (path === "data/admin.key" ? "legacy-key" : null);
    expect(loadClientConfig(none, legacyOnly)).toMatchObject({ apiKey: "legacy-key", apiKeySource: "data/admin.key" });
  });
});

describe("the per-user config", () => {
  it("sits under XDG_CONFIG_HOME, else ~/.config; flag > environment > per-user config > defaults", () => {
    const xdg = mkdtempSync(join(tmpdir(), "domus-xdg-"));
    try {
      const path = join(xdg, "domus", "config.json");
      writeUserConfig(path, { url: "http://127.0.0.1:4321", keyFile: "/srv/domus/data/domus.db.admin.key", database: "/srv/domus/data/domus.db", startedAt: new Date().toISOString() });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(xdg, "domus")).mode & 0o777).toBe(0o700);
      expect(readFileSync(path, "utf8")).not.toMatch(/domus_[A-Za-z0-9]/); // a path, never a secret
      const files: Record<string, string> = { "/srv/domus/data/domus.db.admin.key": "served-key", "data/domus.db.admin.key": "cwd-key", "other.db.admin.key": "other-key" };
      const read = (p: string) => files[p] ?? null;
      const env = { XDG_CONFIG_HOME: xdg, HOME: "/nonexistent" };
      expect(loadClientConfig(env, read)).toMatchObject({ url: "http://127.0.0.1:4321", urlSource: path, apiKey: "served-key", apiKeySource: "/srv/domus/data/domus.db.admin.key" });
      expect(loadClientConfig({ HOME: xdg }, read)).toMatchObject({ url: "http://127.0.0.1:4000", apiKey: "cwd-key", userConfig: { path: join(xdg, ".config", "domus", "config.json"), found: false } });
      // The environment wins: DOMUS_URL, DOMUS_API_KEY, a DATABASE_URL naming its own key file.
      expect(loadClientConfig({ ...env, DOMUS_URL: "http://h:1", DOMUS_API_KEY: "env-key" }, read)).toMatchObject({ url: "http://h:1", urlSource: "DOMUS_URL", apiKey: "env-key", keyBoundTo: null });
      expect(loadClientConfig(env, read)).toMatchObject({ keyBoundTo: "http://127.0.0.1:4321" });
      // That server's admin key is never sent to another one.
      expect(loadClientConfig({ ...env, DOMUS_URL: "http://staging.example.com" }, read)).toMatchObject({ apiKey: "cwd-key", keyFiles: ["data/domus.db.admin.key", "data/admin.key"] });
      expect(loadClientConfig({ ...env, DATABASE_URL: "file:./other.db" }, read)).toMatchObject({ url: "http://127.0.0.1:4321", apiKey: "other-key" });
      // The per-user config's key file gone: the cwd's default key file, then the legacy name.
      expect(loadClientConfig(env, (p) => (p === "data/admin.key" ? "legacy" : null))).toMatchObject({ apiKey: "legacy", keyFiles: ["/srv/domus/data/domus.db.admin.key", "data/domus.db.admin.key", "data/admin.key"] });
      expect(loadClientConfig({ ...env, DOMUS_USER_CONFIG: "off" }, read)).toMatchObject({ url: "http://127.0.0.1:4000", apiKey: "cwd-key", userConfig: null });
      writeFileSync(path, "{ not json");
      expect(() => loadClientConfig(env, read)).toThrow(new RegExp(`DOMUS_USER_CONFIG the per-user config ${path} is not valid JSON`));
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
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
  const input = (RM: number, more: { ZN?: number | null; TAX?: number } = {}) => ({ CRIM: 0.1, NOX: 0.5, RM, AGE: 60, DIS: 4, RAD: 1, TAX: 300, PTRATIO: 15, B: 390, LSTAT: 8, ...more });
  type Variables = { input: Record<string, (number | null)[]>; modelVersion?: number; onInvalid: "REJECT" | "SKIP" };
  /**
   * A columnar server with rules the CLI does not know: RM above 9 or TAX above 700 makes a row
   * invalid (errors as the server words them), RM above 8 is out of range, a missing ZN imputed.
   */
  const fakeClient = (calls: Variables[]) =>
    ({
      async mutate(_doc: unknown, variables: Variables) {
        calls.push(variables);
        const { RM, TAX, ZN } = variables.input as { RM: number[]; TAX: number[]; ZN?: (number | null)[] };
        const errors = RM.flatMap((rm, row) => {
          const bad = [...(rm > 9 ? [[`input.RM.${row}`, `RM must be <= 9, got ${rm}`]] : []), ...((TAX[row] as number) > 700 ? [[`input.TAX.${row}`, "TAX must be <= 700; sorry"]] : [])];
          return bad.length ? [{ row, fields: bad.map(([f]) => f as string), message: bad.map(([f, m]) => `${f}: ${m}`).join("; ") }] : [];
        });
        if (errors.length && variables.onInvalid === "REJECT") throw new DomusClientError(errors[0]!.message, "BAD_USER_INPUT", errors.flatMap((e) => e.fields), null, 200, []);
        const rows = RM.flatMap((_, row) => (errors.some((e) => e.row === row) ? [] : [row]));
        const imputedRows = rows.filter((row) => ZN?.[row] == null);
        const outOfRangeRows = rows.filter((row) => (RM[row] as number) > 8);
        return {
          batchPredictColumns: {
            count: rows.length,
            modelVersion: 3,
            values: rows.map((row) => (RM[row] as number) * 2),
            ids: rows.map((row) => `p${row}`),
            rows,
            imputedRows,
            imputedFeatures: imputedRows.map(() => ["ZN"]),
            outOfRangeRows,
            outOfRangeFeatures: outOfRangeRows.map(() => ["RM"]),
            errors,
          },
        };
      },
    }) as unknown as DomusClient;

  it("sends columns with onInvalid SKIP and maps values, flags and errors back to the input rows", async () => {
    const calls: Variables[] = [];
    const results = await predictBatch(fakeClient(calls), [input(5, { ZN: 12 }), input(10), input(8.5, { ZN: null }), input(12, { TAX: 711 }), input(6, { ZN: 0 })], 3, "SKIP");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ modelVersion: 3, onInvalid: "SKIP" });
    expect(calls[0]!.input.RM).toEqual([5, 10, 8.5, 12, 6]);
    expect(calls[0]!.input.ZN).toEqual([12, null, null, null, 0]);
    expect(results).toEqual([
      { prediction: { id: "p0", value: 10, modelVersion: 3, imputedFeatures: [], outOfRangeFeatures: [] } },
      { rejection: { problems: [{ feature: "RM", reason: "RM must be <= 9, got 10" }] } },
      { prediction: { id: "p2", value: 17, modelVersion: 3, imputedFeatures: ["ZN"], outOfRangeFeatures: ["RM"] } },
      {
        rejection: {
          problems: [
            { feature: "RM", reason: "RM must be <= 9, got 12" },
            { feature: "TAX", reason: "TAX must be <= 700; sorry" },
          ],
        },
      },
      { prediction: { id: "p4", value: 12, modelVersion: 3, imputedFeatures: [], outOfRangeFeatures: [] } },
    ]);
  });

  it("REJECT: the server's error propagates", async () => {
    const calls: Variables[] = [];
    await expect(predictBatch(fakeClient(calls), [input(5), input(10)], undefined, "REJECT")).rejects.toThrow(/RM must be <= 9/);
    expect(calls.map((c) => c.onInvalid)).toEqual(["REJECT"]);
  });

  it("fails when the answer leaves a row out", async () => {
    const client = { mutate: async () => ({ batchPredictColumns: { modelVersion: 1, values: [1], ids: ["p0"], rows: [0], imputedRows: [], imputedFeatures: [], outOfRangeRows: [], outOfRangeFeatures: [], errors: [] } }) } as unknown as DomusClient;
    await expect(predictBatch(client, [input(5), input(6)], undefined, "SKIP")).rejects.toThrow(/none for row 1/);
  });
});
