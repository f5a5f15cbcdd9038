/**
 * Dependency-free SVG plots for training-run artifacts (served as image/svg+xml).
 *
 * Every plot is a pure function of its options: no I/O, no clock, no randomness, so the same input
 * gives a byte-identical document. Documents are 720×480 with a viewBox (they scale), pure ASCII
 * (anything else is written as a character reference, so a wrong charset cannot garble them),
 * coordinates rounded to 2 decimals, and colours from the Okabe–Ito palette, which stays
 * distinguishable under the common colour-vision deficiencies.
 *
 * Degenerate input is drawn, not thrown: no usable values give a valid "No data" document,
 * non-finite values are dropped and counted in the subtitle, constant values get a padded range.
 * Programmer errors (arrays of different lengths, ragged matrices) throw a RangeError.
 */
import { r2, rmse } from "./metrics.ts";

const WIDTH = 720;
const HEIGHT = 480;
const EDGE = 16;
const HEADER_HEIGHT = 64;
const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Okabe & Ito (2008), "Color Universal Design". */
export const PALETTE = {
  blue: "#0072B2",
  orange: "#E69F00",
  vermillion: "#D55E00",
  green: "#009E73",
  skyBlue: "#56B4E9",
  purple: "#CC79A7",
} as const;
const INK = "#222222";
const MUTED = "#555555";
const AXIS = "#444444";
const GRID = "#e5e5e5";

const SIZE = { title: 16, subtitle: 12, axisLabel: 13, tick: 11, category: 12, annotation: 11 } as const;

// ---------------------------------------------------------------------------------------------
// Options

export interface PredictedVsActualOptions {
  actual: readonly number[];
  predicted: readonly number[];
  title?: string;
  /** Unit of the target, shown in axis labels. Default "$1000s". */
  unit?: string;
  /** Name of the target, shown in axis labels. Default "MEDV". */
  target?: string;
}

export type ResidualsOptions = PredictedVsActualOptions;

export interface FeatureImportanceOptions {
  features: readonly string[];
  values: readonly number[];
  title?: string;
  /** x-axis label. Default "mean |SHAP value| ($1000s)". */
  valueLabel?: string;
  /** Bars beyond this many (smallest values) are left out, so names never overlap. Default 20. */
  maxFeatures?: number;
}

export interface ShapSummaryOptions {
  features: readonly string[];
  /** rows × features SHAP values. */
  shap: readonly (readonly number[])[];
  /** rows × features feature values, same shape as `shap`; they only colour the dots. */
  values: readonly (readonly number[])[];
  title?: string;
  /** Rows of the beeswarm: the features with the largest mean |SHAP|. Default 13. */
  maxFeatures?: number;
  /** Above this many rows every k-th row is drawn, keeping files small. Default 500. */
  maxRows?: number;
  /** Default "$1000s". */
  unit?: string;
  /** Default "MEDV". */
  target?: string;
}

export interface SearchProgressOptions {
  /** Cross-validated score per candidate, in search order. */
  scores: readonly number[];
  title?: string;
  /** y-axis label. Default "CV RMSE ($1000s)". */
  metricLabel?: string;
  /** Default true (RMSE); set false for scores such as R². */
  lowerIsBetter?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Text and number helpers

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Escapes text for element content and attribute values alike. Characters XML 1.0 forbids are
 * dropped (lone surrogates become U+FFFD) and non-ASCII becomes a numeric character reference.
 */
export function escapeXml(text: string): string {
  let out = "";
  for (const ch of text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")) {
    const code = ch.codePointAt(0) ?? 0;
    const escaped = XML_ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 && ch !== "\t" && ch !== "\n" && ch !== "\r") continue;
    else if (code === 0xfffe || code === 0xffff) continue;
    else if (code > 0x7e) out += `&#x${code.toString(16).toUpperCase()};`;
    else out += ch;
  }
  return out;
}

/** Fixed decimals without binary noise ("0.3", never "0.30000000000000004") and without "-0". */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(Math.max(0, Math.min(20, decimals)));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** `digits` significant figures in positional notation: 4.873 → "4.87", 0.74149 → "0.741", 1234.5 → "1235". */
export function formatSignificant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const rounded = Number(value.toPrecision(digits));
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  return formatNumber(rounded, digits - 1 - magnitude);
}

/** Coordinates: at most 2 decimals, trailing zeros dropped. */
function coord(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** Width estimate for a sans-serif face; used for margins and truncation, so it errs wide. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const ch of text) {
    if (" .,:;|!'`il()[]{}".includes(ch)) ems += 0.32;
    else if ("mwMW@%".includes(ch)) ems += 0.86;
    else if (ch >= "A" && ch <= "Z") ems += 0.7;
    else ems += 0.58;
  }
  return ems * fontSize * (bold ? 1.08 : 1);
}

function truncateToWidth(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join("")}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th"}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------
// Ticks and scales

export interface Ticks {
  /** Distance between ticks: 1, 2 or 5 × 10^k. */
  step: number;
  /** Decimals that print every tick exactly. */
  decimals: number;
  /** Ticks inside [min, max], ascending. */
  values: number[];
  /** The nice bounds enclosing [min, max] (multiples of step). */
  lo: number;
  hi: number;
}

/**
 * About `target` ticks on "nice" values (1, 2 or 5 × 10^k) inside [min, max]. Equal bounds are
 * padded, non-finite ones replaced by [0, 1]; `minStep` (e.g. 1 for counts) is a floor on the step.
 */
export function niceTicks(min: number, max: number, target = 5, minStep = 0): Ticks {
  let [lo, hi] = Number.isFinite(min) && Number.isFinite(max) ? [Math.min(min, max), Math.max(min, max)] : [0, 1];
  if (hi === lo) [lo, hi] = padEqual(lo);
  const raw = (hi - lo) / Math.max(1, target);
  let exponent = Math.floor(Math.log10(raw));
  const fraction = raw / 10 ** exponent;
  let mantissa = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  if (mantissa === 10) {
    mantissa = 1;
    exponent += 1;
  }
  // m / 10^k rather than m × 10^-k: 0.2 stays the double closest to 0.2.
  let step = exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
  if (step < minStep) {
    const floor = niceTicks(0, minStep, 1);
    step = floor.step < minStep ? floor.step * 2 : floor.step;
    exponent = Math.floor(Math.log10(step) + 1e-9);
  }
  const decimals = Math.max(0, -exponent);
  const clean = (i: number): number => Number((i * step).toFixed(Math.min(20, decimals)));
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const values: number[] = [];
  for (let i = first; i <= last && values.length < 1000; i++) values.push(clean(i));
  return { step, decimals, values, lo: clean(Math.floor(lo / step + 1e-9)), hi: clean(Math.ceil(hi / step - 1e-9)) };
}

function padEqual(value: number): [number, number] {
  const pad = value === 0 ? 1 : Math.abs(value) * 0.1;
  return [value - pad, value + pad];
}

/** [min, max] widened by `fraction` of its span on both sides (so dots never sit on the frame). */
function paddedDomain(min: number, max: number, fraction = 0.05): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) return padEqual(min);
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

/** Fewer ticks until their labels fit the axis without touching. */
function fitTicks(
  domain: readonly [number, number],
  pixels: number,
  orientation: "x" | "y",
  minStep = 0,
): { ticks: Ticks; labels: string[] } {
  let best: { ticks: Ticks; labels: string[] } | undefined;
  for (const target of [7, 6, 5, 4, 3, 2]) {
    const ticks = niceTicks(domain[0], domain[1], target, minStep);
    const labels = ticks.values.map((v) => formatNumber(v, ticks.decimals));
    best = { ticks, labels };
    const spacing = (pixels * ticks.step) / Math.max(domain[1] - domain[0], Number.MIN_VALUE);
    const needed =
      orientation === "x" ? Math.max(...labels.map((l) => textWidth(l, SIZE.tick))) + 12 : SIZE.tick * 2.2;
    if (spacing >= needed) return best;
  }
  return best as { ticks: Ticks; labels: string[] };
}

type Scale = (value: number) => number;

function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

// ---------------------------------------------------------------------------------------------
// SVG building

type AttrValue = string | number | undefined;

function attrs(attributes: Record<string, AttrValue>): string {
  let out = "";
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === "number" ? coord(value) : escapeXml(value)}"`;
  }
  return out;
}

function element(name: string, attributes: Record<string, AttrValue>, content?: string): string {
  return content === undefined ? `<${name}${attrs(attributes)}/>` : `<${name}${attrs(attributes)}>${content}</${name}>`;
}

interface TextStyle {
  size?: number;
  anchor?: "start" | "middle" | "end";
  weight?: "bold";
  fill?: string;
  /** Degrees, around the text's own anchor point. */
  rotate?: number;
  /** Vertically centre on y instead of sitting on it. */
  middle?: boolean;
  /** White outline so the text stays readable over dots and lines. */
  halo?: boolean;
}

function text(x: number, y: number, content: string, style: TextStyle = {}): string {
  return element(
    "text",
    {
      x,
      y,
      dy: style.middle ? "0.35em" : undefined,
      "font-size": style.size ?? SIZE.tick,
      "font-weight": style.weight,
      "text-anchor": style.anchor && style.anchor !== "start" ? style.anchor : undefined,
      fill: style.fill ?? INK,
      transform: style.rotate ? `rotate(${coord(style.rotate)} ${coord(x)} ${coord(y)})` : undefined,
      stroke: style.halo ? "#ffffff" : undefined,
      "stroke-width": style.halo ? 3 : undefined,
      "stroke-linejoin": style.halo ? "round" : undefined,
      "paint-order": style.halo ? "stroke" : undefined,
    },
    escapeXml(content),
  );
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra: Record<string, AttrValue> = {}): string {
  return element("line", { x1, y1, x2, y2, stroke, ...extra });
}

function svgDocument(title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}"` +
      ` role="img" font-family="${escapeXml(FONT_FAMILY)}">`,
    element("title", {}, escapeXml(title)),
    element("rect", { width: WIDTH, height: HEIGHT, fill: "#ffffff" }),
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** Title and subtitle, left-aligned; `reserveRight` pixels stay free for a header legend. */
function header(title: string, subtitle: string, reserveRight = 0): string[] {
  const width = WIDTH - 2 * EDGE - reserveRight;
  return [
    text(EDGE, 28, truncateToWidth(title, width, SIZE.title, true), { size: SIZE.title, weight: "bold" }),
    text(EDGE, 48, truncateToWidth(subtitle, WIDTH - 2 * EDGE, SIZE.subtitle), { size: SIZE.subtitle, fill: MUTED }),
  ];
}

function emptyPlot(title: string, reason: string): string {
  return svgDocument(title, [
    ...header(title, reason),
    element("rect", {
      x: EDGE,
      y: HEADER_HEIGHT,
      width: WIDTH - 2 * EDGE,
      height: HEIGHT - HEADER_HEIGHT - EDGE,
      fill: "#fafafa",
      stroke: GRID,
    }),
    text(WIDTH / 2, (HEIGHT + HEADER_HEIGHT) / 2, "No data", { size: 20, anchor: "middle", fill: MUTED, middle: true }),
  ]);
}

interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface AxisSpec {
  scale: Scale;
  ticks: Ticks;
  labels: string[];
  title: string;
}

function xGrid(frame: Frame, axis: AxisSpec): string[] {
  return axis.ticks.values.map((v) => line(axis.scale(v), frame.top, axis.scale(v), frame.bottom, GRID));
}

function yGrid(frame: Frame, axis: AxisSpec): string[] {
  return axis.ticks.values.map((v) => line(frame.left, axis.scale(v), frame.right, axis.scale(v), GRID));
}

function xAxis(frame: Frame, axis: AxisSpec): string[] {
  const out = [line(frame.left, frame.bottom, frame.right, frame.bottom, AXIS)];
  axis.ticks.values.forEach((v, i) => {
    const x = axis.scale(v);
    out.push(line(x, frame.bottom, x, frame.bottom + 5, AXIS));
    out.push(text(x, frame.bottom + 18, axis.labels[i] ?? "", { anchor: "middle", fill: MUTED }));
  });
  const centre = (frame.left + frame.right) / 2;
  const width = Math.min(WIDTH - 2 * EDGE, 2 * Math.min(centre - EDGE, WIDTH - EDGE - centre));
  out.push(
    text(centre, frame.bottom + 40, truncateToWidth(axis.title, width, SIZE.axisLabel), {
      size: SIZE.axisLabel,
      anchor: "middle",
    }),
  );
  return out;
}

function yAxis(frame: Frame, axis: AxisSpec): string[] {
  const out = [line(frame.left, frame.top, frame.left, frame.bottom, AXIS)];
  axis.ticks.values.forEach((v, i) => {
    const y = axis.scale(v);
    out.push(line(frame.left - 5, y, frame.left, y, AXIS));
    out.push(text(frame.left - 8, y, axis.labels[i] ?? "", { anchor: "end", fill: MUTED, middle: true }));
  });
  const centre = (frame.top + frame.bottom) / 2;
  out.push(
    text(EDGE + 6, centre, truncateToWidth(axis.title, frame.bottom - frame.top + 40, SIZE.axisLabel), {
      size: SIZE.axisLabel,
      anchor: "middle",
      rotate: -90,
      middle: true,
    }),
  );
  return out;
}

/** Left margin that fits the rotated axis title and the widest y tick label. */
function leftMarginFor(labels: readonly string[]): number {
  return EDGE + SIZE.axisLabel + 10 + Math.max(0, ...labels.map((l) => textWidth(l, SIZE.tick))) + 10;
}

/** Horizontal legend entries (marker + label), laid out right-to-left ending at `right`. */
interface LegendEntry {
  marker: (x: number, y: number) => string;
  label: string;
}

function legendRow(entries: readonly LegendEntry[], right: number, y: number): { svg: string[]; width: number } {
  const markerWidth = 22;
  const gap = 16;
  const widths = entries.map((e) => markerWidth + textWidth(e.label, SIZE.subtitle));
  const total = widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, entries.length - 1);
  let x = right - total;
  const svg: string[] = [];
  entries.forEach((entry, i) => {
    svg.push(entry.marker(x + 8, y));
    svg.push(text(x + markerWidth, y, entry.label, { size: SIZE.subtitle, fill: MUTED, middle: true }));
    x += (widths[i] ?? 0) + gap;
  });
  return { svg, width: total };
}

// ---------------------------------------------------------------------------------------------
// Data cleaning

function finitePairs(
  a: readonly number[],
  b: readonly number[],
  names: string,
): { xs: number[]; ys: number[]; dropped: number } {
  if (a.length !== b.length) throw new RangeError(`${names} must be equally long (got ${a.length} and ${b.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  return { xs, ys, dropped: a.length - xs.length };
}

function minMax(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function omittedNote(count: number, what: string): string {
  return count > 0 ? ` · ${plural(count, what)} with NaN/Infinity omitted` : "";
}

function withUnit(label: string, unit: string): string {
  return unit === "" ? label : `${label} (${unit})`;
}

function dot(cx: number, cy: number, r: number): string {
  return element("circle", { cx, cy, r });
}

// ---------------------------------------------------------------------------------------------
// 1. Predicted vs actual

export function predictedVsActualPlot(options: PredictedVsActualOptions): string {
  const unit = options.unit ?? "$1000s";
  const target = options.target ?? "MEDV";
  const title = options.title ?? `Predicted vs actual ${target}`;
  const { xs: actual, ys: predicted, dropped } = finitePairs(options.actual, options.predicted, "actual and predicted");
  if (actual.length === 0) return emptyPlot(title, `No finite (actual, predicted) pairs${omittedNote(dropped, "pair")}`);

  // R² is undefined when the actual values do not vary (one row, or a constant target).
  const [lo, hi] = minMax([...actual, ...predicted]);
  const [actualLo, actualHi] = minMax(actual);
  const r2Text = actualLo === actualHi ? "n/a" : formatSignificant(r2(actual, predicted));
  const subtitle =
    `RMSE ${formatSignificant(rmse(actual, predicted))} ${unit} · R² ${r2Text}` +
    ` · n = ${actual.length}${omittedNote(dropped, "pair")}`;

  // One domain for both axes and a square frame, so y = x runs at 45°.
  const domain = paddedDomain(lo, hi);
  const size = HEIGHT - HEADER_HEIGHT - 56;
  const yFit = fitTicks(domain, size, "y");
  const xFit = fitTicks(domain, size, "x");
  // The same ticks on both axes: take the sparser set.
  const shared = xFit.ticks.step >= yFit.ticks.step ? xFit : yFit;
  const left = Math.max(leftMarginFor(shared.labels), 80);
  const frame: Frame = { left, top: HEADER_HEIGHT, right: left + size, bottom: HEADER_HEIGHT + size };
  const xScale = linearScale(domain, [frame.left, frame.right]);
  const yScale = linearScale(domain, [frame.bottom, frame.top]);
  const xSpec: AxisSpec = { scale: xScale, ...shared, title: withUnit(`Actual ${target}`, unit) };
  const ySpec: AxisSpec = { scale: yScale, ...shared, title: withUnit(`Predicted ${target}`, unit) };

  const legendX = frame.right + 28;
  const legendWidth = WIDTH - EDGE - legendX - 26;
  return svgDocument(title, [
    ...header(title, subtitle),
    ...xGrid(frame, xSpec),
    ...yGrid(frame, ySpec),
    line(xScale(domain[0]), yScale(domain[0]), xScale(domain[1]), yScale(domain[1]), PALETTE.vermillion, {
      "stroke-width": 1.5,
      "stroke-dasharray": "6 4",
    }),
    element(
      "g",
      { class: "points", fill: PALETTE.blue, "fill-opacity": "0.6" },
      actual.map((a, i) => dot(xScale(a), yScale(predicted[i] as number), 3.5)).join(""),
    ),
    element("rect", { x: frame.left, y: frame.top, width: size, height: size, fill: "none", stroke: AXIS }),
    ...xAxis(frame, xSpec),
    ...yAxis(frame, ySpec),
    // Legend in the free space beside the square frame.
    element("circle", { cx: legendX + 8, cy: frame.top + 14, r: 3.5, fill: PALETTE.blue, "fill-opacity": "0.6" }),
    text(legendX + 26, frame.top + 14, truncateToWidth(`predictions (n = ${actual.length})`, legendWidth, SIZE.subtitle), {
      size: SIZE.subtitle,
      fill: MUTED,
      middle: true,
    }),
    line(legendX, frame.top + 36, legendX + 16, frame.top + 36, PALETTE.vermillion, {
      "stroke-width": 1.5,
      "stroke-dasharray": "6 4",
    }),
    text(legendX + 26, frame.top + 36, truncateToWidth("y = x (perfect prediction)", legendWidth, SIZE.subtitle), {
      size: SIZE.subtitle,
      fill: MUTED,
      middle: true,
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// 2. Residuals

export function residualsPlot(options: ResidualsOptions): string {
  const unit = options.unit ?? "$1000s";
  const target = options.target ?? "MEDV";
  const title = options.title ?? `Residuals vs predicted ${target}`;
  const { xs: actual, ys: predicted, dropped } = finitePairs(options.actual, options.predicted, "actual and predicted");
  if (actual.length === 0) return emptyPlot(title, `No finite (actual, predicted) pairs${omittedNote(dropped, "pair")}`);

  const residuals = actual.map((a, i) => a - (predicted[i] as number));
  const meanResidual = residuals.reduce((s, r) => s + r, 0) / residuals.length;
  const subtitle =
    `Residual = actual − predicted · mean ${formatSignificant(meanResidual)} · RMSE ${formatSignificant(rmse(actual, predicted))} ${unit}` +
    ` · n = ${actual.length}${omittedNote(dropped, "pair")}`;

  // Symmetric about zero, so over- and under-prediction read at the same scale.
  const extent = Math.max(...residuals.map(Math.abs));
  const yDomain = paddedDomain(-extent, extent);
  const xDomain = paddedDomain(...minMax(predicted));
  const top = HEADER_HEIGHT;
  const bottom = HEIGHT - 56;
  const yFit = fitTicks(yDomain, bottom - top, "y");
  const left = leftMarginFor(yFit.labels);
  const right = WIDTH - 24;
  const xFit = fitTicks(xDomain, right - left, "x");
  const frame: Frame = { left, top, right, bottom };
  const xSpec: AxisSpec = { scale: linearScale(xDomain, [left, right]), ...xFit, title: withUnit(`Predicted ${target}`, unit) };
  const ySpec: AxisSpec = { scale: linearScale(yDomain, [bottom, top]), ...yFit, title: withUnit("Residual", unit) };

  return svgDocument(title, [
    ...header(title, subtitle),
    ...xGrid(frame, xSpec),
    ...yGrid(frame, ySpec),
    line(left, ySpec.scale(0), right, ySpec.scale(0), PALETTE.vermillion, { "stroke-width": 1.5, "stroke-dasharray": "6 4" }),
    element(
      "g",
      { class: "points", fill: PALETTE.blue, "fill-opacity": "0.6" },
      predicted.map((p, i) => dot(xSpec.scale(p), ySpec.scale(residuals[i] as number), 3.5)).join(""),
    ),
    element("rect", { x: left, y: top, width: right - left, height: bottom - top, fill: "none", stroke: AXIS }),
    ...xAxis(frame, xSpec),
    ...yAxis(frame, ySpec),
  ]);
}

// ---------------------------------------------------------------------------------------------
// 3. Feature importance

const MAX_CATEGORY_LABEL_WIDTH = 200;

export function featureImportancePlot(options: FeatureImportanceOptions): string {
  const valueLabel = options.valueLabel ?? "mean |SHAP value| ($1000s)";
  const title = options.title ?? "Feature importance";
  const maxFeatures = Math.max(1, Math.floor(options.maxFeatures ?? 20));
  if (options.features.length !== options.values.length) {
    throw new RangeError(`features and values must be equally long (got ${options.features.length} and ${options.values.length})`);
  }
  const finite = options.features
    .map((feature, index) => ({ feature, value: options.values[index] as number, index }))
    .filter((bar) => Number.isFinite(bar.value));
  const dropped = options.features.length - finite.length;
  if (finite.length === 0) return emptyPlot(title, `No finite importance values${omittedNote(dropped, "feature")}`);

  // Descending; equal values keep their input order, so the output is stable.
  const sorted = [...finite].sort((a, b) => b.value - a.value || a.index - b.index);
  const bars = sorted.slice(0, maxFeatures);
  const shownNote = bars.length < sorted.length ? `Top ${bars.length} of ${sorted.length} features` : plural(bars.length, "feature");
  const subtitle = `${shownNote}, sorted by ${valueLabel}${omittedNote(dropped, "feature")}`;

  const names = bars.map((b) => truncateToWidth(b.feature, MAX_CATEGORY_LABEL_WIDTH, SIZE.category));
  // One number of decimals for every label (3 significant figures of the largest), so they line up;
  // a small value that would print as 0 gets its own 3 significant figures instead.
  const largest = Math.max(...bars.map((b) => Math.abs(b.value)));
  const labelDecimals = largest === 0 ? 0 : Math.max(0, 2 - Math.floor(Math.log10(Number(largest.toPrecision(3)))));
  const valueTexts = bars.map((b) => {
    const fixed = formatNumber(b.value, labelDecimals);
    return b.value !== 0 && Number(fixed) === 0 ? formatSignificant(b.value) : fixed;
  });
  const left = EDGE + Math.max(40, ...names.map((n) => textWidth(n, SIZE.category))) + 12;
  const top = HEADER_HEIGHT;
  const bottom = HEIGHT - 56;

  const [minValue, maxValue] = minMax(bars.map((b) => b.value));
  const labelRoom = Math.max(...valueTexts.map((t) => textWidth(t, SIZE.annotation))) + 10;
  // Bars start at zero; pixel room beyond the outermost bar ends holds their value labels.
  const plotLeft = left + (minValue < 0 ? labelRoom : 0);
  const plotRight = WIDTH - 24 - (maxValue > 0 ? labelRoom : 0);
  let domainLo = Math.min(0, minValue);
  let domainHi = Math.max(0, maxValue);
  if (domainLo === domainHi) domainHi = 1;
  const xFitRaw = fitTicks([domainLo, domainHi], plotRight - plotLeft, "x");
  domainLo = Math.min(domainLo, xFitRaw.ticks.lo);
  domainHi = Math.max(domainHi, xFitRaw.ticks.hi);
  const xFit = fitTicks([domainLo, domainHi], plotRight - plotLeft, "x");
  const xScale = linearScale([domainLo, domainHi], [plotLeft, plotRight]);
  const frame: Frame = { left, top, right: WIDTH - 24, bottom };
  const xSpec: AxisSpec = { scale: xScale, ...xFit, title: valueLabel };

  const band = (bottom - top) / bars.length;
  const barHeight = Math.min(28, band * 0.7);
  const zero = xScale(0);
  const body: string[] = [...header(title, subtitle), ...xGrid({ ...frame, left: plotLeft, right: plotRight }, xSpec)];
  const rects: string[] = [];
  bars.forEach((bar, i) => {
    const centre = top + band * (i + 0.5);
    const end = xScale(bar.value);
    rects.push(
      element("rect", {
        x: Math.min(zero, end),
        y: centre - barHeight / 2,
        width: Math.abs(end - zero),
        height: barHeight,
      }),
    );
    body.push(text(left - 8, centre, names[i] ?? "", { size: SIZE.category, anchor: "end", middle: true }));
    body.push(
      text(bar.value < 0 ? end - 5 : end + 5, centre, valueTexts[i] ?? "", {
        size: SIZE.annotation,
        anchor: bar.value < 0 ? "end" : "start",
        fill: MUTED,
        middle: true,
      }),
    );
  });
  body.push(element("g", { class: "bars", fill: PALETTE.blue }, rects.join("")));
  body.push(line(zero, top, zero, bottom, AXIS));
  body.push(...xAxis({ ...frame, left: plotLeft, right: plotRight }, xSpec));
  return svgDocument(title, body);
}

// ---------------------------------------------------------------------------------------------
// 4. SHAP summary (beeswarm)

const SHAP_LOW: readonly [number, number, number] = [0x00, 0x72, 0xb2]; // Okabe–Ito blue
const SHAP_HIGH: readonly [number, number, number] = [0xd5, 0x5e, 0x00]; // Okabe–Ito vermillion
const MISSING_VALUE_COLOUR = "#999999";

/** Blue (t = 0, low) to vermillion (t = 1, high), linear in sRGB. */
function valueColour(t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  return `#${SHAP_LOW.map((low, i) => {
    const channel = Math.round(low + ((SHAP_HIGH[i] as number) - low) * clamped);
    return channel.toString(16).padStart(2, "0");
  }).join("")}`;
}

export function shapSummaryPlot(options: ShapSummaryOptions): string {
  const unit = options.unit ?? "$1000s";
  const target = options.target ?? "MEDV";
  const title = options.title ?? `SHAP summary: impact of each feature on ${target}`;
  const maxFeatures = Math.max(1, Math.floor(options.maxFeatures ?? 13));
  const maxRows = Math.max(1, Math.floor(options.maxRows ?? 500));
  const { features, shap, values } = options;
  if (shap.length !== values.length) throw new RangeError(`shap and values must have as many rows (got ${shap.length} and ${values.length})`);
  shap.forEach((row, r) => {
    if (row.length !== features.length || (values[r] as readonly number[]).length !== features.length) {
      throw new RangeError(`row ${r} of shap/values does not have ${features.length} columns`);
    }
  });
  if (shap.length === 0 || features.length === 0) return emptyPlot(title, "No SHAP values");

  // Order by mean |SHAP| over every row, not only the drawn ones.
  const ranking = features.map((feature, column) => {
    let sum = 0;
    let count = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let r = 0; r < shap.length; r++) {
      const s = (shap[r] as readonly number[])[column] as number;
      if (Number.isFinite(s)) {
        sum += Math.abs(s);
        count++;
      }
      const v = (values[r] as readonly number[])[column] as number;
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return { feature, column, meanAbs: count > 0 ? sum / count : -Infinity, lo, hi };
  });
  const ranked = ranking.filter((f) => f.meanAbs > -Infinity).sort((a, b) => b.meanAbs - a.meanAbs || a.column - b.column);
  if (ranked.length === 0) return emptyPlot(title, "No finite SHAP values");
  const shown = ranked.slice(0, maxFeatures);

  // Deterministic subsampling: every k-th row.
  const every = Math.ceil(shap.length / maxRows);
  const rows: number[] = [];
  for (let r = 0; r < shap.length; r += every) rows.push(r);

  let droppedDots = 0;
  const xsByFeature = shown.map((f) =>
    rows.map((r) => {
      const s = (shap[r] as readonly number[])[f.column] as number;
      if (!Number.isFinite(s)) droppedDots++;
      return s;
    }),
  );
  const [lo, hi] = minMax(xsByFeature.flat().filter(Number.isFinite));
  const xDomain = paddedDomain(Math.min(lo, 0), Math.max(hi, 0));

  const rowNote = every > 1 ? `every ${ordinal(every)} of ${shap.length} rows (${rows.length} drawn)` : plural(rows.length, "row");
  const featureNote = shown.length < ranked.length ? `top ${shown.length} of ${ranked.length} features` : plural(shown.length, "feature");
  const subtitle = `${rowNote} · ${featureNote} by mean |SHAP|${omittedNote(droppedDots, "value")}`;

  const names = shown.map((f) => truncateToWidth(f.feature, MAX_CATEGORY_LABEL_WIDTH, SIZE.category));
  const left = EDGE + Math.max(40, ...names.map((n) => textWidth(n, SIZE.category))) + 12;
  const top = HEADER_HEIGHT;
  const bottom = HEIGHT - 56;
  const right = WIDTH - 90; // colour bar beside the frame
  const xFit = fitTicks(xDomain, right - left, "x");
  const xScale = linearScale(xDomain, [left, right]);
  const frame: Frame = { left, top, right, bottom };
  const xSpec: AxisSpec = { scale: xScale, ...xFit, title: `SHAP value (impact on ${target}${unit === "" ? "" : `, ${unit}`})` };

  const band = (bottom - top) / shown.length;
  const radius = 2.5;
  const body: string[] = [...header(title, subtitle), ...xGrid(frame, xSpec)];
  const dots: string[] = [];
  shown.forEach((feature, i) => {
    const centre = top + band * (i + 0.5);
    body.push(line(left, centre, right, centre, "#cccccc", { "stroke-dasharray": "2 3" }));
    body.push(text(left - 8, centre, names[i] ?? "", { size: SIZE.category, anchor: "end", middle: true }));

    // Beeswarm by binning: dots in the same x bin (one diameter wide) stack outwards from the
    // row's centre line, alternating above and below; the stack is squeezed to fit the band.
    const xs = xsByFeature[i] as number[];
    const binCounts = new Map<number, number>();
    const slots = xs.map((x) => {
      if (!Number.isFinite(x)) return 0;
      const bin = Math.floor(xScale(x) / (2 * radius));
      const k = binCounts.get(bin) ?? 0;
      binCounts.set(bin, k + 1);
      return k === 0 ? 0 : k % 2 === 1 ? (k + 1) / 2 : -k / 2;
    });
    const maxSlot = Math.max(1, ...slots.map(Math.abs));
    const spacing = Math.min(radius * 1.6, (band * 0.42 - radius) / maxSlot);
    const range = feature.hi - feature.lo;
    xs.forEach((x, j) => {
      if (!Number.isFinite(x)) return;
      const row = rows[j] as number;
      const v = (values[row] as readonly number[])[feature.column] as number;
      const fill = !Number.isFinite(v) ? MISSING_VALUE_COLOUR : valueColour(range > 0 ? (v - feature.lo) / range : 0.5);
      dots.push(element("circle", { cx: xScale(x), cy: centre + (slots[j] as number) * spacing, r: radius, fill }));
    });
  });
  body.push(line(xScale(0), top, xScale(0), bottom, AXIS));
  body.push(element("g", { class: "points", "fill-opacity": "0.85" }, dots.join("")));
  body.push(...xAxis(frame, xSpec));

  // Colour bar: "Feature value", high at the top, low at the bottom.
  const barHeight = Math.min(200, bottom - top - 40);
  const barTop = top + (bottom - top - barHeight) / 2;
  const barX = right + 28;
  body.push(
    element(
      "defs",
      {},
      element(
        "linearGradient",
        { id: "domus-shap-value-scale", x1: "0", y1: "1", x2: "0", y2: "0" },
        element("stop", { offset: "0", "stop-color": valueColour(0) }) + element("stop", { offset: "1", "stop-color": valueColour(1) }),
      ),
    ),
    element("rect", { x: barX, y: barTop, width: 10, height: barHeight, fill: "url(#domus-shap-value-scale)" }),
    text(barX + 5, barTop - 8, "high", { anchor: "middle", fill: MUTED }),
    text(barX + 5, barTop + barHeight + 16, "low", { anchor: "middle", fill: MUTED }),
    text(barX + 30, barTop + barHeight / 2, "Feature value", { size: SIZE.subtitle, anchor: "middle", rotate: -90, middle: true }),
  );
  return svgDocument(title, body);
}

// ---------------------------------------------------------------------------------------------
// 5. Search progress

export function searchProgressPlot(options: SearchProgressOptions): string {
  const metricLabel = options.metricLabel ?? "CV RMSE ($1000s)";
  const title = options.title ?? "Hyper-parameter search progress";
  const lowerIsBetter = options.lowerIsBetter ?? true;
  const candidates = options.scores
    .map((score, i) => ({ candidate: i + 1, score }))
    .filter((c) => Number.isFinite(c.score));
  const dropped = options.scores.length - candidates.length;
  if (candidates.length === 0) return emptyPlot(title, `No finite scores${omittedNote(dropped, "candidate")}`);

  const better = (a: number, b: number): boolean => (lowerIsBetter ? a < b : a > b);
  let best = candidates[0] as { candidate: number; score: number };
  for (const c of candidates) if (better(c.score, best.score)) best = c;

  const subtitle =
    `${plural(options.scores.length, "candidate")} · best ${formatSignificant(best.score)} at candidate #${best.candidate}` +
    ` (${lowerIsBetter ? "lower" : "higher"} is better)${omittedNote(dropped, "candidate")}`;

  const top = HEADER_HEIGHT;
  const bottom = HEIGHT - 56;
  const yDomain = paddedDomain(...minMax(candidates.map((c) => c.score)), 0.08);
  const yFit = fitTicks(yDomain, bottom - top, "y");
  const left = leftMarginFor(yFit.labels);
  const right = WIDTH - 24;
  const xDomain: [number, number] = [0.5, options.scores.length + 0.5];
  const xFit = fitTicks(xDomain, right - left, "x", 1);
  const frame: Frame = { left, top, right, bottom };
  const xSpec: AxisSpec = { scale: linearScale(xDomain, [left, right]), ...xFit, title: "Candidate (search order)" };
  const ySpec: AxisSpec = { scale: linearScale(yDomain, [bottom, top]), ...yFit, title: metricLabel };
  const x = xSpec.scale;
  const y = ySpec.scale;

  // Best so far as a step line: flat until a candidate improves on it, then a vertical drop.
  const first = candidates[0] as { candidate: number; score: number };
  let running = first.score;
  let path = `M${coord(x(first.candidate))} ${coord(y(running))}`;
  for (const c of candidates.slice(1)) {
    path += `H${coord(x(c.candidate))}`;
    if (better(c.score, running)) {
      running = c.score;
      path += `V${coord(y(running))}`;
    }
  }

  const legend = legendRow(
    [
      {
        marker: (lx, ly) => element("circle", { cx: lx, cy: ly, r: 3.5, fill: PALETTE.blue, "fill-opacity": "0.6" }),
        label: "candidate",
      },
      {
        marker: (lx, ly) => line(lx - 8, ly, lx + 8, ly, PALETTE.orange, { "stroke-width": 2.5 }),
        label: "best so far",
      },
      {
        marker: (lx, ly) =>
          element("circle", { cx: lx, cy: ly, r: 5.5, fill: PALETTE.vermillion, stroke: INK, "stroke-width": 1.5 }),
        label: "best",
      },
    ],
    WIDTH - EDGE,
    24,
  );

  const bx = x(best.candidate);
  const by = y(best.score);
  const annotation = `best #${best.candidate}: ${formatSignificant(best.score)}`;
  const annotationRight = bx > (left + right) / 2;
  // Away from the frame edge the best point is nearest to (bottom for minimisation).
  const annotationBelow = by < (top + bottom) / 2;

  const others = candidates.filter((c) => c !== best);
  return svgDocument(title, [
    ...header(title, subtitle, legend.width + 24),
    ...legend.svg,
    ...xGrid(frame, xSpec),
    ...yGrid(frame, ySpec),
    element("path", { d: path, fill: "none", stroke: PALETTE.orange, "stroke-width": 2.5, "stroke-linejoin": "round" }),
    element(
      "g",
      { class: "points" },
      [
        ...others.map((c) =>
          element("circle", { cx: x(c.candidate), cy: y(c.score), r: 3.5, fill: PALETTE.blue, "fill-opacity": "0.6" }),
        ),
        element("circle", { cx: bx, cy: by, r: 5.5, fill: PALETTE.vermillion, stroke: INK, "stroke-width": 1.5 }),
      ].join(""),
    ),
    text(annotationRight ? bx - 10 : bx + 10, annotationBelow ? by + 20 : by - 12, annotation, {
      size: SIZE.annotation,
      anchor: annotationRight ? "end" : "start",
      weight: "bold",
      halo: true,
    }),
    element("rect", { x: left, y: top, width: right - left, height: bottom - top, fill: "none", stroke: AXIS }),
    ...xAxis(frame, xSpec),
    ...yAxis(frame, ySpec),
  ]);
}
