/** The random search's progress: each candidate's CV score and the best so far. */
import { AXIS, type AxisSpec, EDGE, type Frame, HEADER_HEIGHT, HEIGHT, INK, PALETTE, SIZE, type SearchProgressOptions, WIDTH, coord, element, emptyPlot, fitTicks, formatSignificant, header, leftMarginFor, legendRow, line, linearScale, minMax, omittedNote, paddedDomain, plural, svgDocument, text, xAxis, xGrid, yAxis, yGrid } from "./svg.ts";

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
