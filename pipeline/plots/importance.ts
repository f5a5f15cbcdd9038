/** Feature importance (mean |SHAP|) and SHAP summary plots. */
import { AXIS, type AxisSpec, EDGE, type FeatureImportanceOptions, type Frame, HEADER_HEIGHT, HEIGHT, MUTED, PALETTE, SIZE, type ShapSummaryOptions, WIDTH, element, emptyPlot, fitTicks, formatNumber, formatSignificant, header, line, linearScale, minMax, omittedNote, ordinal, paddedDomain, plural, svgDocument, text, textWidth, truncateToWidth, xAxis, xGrid } from "./svg.ts";

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
