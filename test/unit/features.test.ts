/** The one feature spec and what derives from it: the GraphQL inputs, the README table, the batch readers. */
import { readFileSync, readdirSync } from "node:fs";
import { type GraphQLInputObjectType, buildSchema as buildSdl } from "graphql";
import { describe, expect, it } from "vitest";
import { EXAMPLE_ROW, FEATURES, FEATURE_SPECS, featureDocumentation, featuresMarkdownTable } from "../../pipeline/features.ts";
import { readHousingCsv } from "../../pipeline/dataset.ts";
import { parseColumnInputs, parseRowInputs } from "../../src/modules/predictions/feature-validator.ts";

const schema = buildSdl(readFileSync("schema/schema.graphql", "utf8"));
const valid = { CRIM: 0.1, ZN: 18, INDUS: 2.31, CHAS: 0, NOX: 0.5, RM: 6, AGE: 65, DIS: 4, RAD: 1, TAX: 296, PTRATIO: 15, B: 396.9, LSTAT: 5 };

describe("feature spec", () => {
  it("prose that counts the features says as many as the spec lists, and the example row is the dataset's first", () => {
    const files = ["README.md", "ARCHITECTURE.md", "data/README.md", ...readdirSync("docs").map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));
    const counts = files.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/(?<!of )\b(\d+) (?:Boston-housing )?features\b/g)].map((m) => `${f}: ${m[1]}`));
    expect(counts.filter((c) => !c.endsWith(`: ${FEATURES.length}`))).toEqual([]);
    const first = readHousingCsv("data/HousingData.csv").rows[0]!;
    expect(FEATURES.map((f) => EXAMPLE_ROW[f])).toEqual(first);
  });

  it("generates both GraphQL inputs: names, nullability and descriptions", () => {
    const rows = schema.getType("HousingFeaturesInput") as GraphQLInputObjectType;
    const columns = schema.getType("HousingColumnsInput") as GraphQLInputObjectType;
    expect(Object.keys(rows.getFields())).toEqual([...FEATURES]);
    expect(Object.keys(columns.getFields())).toEqual([...FEATURES]);
    for (const spec of FEATURE_SPECS) {
      expect(String(rows.getFields()[spec.name]!.type)).toBe(spec.optional ? "Float" : "Float!");
      expect(String(columns.getFields()[spec.name]!.type)).toBe(spec.optional ? "[Float]" : "[Float!]!");
      expect(rows.getFields()[spec.name]!.description).toBe(featureDocumentation(spec));
    }
    // The contract's wording, derived: "nitric-oxide concentration (parts per 10 million), > 0 and <= 1".
    expect(rows.getFields().NOX!.description).toBe("nitric-oxide concentration (parts per 10 million), > 0 and <= 1");
    expect(rows.getFields().CHAS!.description).toBe("Charles River dummy, exactly 0 or 1 (optional: imputed)");
  });

  it("keeps docs/api.md feature table equal to the spec", () => {
    expect(readFileSync("docs/api.md", "utf8")).toContain(featuresMarkdownTable());
  });
});

describe("batch readers", () => {
  it("read rows and columns into the same canonical matrix", () => {
    const second = { ...valid, RM: 7, ZN: null };
    const byRows = parseRowInputs([valid, second]);
    const byColumns = parseColumnInputs(Object.fromEntries(FEATURES.map((f) => [f, [valid[f], second[f]]])));
    expect(byRows.rowProblems).toEqual([]);
    expect(byColumns.rowProblems).toEqual([]);
    expect(byColumns.rows).toBe(2);
    expect(Array.from(byColumns.matrix)).toEqual(Array.from(byRows.matrix));
    expect(byRows.matrix[FEATURES.length + FEATURES.indexOf("ZN")]).toBeNaN();
  });

  it("name every bad cell by row and feature, in input order", () => {
    const columns = Object.fromEntries(FEATURES.map((f) => [f, [valid[f], valid[f], valid[f]]])) as Record<string, unknown[]>;
    columns.RM = [6, -1, "7"];
    columns.CRIM = [null, 0.1, 0.1];
    const parsed = parseColumnInputs(columns);
    expect(parsed.shapeProblems).toEqual([]);
    expect(parsed.rowProblems.map((p) => [p.row, p.field])).toEqual([
      [0, "input.CRIM.0"],
      [1, "input.RM.1"],
      [2, "input.RM.2"],
    ]);
    expect(parsed.rowProblems[2]!.message).toBe('RM must be > 0 and <= 20, got "7"');
  });

  it("report the request's shape apart from its rows", () => {
    expect(parseColumnInputs(null).shapeProblems.map((p) => p.field)).toEqual(["input"]);
    expect(parseRowInputs(null).shapeProblems.map((p) => p.field)).toEqual(["inputs"]);
    const ragged = parseColumnInputs({ ...Object.fromEntries(FEATURES.map((f) => [f, [valid[f], valid[f]]])), LSTAT: [5] });
    expect(ragged.shapeProblems.map((p) => p.field)).toEqual(["input.LSTAT"]);
    const rows = parseRowInputs([valid, 3, { ...valid, SQFT: 1 }]);
    expect(rows.rowProblems.map((p) => p.field)).toEqual(["inputs.1", "inputs.2.SQFT"]);
  });
});
