/**
 * The SVG toolkit behind the training-run plots: palette, sizes, text and number helpers, scales,
 * elements, frames, axes, legends and data cleaning. See plots.ts for the plots' contract.
 */
import { type Ticks, niceTicks, padEqual } from "./ticks.ts";

export const WIDTH = 720;
export const HEIGHT = 480;
export const EDGE = 16;
export const HEADER_HEIGHT = 64;
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Okabe & Ito (2008), "Color Universal Design". */
export const PALETTE = {
  blue: "#0072B2",
  orange: "#E69F00",
  vermillion: "#D55E00",
  green: "#009E73",
  skyBlue: "#56B4E9",
  purple: "#CC79A7",
} as const;
export const INK = "#222222";
export const MUTED = "#555555";
export const AXIS = "#444444";
export const GRID = "#e5e5e5";

export const SIZE = { title: 16, subtitle: 12, axisLabel: 13, tick: 11, category: 12, annotation: 11 } as const;

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

export const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

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
export function coord(value: number): string {
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

export function truncateToWidth(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(`${chars.join("")}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th"}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------
// Scales

/** [min, max] widened by `fraction` of its span on both sides (so dots never sit on the frame). */
export function paddedDomain(min: number, max: number, fraction = 0.05): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) return padEqual(min);
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

/** Fewer ticks until their labels fit the axis without touching. */
export function fitTicks(
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

export type Scale = (value: number) => number;

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

// ---------------------------------------------------------------------------------------------
// SVG building

export type AttrValue = string | number | undefined;

export function attrs(attributes: Record<string, AttrValue>): string {
  let out = "";
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === "number" ? coord(value) : escapeXml(value)}"`;
  }
  return out;
}

export function element(name: string, attributes: Record<string, AttrValue>, content?: string): string {
  return content === undefined ? `<${name}${attrs(attributes)}/>` : `<${name}${attrs(attributes)}>${content}</${name}>`;
}

export interface TextStyle {
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

export function text(x: number, y: number, content: string, style: TextStyle = {}): string {
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

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra: Record<string, AttrValue> = {}): string {
  return element("line", { x1, y1, x2, y2, stroke, ...extra });
}

export function svgDocument(title: string, body: readonly string[]): string {
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
export function header(title: string, subtitle: string, reserveRight = 0): string[] {
  const width = WIDTH - 2 * EDGE - reserveRight;
  return [
    text(EDGE, 28, truncateToWidth(title, width, SIZE.title, true), { size: SIZE.title, weight: "bold" }),
    text(EDGE, 48, truncateToWidth(subtitle, WIDTH - 2 * EDGE, SIZE.subtitle), { size: SIZE.subtitle, fill: MUTED }),
  ];
}

export function emptyPlot(title: string, reason: string): string {
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

export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface AxisSpec {
  scale: Scale;
  ticks: Ticks;
  labels: string[];
  title: string;
}

export function xGrid(frame: Frame, axis: AxisSpec): string[] {
  return axis.ticks.values.map((v) => line(axis.scale(v), frame.top, axis.scale(v), frame.bottom, GRID));
}

export function yGrid(frame: Frame, axis: AxisSpec): string[] {
  return axis.ticks.values.map((v) => line(frame.left, axis.scale(v), frame.right, axis.scale(v), GRID));
}

export function xAxis(frame: Frame, axis: AxisSpec): string[] {
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

export function yAxis(frame: Frame, axis: AxisSpec): string[] {
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
export function leftMarginFor(labels: readonly string[]): number {
  return EDGE + SIZE.axisLabel + 10 + Math.max(0, ...labels.map((l) => textWidth(l, SIZE.tick))) + 10;
}

/** Horizontal legend entries (marker + label), laid out right-to-left ending at `right`. */
export interface LegendEntry {
  marker: (x: number, y: number) => string;
  label: string;
}

export function legendRow(entries: readonly LegendEntry[], right: number, y: number): { svg: string[]; width: number } {
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

export function finitePairs(
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

export function minMax(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function omittedNote(count: number, what: string): string {
  return count > 0 ? ` · ${plural(count, what)} with NaN/Infinity omitted` : "";
}

export function withUnit(label: string, unit: string): string {
  return unit === "" ? label : `${label} (${unit})`;
}

export function dot(cx: number, cy: number, r: number): string {
  return element("circle", { cx, cy, r });
}

