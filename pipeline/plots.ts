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
export { PALETTE, escapeXml, formatNumber, formatSignificant, textWidth } from "./plots/svg.ts";
export type { FeatureImportanceOptions, PredictedVsActualOptions, ResidualsOptions, SearchProgressOptions, ShapSummaryOptions } from "./plots/svg.ts";
export { type Ticks, niceTicks } from "./plots/ticks.ts";
export { predictedVsActualPlot, residualsPlot } from "./plots/regression.ts";
export { featureImportancePlot, shapSummaryPlot } from "./plots/importance.ts";
export { searchProgressPlot } from "./plots/search.ts";
