/** Figures quoted in the docs equal the results files the benches wrote (scripts/docs-figures.mjs). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { checkFigures } from "../../scripts/docs-figures.mjs";

const check = checkFigures as (read?: (path: string) => string) => string[];
const read = (path: string) => readFileSync(path, "utf8");

describe("docs figures", () => {
  it("every quoted figure matches its results file, with the date and host of the run", () => {
    expect(check()).toEqual([]);
  });

  it("a figure changed in a doc is reported, naming the doc and the file it comes from", () => {
    // The quoted ratios as the results file has them (a re-run changes them; the test must not).
    const { ratios } = JSON.parse(read("test/fixtures/yardstick/results.json")) as { ratios: { wall: number; cpu: number } };
    const quoted = `**wall ${ratios.wall.toFixed(2)}×, CPU ${ratios.cpu.toFixed(2)}×**`;
    expect(read("docs/performance.md")).toContain(quoted);
    const changed = (path: string) => (path === "docs/performance.md" ? read(path).replace(quoted, "**wall 9.99×, CPU 9.99×**") : read(path));
    expect(check(changed)).toEqual([`docs/performance.md: expected, from test/fixtures/yardstick/results.json: ${quoted}`]);
  });

  it("a results file without its date and host is reported", () => {
    const undated = (path: string) => (path === "test/fixtures/hist/results.json" ? JSON.stringify({ ...JSON.parse(read(path)), measured: undefined }) : read(path));
    expect(check(undated)).toEqual(["test/fixtures/hist/results.json: no measured.date / measured.host"]);
  });
});
