/**
 * Special functions behind the p-values: the regularised incomplete gamma function (chi-square
 * survival) and the standard normal CDF, to near double precision. Pure; no I/O.
 */
import { gammaln } from "simple-statistics";

const GAMMA_EPS = Number.EPSILON;
const GAMMA_MAX_ITERATIONS = 100_000;
const GAMMA_FPMIN = 1e-300;

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) by its power series,
 * P = e^{−x} x^a / Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)); converges quickly for x < a + 1
 * (Numerical Recipes' gser). ln Γ is simple-statistics' Lanczos `gammaln`.
 */
function gammaPSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let k = 1; k < GAMMA_MAX_ITERATIONS; k++) {
    term *= x / (a + k);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * GAMMA_EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - gammaln(a));
}

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) by its continued fraction, evaluated
 * with the modified Lentz method; converges quickly for x ≥ a + 1 (Numerical Recipes' gcf).
 */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / GAMMA_FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_FPMIN) d = GAMMA_FPMIN;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_FPMIN) c = GAMMA_FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= GAMMA_EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - gammaln(a)) * h;
}

function checkGammaArguments(a: number, x: number): void {
  if (!(a > 0)) throw new RangeError(`incomplete gamma needs a > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`incomplete gamma needs x >= 0, got ${x}`);
}

/** Regularised lower incomplete gamma P(a, x); each branch is used where it converges (see above). */
export function regularizedGammaP(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? clamp01(gammaPSeries(a, x)) : clamp01(1 - gammaQContinuedFraction(a, x));
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly where it is small. */
export function regularizedGammaQ(a: number, x: number): number {
  checkGammaArguments(a, x);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? clamp01(1 - gammaPSeries(a, x)) : clamp01(gammaQContinuedFraction(a, x));
}

/**
 * Standard normal CDF Φ(z) to near double precision, through erfc(t) = Q(1/2, t²):
 * Φ(z) = ½ erfc(−z/√2). (simple-statistics' cumulativeStdNormalProbability is a 4-digit table and
 * its errorFunction is accurate to ~1e-7 only, too coarse for p-values near a threshold.)
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const half = regularizedGammaQ(0.5, (z * z) / 2) / 2; // ½ erfc(|z|/√2) = upper tail of |z|
  return z >= 0 ? 1 - half : half;
}

/** Survival function of the chi-square distribution: P(X > x) = Q(df/2, x/2) (scipy's `chi2.sf`). */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be positive, got ${degreesOfFreedom}`);
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(degreesOfFreedom / 2, x / 2);
}

/** p clipped to [0, 1] (numpy's `np.clip(p, 0, 1)`). */
export function clamp01(p: number): number {
  return Math.min(1, Math.max(0, p));
}
