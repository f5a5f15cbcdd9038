/** Predicted vs actual and residual plots of a run's test split. */
import { r2, rmse } from "../metrics.ts";
import { AXIS, type AxisSpec, EDGE, type Frame, HEADER_HEIGHT, HEIGHT, MUTED, PALETTE, type PredictedVsActualOptions, type ResidualsOptions, SIZE, WIDTH, dot, element, emptyPlot, finitePairs, fitTicks, formatSignificant, header, leftMarginFor, line, linearScale, minMax, omittedNote, paddedDomain, svgDocument, text, truncateToWidth, withUnit, xAxis, xGrid, yAxis, yGrid } from "./svg.ts";

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
