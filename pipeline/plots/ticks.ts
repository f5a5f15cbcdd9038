/** "Nice" axis ticks (1, 2 or 5 × 10^k), shared by the SVG plots and the dashboard's charts. */

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

export function padEqual(value: number): [number, number] {
  const pad = value === 0 ? 1 : Math.abs(value) * 0.1;
  return [value - pad, value + pad];
}
