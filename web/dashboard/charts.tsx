// Small inline-SVG charts (no chart library): a time/line chart with hover read-out and a bar chart.
import { niceTicks } from "../../pipeline/plots/ticks.ts";
import { useEffect, useRef, useState, type MouseEvent, type ReactNode, type RefObject } from "react";

/** Width of an element, kept up to date with a ResizeObserver, so the SVG is drawn at 1:1 pixels. */
function useWidth(): [RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** "Nice" upper bound and tick step for a 0-based axis (the same 1-2-5 ticks as the run plots). */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0) || !Number.isFinite(max)) return { max: 1, step: 0.25 };
  const nice = niceTicks(0, max, ticks);
  return { max: nice.hi, step: nice.step };
}

const TIME_STEPS = [5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3, 43200e3, 86400e3];

function timeTicks(min: number, max: number, target: number): number[] {
  const span = max - min;
  const step = TIME_STEPS.find((s) => span / s <= target) ?? span / target;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
  return out;
}

export interface Series {
  label: string;
  color: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

interface LineChartProps {
  series: Series[];
  xMin: number;
  xMax: number;
  /** Upper bound of the y axis; computed from the data when omitted. */
  yMax?: number;
  /** The computed upper bound is at least this (so an all-zero series gets a sensible axis). */
  minYMax?: number;
  height?: number;
  formatX: (x: number) => string;
  formatTooltipX?: (x: number) => string;
  formatY: (y: number) => string;
  yUnit?: string;
  empty?: ReactNode;
  ariaLabel: string;
}

const PAD = { left: 46, right: 12, top: 12, bottom: 22 };

/** Horizontal gridlines with their value labels, shared by both charts. */
function YGrid({ ticks, plotW, sy, format }: { ticks: number[]; plotW: number; sy: (y: number) => number; format: (y: number) => string }) {
  return (
    <>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={PAD.left + plotW} y1={sy(v)} y2={sy(v)} className="gridline" />
          <text x={PAD.left - 6} y={sy(v) + 4} textAnchor="end" className="tick">
            {format(v)}
          </text>
        </g>
      ))}
    </>
  );
}

export function LineChart(props: LineChartProps) {
  const { series, xMin, xMax, height = 150, formatX, formatY, yUnit, empty, ariaLabel } = props;
  const [ref, width] = useWidth();
  const [hover, setHover] = useState<number | null>(null);
  const hasData = series.some((s) => s.points.length > 0);
  const dataMax = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p[1])));
  const scale = niceScale(props.yMax ?? Math.max(dataMax * 1.05, props.minYMax ?? 0));
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - xMin) / Math.max(1, xMax - xMin)) * plotW;
  const sy = (y: number) => PAD.top + plotH - (Math.min(y, scale.max) / scale.max) * plotH;
  const yTicks: number[] = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) yTicks.push(v);
  const xTicks = timeTicks(xMin, xMax, Math.max(2, Math.floor(plotW / 90)));

  // Hover: the x of the nearest point across series.
  const xs = Array.from(new Set(series.flatMap((s) => s.points.map((p) => p[0])))).sort((a, b) => a - b);
  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    let best: number | null = null;
    let bestD = Infinity;
    for (const x of xs) {
      const d = Math.abs(sx(x) - px);
      if (d < bestD) {
        bestD = d;
        best = x;
      }
    }
    setHover(bestD < 40 ? best : null);
  };
  const hoverValues =
    hover === null ? [] : series.map((s) => ({ s, p: s.points.find((p) => p[0] === hover) })).filter((v): v is { s: Series; p: [number, number] } => !!v.p);
  // The read-out sits right of the crosshair, or left of it in the right half.
  const tipStyle = hover === null ? {} : sx(hover) < width / 2 ? { left: sx(hover) + 10 } : { right: width - sx(hover) + 10 };

  return (
    <div className="chart" ref={ref}>
      {series.length > 1 && (
        <div className="legend">
          {series.map((s) => (
            <span key={s.label}>
              <i style={{ background: s.color }} />
              {s.label}
            </span>
          ))}
        </div>
      )}
      <div className="chart-area" style={{ height }}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={ariaLabel} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
            <YGrid ticks={yTicks} plotW={plotW} sy={sy} format={formatY} />
            {xTicks.map((t) => (
              <text key={t} x={sx(t)} y={height - 6} textAnchor="middle" className="tick">
                {formatX(t)}
              </text>
            ))}
            <line x1={PAD.left} x2={PAD.left + plotW} y1={PAD.top + plotH} y2={PAD.top + plotH} className="axis" />
            {series.map((s) =>
              s.points.length === 1 ? (
                <circle key={s.label} cx={sx(s.points[0]![0])} cy={sy(s.points[0]![1])} r={3} fill={s.color} />
              ) : (
                <polyline
                  key={s.label}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={2}
                  strokeLinejoin="round"
                  strokeDasharray={s.dashed ? "5 4" : undefined}
                  points={s.points.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" ")}
                />
              ),
            )}
            {hover !== null && (
              <g>
                <line x1={sx(hover)} x2={sx(hover)} y1={PAD.top} y2={PAD.top + plotH} className="crosshair" />
                {hoverValues.map(({ s, p }) => (
                  <circle key={s.label} cx={sx(p[0])} cy={sy(p[1])} r={3.5} fill={s.color} stroke="#fff" strokeWidth={1.5} />
                ))}
              </g>
            )}
            {!hasData && (
              <text x={PAD.left + plotW / 2} y={PAD.top + plotH / 2} textAnchor="middle" className="chart-empty">
                {typeof empty === "string" ? empty : "no data yet"}
              </text>
            )}
          </svg>
        )}
        {hover !== null && hoverValues.length > 0 && (
          <div className="tooltip" style={tipStyle}>
            <div className="tooltip-title">{(props.formatTooltipX ?? formatX)(hover)}</div>
            {hoverValues.map(({ s, p }) => (
              <div key={s.label}>
                <i style={{ background: s.color }} /> {s.label}: <b>{formatY(p[1])}</b>
                {yUnit ? ` ${yUnit}` : ""}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

export interface Bar {
  key: string;
  value: number;
  label: string;
  title: string;
  highlight: boolean;
}

interface BarChartProps {
  bars: Bar[];
  yMax?: number;
  threshold?: { value: number; label: string };
  formatY: (y: number) => string;
  height?: number;
  ariaLabel: string;
}

export function BarChart({ bars, yMax, threshold, formatY, height = 150, ariaLabel }: BarChartProps) {
  const [ref, width] = useWidth();
  const scale = niceScale(yMax ?? Math.max(threshold?.value ?? 0, ...bars.map((b) => b.value)) * 1.05);
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = height - PAD.top - PAD.bottom;
  const sy = (y: number) => PAD.top + plotH - (Math.min(y, scale.max) / scale.max) * plotH;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const yTicks: number[] = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) yTicks.push(v);
  const labelEvery = Math.max(1, Math.ceil(bars.length / Math.max(1, Math.floor(plotW / 80))));
  // Labels are counted back from the newest (last) bar, so it is always labelled.
  return (
    <div className="chart" ref={ref}>
      <div className="chart-area" style={{ height }}>
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={ariaLabel}>
            <YGrid ticks={yTicks} plotW={plotW} sy={sy} format={formatY} />
            {bars.map((b, i) => {
              const x = PAD.left + slot * i + (slot - barW) / 2;
              return (
                <g key={b.key}>
                  <rect x={x} y={sy(b.value)} width={barW} height={Math.max(1, PAD.top + plotH - sy(b.value))} className={b.highlight ? "bar bar-hot" : "bar"} rx={2}>
                    <title>{b.title}</title>
                  </rect>
                  {(bars.length - 1 - i) % labelEvery === 0 && (
                    <text x={x + barW / 2} y={height - 6} textAnchor="middle" className="tick">
                      {b.label}
                    </text>
                  )}
                </g>
              );
            })}
            <line x1={PAD.left} x2={PAD.left + plotW} y1={PAD.top + plotH} y2={PAD.top + plotH} className="axis" />
            {threshold && <line x1={PAD.left} x2={PAD.left + plotW} y1={sy(threshold.value)} y2={sy(threshold.value)} className="threshold" />}
          </svg>
        )}
      </div>
    </div>
  );
}
