import { describe, expect, it } from "vitest";
import {
  escapeXml,
  featureImportancePlot,
  formatNumber,
  formatSignificant,
  niceTicks,
  predictedVsActualPlot,
  residualsPlot,
  searchProgressPlot,
  shapSummaryPlot,
} from "../../pipeline/plots.ts";

// ---------------------------------------------------------------------------------------------
// A tiny XML well-formedness checker: every tag is syntactically valid with quoted, properly
// escaped attribute values and no duplicates; tags balance under one <svg> root; text holds no
// raw "<" and only known entities.

const ENTITY = String.raw`&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);`;
const ATTR_VALUE = new RegExp(String.raw`^(?:[^"<&]|${ENTITY})*$`);
const TEXT = new RegExp(String.raw`^(?:[^<&]|${ENTITY})*$`);
const TAG = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"]*")*)\s*(\/?)>$/;

function assertWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const stack: string[] = [];
  let closedRoot = false;
  let position = 0;
  for (const match of svg.matchAll(/<[^>]*>/g)) {
    const between = svg.slice(position, match.index);
    expect(between, `text before ${match[0]}`).toMatch(TEXT);
    if (stack.length === 0) expect(between.trim(), "text outside the root").toBe("");
    position = match.index + match[0].length;

    const tag = TAG.exec(match[0]);
    expect(tag, `malformed tag ${match[0]}`).not.toBeNull();
    const [, closing, name, attributeText, selfClosing] = tag as RegExpExecArray;
    expect(closedRoot, `${match[0]} after the root closed`).toBe(false);
    const names = new Set<string>();
    for (const [, attrName, value] of (attributeText ?? "").matchAll(/([A-Za-z_:][\w:.-]*)="([^"]*)"/g)) {
      expect(names.has(attrName as string), `duplicate ${attrName} in ${match[0]}`).toBe(false);
      names.add(attrName as string);
      expect(value, `attribute ${attrName} in ${match[0]}`).toMatch(ATTR_VALUE);
    }
    if (closing) {
      expect(stack.pop(), `unbalanced </${name}>`).toBe(name);
      if (stack.length === 0) closedRoot = true;
    } else if (!selfClosing) {
      if (stack.length === 0) expect(name).toBe("svg");
      stack.push(name as string);
    }
  }
  expect(stack).toEqual([]);
  expect(closedRoot).toBe(true);
  expect(svg.slice(position).trim()).toBe("");
}

/** Attribute values (including path data) hold no number with more than 2 decimals, and no NaN. */
function assertCompactNumbers(svg: string): void {
  for (const [, value] of svg.matchAll(/="([^"]*)"/g)) {
    expect(value, "attribute with a long decimal").not.toMatch(/\d\.\d{3,}/);
    expect(value).not.toMatch(/NaN|Infinity/);
  }
}

function pointsIn(svg: string): number {
  const group = /<g class="points"[^>]*>([\s\S]*?)<\/g>/.exec(svg);
  return group ? (group[1] ?? "").split("<circle").length - 1 : 0;
}

function attributeOf(tag: string, name: string): number {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return Number(match?.[1]);
}

// ---------------------------------------------------------------------------------------------
// Fixtures (deterministic)

function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const random = lcg(42);
const actual = Array.from({ length: 120 }, () => 5 + random() * 45);
const predicted = actual.map((a) => a + (random() - 0.5) * 8);
const FEATURES = ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT"];

function shapFixture(rows: number, features: readonly string[]): { shap: number[][]; values: number[][] } {
  const next = lcg(7);
  const values = Array.from({ length: rows }, () => features.map(() => next() * 10));
  const shap = values.map((row) => row.map((v, j) => (v - 5) * (features.length - j) * 0.1));
  return { shap, values };
}

const { shap: SHAP, values: VALUES } = shapFixture(150, FEATURES);
const importance = FEATURES.map((_, j) => SHAP.reduce((sum, row) => sum + Math.abs(row[j] as number), 0) / SHAP.length);
const scores = [5.9, 5.1, 5.3, 4.95, 6.4, 4.9, 5.0, 4.87, 5.2, 7.1, 4.88, 4.86, 5.05];

const allPlots = (): Record<string, string> => ({
  predictedVsActual: predictedVsActualPlot({ actual, predicted }),
  residuals: residualsPlot({ actual, predicted }),
  featureImportance: featureImportancePlot({ features: FEATURES, values: importance }),
  shapSummary: shapSummaryPlot({ features: FEATURES, shap: SHAP, values: VALUES }),
  searchProgress: searchProgressPlot({ scores }),
});

// ---------------------------------------------------------------------------------------------

describe("helpers", () => {
  it("escapes markup, quotes, control characters and non-ASCII", () => {
    expect(escapeXml(`<x&"y>'`)).toBe("&lt;x&amp;&quot;y&gt;&apos;");
    expect(escapeXml("R² · ü")).toBe("R&#xB2; &#xB7; &#xFC;");
    expect(escapeXml("a\u0000b\u0007c\td")).toBe("ab" + "c\td");
    expect(escapeXml("\uD83D")).toBe("&#xFFFD;");
  });

  it("formats numbers without binary noise or negative zero", () => {
    expect(formatNumber(0.1 + 0.2, 2)).toBe("0.30");
    expect(formatNumber(0.1 + 0.2, 1)).toBe("0.3");
    expect(formatNumber(-0.0001, 2)).toBe("0.00");
    expect(formatSignificant(4.87349)).toBe("4.87");
    expect(formatSignificant(0.741493)).toBe("0.741");
    expect(formatSignificant(9.9961)).toBe("10.0");
    expect(formatSignificant(-0.52)).toBe("-0.520");
    expect(formatSignificant(0)).toBe("0");
  });

  it("puts ticks on 1, 2 or 5 × 10^k and prints them exactly", () => {
    const ranges: [number, number][] = [
      [0, 1],
      [0, 0.3],
      [-17.3, 42.1],
      [3.65, 51.35],
      [0.000013, 0.00041],
      [120_000, 1_000_000],
      [-1e-3, 1e-3],
      [7, 7],
      [0, 0],
    ];
    for (const [min, max] of ranges) {
      for (const target of [2, 5, 7]) {
        const ticks = niceTicks(min, max, target);
        const exponent = Math.floor(Math.log10(ticks.step) + 1e-9);
        const mantissa = Math.round(ticks.step / 10 ** exponent);
        expect([1, 2, 5], `step ${ticks.step} for [${min}, ${max}]`).toContain(mantissa);
        expect(ticks.values.length).toBeGreaterThanOrEqual(1);
        for (const value of ticks.values) {
          expect(Math.abs(value / ticks.step - Math.round(value / ticks.step))).toBeLessThan(1e-9);
          const label = formatNumber(value, ticks.decimals);
          expect(Number(label)).toBe(value);
          expect(label.length, label).toBeLessThanOrEqual(10);
        }
        if (min !== max) {
          expect(ticks.values[0]).toBeGreaterThanOrEqual(min - 1e-12);
          expect(ticks.values.at(-1)).toBeLessThanOrEqual(max + 1e-12);
        }
      }
    }
    expect(niceTicks(0, 0.3, 3).values).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0.5, 200.5, 7, 1).step).toBeGreaterThanOrEqual(1);
    expect(niceTicks(0.5, 3.5, 10, 1).values).toEqual([1, 2, 3]);
    expect(niceTicks(NaN, Infinity).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe("the well-formedness checker", () => {
  it("rejects broken documents", () => {
    const root = '<svg xmlns="http://www.w3.org/2000/svg">';
    expect(() => assertWellFormed(`${root}</svg>`)).not.toThrow();
    for (const broken of [
      `${root}<text a="x"y">t</text></svg>`, // stray quote in an attribute
      `${root}<text a="1" a="2">t</text></svg>`, // duplicate attribute
      `${root}<text>a & b</text></svg>`, // raw ampersand
      `${root}<text>a < b</text></svg>`, // raw "<"
      `${root}<g><text>t</g></text></svg>`, // crossed tags
      `${root}<g>`, // unclosed
      `${root}</svg><svg xmlns="http://www.w3.org/2000/svg"></svg>`, // two roots
    ]) {
      expect(() => assertWellFormed(broken), broken).toThrow();
    }
  });
});

describe("every plot", () => {
  it("is a well-formed, compact, standalone 720×480 SVG with a viewBox", () => {
    for (const [name, svg] of Object.entries(allPlots())) {
      assertWellFormed(svg);
      assertCompactNumbers(svg);
      expect(svg, name).toContain('viewBox="0 0 720 480"');
      expect(svg, name).toMatch(/^<svg[^>]* width="720" height="480"/);
      expect(svg, name).not.toMatch(/[^\x09\x0A\x0D\x20-\x7E]/); // pure ASCII
    }
  });

  it("is deterministic", () => {
    const first = allPlots();
    const second = allPlots();
    for (const name of Object.keys(first)) expect(second[name], name).toBe(first[name]);
  });

  it("says 'No data' for empty input and stays well-formed", () => {
    const empties = [
      predictedVsActualPlot({ actual: [], predicted: [] }),
      residualsPlot({ actual: [], predicted: [] }),
      featureImportancePlot({ features: [], values: [] }),
      shapSummaryPlot({ features: [], shap: [], values: [] }),
      shapSummaryPlot({ features: ["a"], shap: [], values: [] }),
      searchProgressPlot({ scores: [] }),
      predictedVsActualPlot({ actual: [NaN, Infinity], predicted: [1, 2] }),
      searchProgressPlot({ scores: [NaN] }),
    ];
    for (const svg of empties) {
      assertWellFormed(svg);
      expect(svg).toContain(">No data</text>");
      expect(pointsIn(svg)).toBe(0);
    }
    expect(empties[6]).toContain("2 pairs with NaN/Infinity omitted");
  });

  it("copes with constant input by padding the range", () => {
    const constant = [
      predictedVsActualPlot({ actual: [3, 3, 3], predicted: [3, 3, 3] }),
      residualsPlot({ actual: [3, 3, 3], predicted: [3, 3, 3] }),
      featureImportancePlot({ features: ["a", "b"], values: [0, 0] }),
      shapSummaryPlot({ features: ["a", "b"], shap: [[0, 0], [0, 0]], values: [[1, 1], [1, 1]] }),
      searchProgressPlot({ scores: [4, 4, 4] }),
    ];
    for (const svg of constant) {
      assertWellFormed(svg);
      assertCompactNumbers(svg);
      expect(svg).not.toContain("No data");
    }
    expect(pointsIn(constant[0] as string)).toBe(3);
    expect(constant[0]).toContain("R&#xB2; n/a");
  });

  it("escapes feature names and titles", () => {
    const nasty = '<x&"y>';
    const svgs = [
      featureImportancePlot({ features: [nasty, "b"], values: [1, 2], title: `<script>${nasty}` }),
      shapSummaryPlot({ features: [nasty, "b"], shap: [[1, 2], [3, 4]], values: [[1, 2], [3, 4]], title: nasty }),
      predictedVsActualPlot({ actual: [1, 2], predicted: [1, 2], title: nasty, unit: "£ & €" }),
      residualsPlot({ actual: [1, 2], predicted: [1, 2], title: nasty }),
      searchProgressPlot({ scores: [1, 2], title: nasty, metricLabel: nasty }),
    ];
    for (const svg of svgs) {
      assertWellFormed(svg);
      expect(svg).toContain("&lt;x&amp;&quot;y&gt;");
      expect(svg).not.toContain(nasty);
    }
    expect(svgs[0]).not.toContain("<script");
    expect(svgs[2]).toContain("&#xA3; &amp; &#x20AC;");
  });

  it("refuses arrays of different lengths", () => {
    expect(() => predictedVsActualPlot({ actual: [1, 2], predicted: [1] })).toThrow(RangeError);
    expect(() => residualsPlot({ actual: [1], predicted: [] })).toThrow(RangeError);
    expect(() => featureImportancePlot({ features: ["a"], values: [] })).toThrow(RangeError);
    expect(() => shapSummaryPlot({ features: ["a", "b"], shap: [[1, 2]], values: [[1]] })).toThrow(RangeError);
    expect(() => shapSummaryPlot({ features: ["a"], shap: [[1]], values: [] })).toThrow(RangeError);
  });
});

describe("predictedVsActualPlot", () => {
  it("labels the axes, reports RMSE and R², and draws one circle per pair", () => {
    const svg = predictedVsActualPlot({ actual, predicted });
    expect(svg).toContain(">Predicted vs actual MEDV</text>");
    expect(svg).toContain(">Actual MEDV ($1000s)</text>");
    expect(svg).toContain(">Predicted MEDV ($1000s)</text>");
    expect(pointsIn(svg)).toBe(actual.length);

    // squared errors 0, 0, 0, 1 → RMSE 0.5; SS_tot 5 → R² 0.8
    const small = predictedVsActualPlot({ actual: [1, 2, 3, 4], predicted: [1, 2, 3, 5], unit: "k" });
    expect(small).toContain("RMSE 0.500 k &#xB7; R&#xB2; 0.800 &#xB7; n = 4");
    expect(small).toContain(">Actual MEDV (k)</text>");
  });

  it("draws y = x corner to corner of a square frame (equal axis ranges)", () => {
    const svg = predictedVsActualPlot({ actual, predicted });
    const diagonal = /<line[^>]*stroke-dasharray[^>]*\/>/.exec(svg)?.[0] ?? "";
    const width = attributeOf(diagonal, "x2") - attributeOf(diagonal, "x1");
    const height = attributeOf(diagonal, "y1") - attributeOf(diagonal, "y2");
    expect(width).toBeGreaterThan(200);
    expect(Math.abs(width - height)).toBeLessThanOrEqual(0.02);
  });

  it("drops non-finite pairs and says how many", () => {
    const svg = predictedVsActualPlot({ actual: [1, 2, NaN, 4, 5], predicted: [1, Infinity, 3, 4, 6] });
    assertWellFormed(svg);
    expect(pointsIn(svg)).toBe(3);
    expect(svg).toContain("n = 3 &#xB7; 2 pairs with NaN/Infinity omitted");
  });
});

describe("residualsPlot", () => {
  it("plots actual − predicted against predicted with a zero line", () => {
    const svg = residualsPlot({ actual, predicted });
    expect(svg).toContain(">Predicted MEDV ($1000s)</text>");
    expect(svg).toContain(">Residual ($1000s)</text>");
    expect(pointsIn(svg)).toBe(actual.length);
    const zero = /<line[^>]*stroke-dasharray[^>]*\/>/.exec(svg)?.[0] ?? "";
    expect(attributeOf(zero, "y1")).toBe(attributeOf(zero, "y2"));
  });
});

describe("featureImportancePlot", () => {
  it("sorts bars descending with names on the left and values at the bar ends", () => {
    const svg = featureImportancePlot({ features: ["a", "b", "c", "d"], values: [0.2, 1.5, 0.1 + 0.2, 0.9] });
    assertWellFormed(svg);
    expect(svg).toContain(">mean |SHAP value| ($1000s)</text>");
    const bars = /<g class="bars"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? "";
    const rects = bars.match(/<rect[^>]*\/>/g) ?? [];
    expect(rects).toHaveLength(4);
    const widths = rects.map((r) => attributeOf(r, "width"));
    const ys = rects.map((r) => attributeOf(r, "y"));
    expect(widths).toEqual([...widths].sort((p, q) => q - p));
    expect(ys).toEqual([...ys].sort((p, q) => p - q));
    const names = [...svg.matchAll(/text-anchor="end" fill="#222222">([a-d])<\/text>/g)].map((m) => m[1]);
    expect(names).toEqual(["b", "d", "c", "a"]);
    expect(svg).toContain(">0.30</text>"); // not 0.30000000000000004
    expect(svg).toContain(">1.50</text>");
  });

  it("keeps the largest maxFeatures bars and notes the rest", () => {
    const features = Array.from({ length: 30 }, (_, i) => `f${i}`);
    const svg = featureImportancePlot({ features, values: features.map((_, i) => i), maxFeatures: 5 });
    expect(svg).toContain("Top 5 of 30 features");
    expect(svg).toContain(">f29</text>");
    expect(svg).not.toContain(">f24</text>");
  });
});

describe("shapSummaryPlot", () => {
  it("orders rows by mean |SHAP|, draws one dot per (row, feature) and a colour-bar legend", () => {
    const svg = shapSummaryPlot({ features: FEATURES, shap: SHAP, values: VALUES });
    expect(svg).toContain(">SHAP value (impact on MEDV, $1000s)</text>");
    expect(svg).toContain(">Feature value</text>");
    expect(svg).toContain(">low</text>");
    expect(svg).toContain(">high</text>");
    expect(pointsIn(svg)).toBe(150 * FEATURES.length);
    // The fixture's SHAP scale falls with the column index, so names appear in input order.
    const names = [...svg.matchAll(/text-anchor="end" fill="#222222">([A-Z]+)<\/text>/g)].map((m) => m[1]);
    expect(names).toEqual(FEATURES);
  });

  it("keeps the top maxFeatures features and caps the rows by taking every k-th", () => {
    const features = Array.from({ length: 20 }, (_, i) => `feature${i}`);
    const { shap, values } = shapFixture(1200, features);
    const capped = shapSummaryPlot({ features, shap, values });
    assertWellFormed(capped);
    // default 13 features; 1200 rows over the 500 cap → every 3rd row → 400 rows.
    expect(pointsIn(capped)).toBe(400 * 13);
    expect(capped).toContain("every 3rd of 1200 rows (400 drawn)");
    expect(capped).toContain("top 13 of 20 features");
    expect(capped).not.toContain(">feature13</text>");

    const fewer = shapSummaryPlot({ features, shap, values, maxFeatures: 4, maxRows: 100 });
    expect(pointsIn(fewer)).toBe(100 * 4);
  });

  it("skips non-finite SHAP values and greys out missing feature values", () => {
    const svg = shapSummaryPlot({
      features: ["a", "b"],
      shap: [[1, NaN], [2, 3], [-1, 0.5]],
      values: [[1, 2], [NaN, 3], [0, 4]],
    });
    assertWellFormed(svg);
    expect(pointsIn(svg)).toBe(5);
    expect(svg).toContain("1 value with NaN/Infinity omitted");
    expect(svg).toContain('fill="#999999"');
  });
});

describe("searchProgressPlot", () => {
  it("draws every candidate, the best-so-far line and annotates the best", () => {
    const svg = searchProgressPlot({ scores });
    expect(svg).toContain(">Candidate (search order)</text>");
    expect(svg).toContain(">CV RMSE ($1000s)</text>");
    expect(pointsIn(svg)).toBe(scores.length);
    expect(svg).toContain(">best #12: 4.86</text>");
    expect(svg).toContain("best 4.86 at candidate #12");
    // Step line: only horizontal and vertical segments.
    const d = /<path d="([^"]*)"/.exec(svg)?.[1] ?? "";
    expect(d).toMatch(/^M[\d.]+ [\d.]+(?:[HV][\d.]+)+$/);
  });

  it("supports higher-is-better scores and skips non-finite ones", () => {
    const svg = searchProgressPlot({ scores: [0.6, NaN, 0.8, 0.7], lowerIsBetter: false, metricLabel: "CV R²" });
    assertWellFormed(svg);
    expect(pointsIn(svg)).toBe(3);
    expect(svg).toContain(">best #3: 0.800</text>");
    expect(svg).toContain("1 candidate with NaN/Infinity omitted");
    expect(svg).toContain(">CV R&#xB2;</text>");
  });
});
