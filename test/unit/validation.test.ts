import { describe, expect, it } from "vitest";
import { FEATURES, FEATURE_SPECS, withinBounds } from "../../pipeline/dataset.ts";
import type { FieldProblem } from "../../src/errors.ts";
import { parse } from "graphql";
import { fieldsFromMessage } from "../../src/errors.ts";
import { overTokenLimit } from "../../src/server/request-pipeline.ts";
import { compileFeatureValidator } from "../../src/modules/predictions/feature-validator.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";

const valid = { CRIM: 0.1, ZN: 18, INDUS: 2.31, CHAS: 0, NOX: 0.5, RM: 6, AGE: 65, DIS: 4, RAD: 1, TAX: 296, PTRATIO: 15, B: 396.9, LSTAT: 5 };
const validate = compileFeatureValidator();

function run(input: Record<string, unknown>) {
  const raw = new Float64Array(FEATURES.length);
  const problems: FieldProblem[] = [];
  validate(input, raw, "input", problems);
  return { raw, problems };
}

// Every hard bound of the contract, just outside and exactly on the edge.
const violations: [string, number][] = [
  ["CRIM", -0.001],
  ["ZN", -1],
  ["ZN", 100.5],
  ["INDUS", -0.1],
  ["INDUS", 101],
  ["CHAS", 0.5],
  ["CHAS", 2],
  ["NOX", 0],
  ["NOX", 1.01],
  ["RM", 0],
  ["RM", 20.1],
  ["AGE", -1],
  ["AGE", 100.1],
  ["DIS", 0],
  ["RAD", 0.99],
  ["TAX", 0],
  ["PTRATIO", 0],
  ["B", -0.1],
  ["B", 397],
  ["LSTAT", -1],
  ["LSTAT", 100.01],
];
const edges: [string, number][] = [
  ["CRIM", 0],
  ["ZN", 0],
  ["ZN", 100],
  ["CHAS", 1],
  ["NOX", 1],
  ["RM", 20],
  ["AGE", 100],
  ["RAD", 1],
  ["B", 0],
  ["B", 396.9],
  ["LSTAT", 100],
];

describe("compiled feature validator", () => {
  it("accepts a valid input and copies it in canonical order", () => {
    const { raw, problems } = run(valid);
    expect(problems).toEqual([]);
    expect(Array.from(raw)).toEqual(FEATURES.map((f) => valid[f]));
  });

  it.each(violations)("rejects %s = %s naming the field", (field, value) => {
    const { problems } = run({ ...valid, [field]: value });
    expect(problems.map((p) => p.field)).toEqual([`input.${field}`]);
    expect(problems[0]!.message).toContain(`got ${value}`);
    expect(withinBounds(FEATURE_SPECS.find((s) => s.name === field)!, value)).toBe(false);
  });

  it.each(edges)("accepts %s = %s on the edge of its bound", (field, value) => {
    expect(run({ ...valid, [field]: value }).problems).toEqual([]);
  });

  it("marks missing optional features NaN and reports missing required ones", () => {
    const { raw, problems } = run({ ...valid, ZN: null, INDUS: undefined, CHAS: null, RM: undefined });
    expect(problems.map((p) => p.field)).toEqual(["input.RM"]);
    expect(Number.isNaN(raw[1]!) && Number.isNaN(raw[2]!) && Number.isNaN(raw[3]!)).toBe(true);
  });

  it("reports every bad field of an input at once", () => {
    expect(run({ ...valid, CRIM: -1, NOX: 2, LSTAT: 101 }).problems.map((p) => p.field)).toEqual(["input.CRIM", "input.NOX", "input.LSTAT"]);
  });
});

describe("field paths from graphql-js messages", () => {
  it("turns coercion paths into the contract's dotted form", () => {
    expect(fieldsFromMessage('Variable "$inputs" got invalid value "x" at "inputs[3].RM"; Float cannot represent non numeric value: "x"')).toEqual(["inputs.3.RM"]);
    expect(fieldsFromMessage('Variable "$input" got invalid value { FOO: 1 }; Field "FOO" is not defined by type "HousingFeaturesInput".')).toEqual(["input.FOO"]);
    expect(fieldsFromMessage('Variable "$input" got invalid value {}; Field "RM" of required type "Float!" was not provided.')).toEqual(["input.RM"]);
    expect(fieldsFromMessage('Variable "$inputs" got invalid value {} at "inputs[0]"; Field "NOX" of required type "Float!" was not provided.')).toEqual(["inputs.0.NOX"]);
  });
});

describe("the token limit, told from other syntax errors by position", () => {
  const refusal = (query: string, max: number) => {
    try {
      parse(query, { maxTokens: max });
      return "parsed";
    } catch (err) {
      return overTokenLimit(query, err, max) ? "too many tokens" : "syntax error";
    }
  };
  it("names the limit only when the parser stopped at the token after it", () => {
    expect(refusal("{ a b c d }", 6)).toBe("parsed");
    expect(refusal("{ a b c d }", 5)).toBe("too many tokens");
    expect(refusal("# many\n# comments\n{ a # x\n b c d }", 5)).toBe("too many tokens");
    expect(refusal("{ a ! b c d e f g }", 5)).toBe("syntax error"); // fails at the 3rd token, before the limit
    expect(refusal("{ a b c d", 10)).toBe("syntax error");
    expect(refusal("{ a b c d e f", 5)).toBe("too many tokens"); // over the limit before its own error
    expect(refusal('{ a "unterminated', 10)).toBe("syntax error");
  });
});

describe("config", () => {
  it("has documented defaults", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.databaseUrl).toBe("file:./data/domus.db");
    expect(config.qualityGateMinR2).toBe(0.75);
    expect(config.qualityGateRmseTolerance).toBe(0);
    expect(config.driftSampleSize).toBe(0); // no drift reservoirs unless asked
    expect(loadConfig({ DRIFT_SAMPLE_SIZE: "5000" }).driftSampleSize).toBe(5000);
    expect(() => loadConfig({ DRIFT_SAMPLE_SIZE: "50" })).toThrow(/DRIFT_SAMPLE_SIZE.*0 \(no reservoir samples\) or an integer from 100/);
    expect(config.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }).introspection).toBe(false);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT must be an integer from 0 to 65535/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must start with file:/);
    expect(() => loadConfig({ NODE_ENV: "staging" })).toThrow(/NODE_ENV must be one of/);
    expect(() => loadConfig({ TRAIN_ON_START: "maybe" })).toThrow(/TRAIN_ON_START must be true or false/);
  });
});
