/**
 * scipy 1.10.1's `scipy.stats.kstwo.sf(x, n)`: the two-sided one-sample Kolmogorov–Smirnov
 * distribution for finite n, which `ks_2samp` uses beyond 10,000 rows with n = round(n1·n2/(n1+n2)).
 * Ported from `scipy/stats/_ksstats.py` (`_kolmogn` and the methods it selects, after Simard &
 * L'Ecuyer 2011: Ruben–Gambino, Durbin's matrix, Pomeranz, Pelz–Good) and cephes' `smirnov`.
 * Pure; no I/O.
 */
import { gammaln } from "simple-statistics";
import { clamp01 } from "./special.ts";

const E128 = 128;
const P128 = 2 ** E128;
const M128 = 2 ** -E128;
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const MIN_LOG = -708;
// biome-ignore-start lint/correctness/noPrecisionLoss: scipy's coefficients, copied digit for digit so the source can be compared
const STIRLING_COEFFS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
  7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];
// biome-ignore-end lint/correctness/noPrecisionLoss: -

/** P(D_n > x) for the one-sample two-sided KS statistic of n observations (scipy's `_kolmogn(n, x, cdf=False)`). */
export function kolmogornSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: 1/2n ≤ x ≤ 1/n
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clamp01(1 - prob);
  }
  if (t >= n - 1) return clamp01(2 * (1 - x) ** n); // Ruben–Gambino
  if (x >= 0.5) return clamp01(2 * smirnovSf(n, x)); // exact: twice the one-sided tail
  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clamp01(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clamp01(1 - pomeranzCdf(n, x));
    return clamp01(2 * smirnovSf(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clamp01(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clamp01(1 - cdf);
}

/** ln(n!/n^n) by Stirling's series (scipy's `_log_nfactorial_div_n_pow_n`). */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/**
 * Smirnov's exact one-sided tail P(D_n^+ ≥ x) by the Birnbaum–Tingey sum
 * x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^{v−1} (1 − x − v/n)^{n−v}; every term is positive, so the
 * sum is accurate in doubles (products below n = 1013, logarithms above, as cephes' `smirnov`).
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (x === 0) return 1;
  const nn = Math.floor(n * (1 - x));
  let p = 0;
  if (n < 1013) {
    let c = 1;
    for (let v = 0; v <= nn; v++) {
      const evn = x + v / n;
      p += c * evn ** (v - 1) * (1 - evn) ** (n - v);
      c *= (n - v) / (v + 1);
    }
  } else {
    const lgamN1 = gammaln(n + 1);
    for (let v = 0; v <= nn; v++) {
      const evn = x + v / n;
      const omevn = 1 - evn;
      if (Math.abs(omevn) > 0) {
        const t = lgamN1 - gammaln(v + 1) - gammaln(n - v + 1) + (v - 1) * Math.log(evn) + (n - v) * Math.log(omevn);
        if (t > MIN_LOG) p += Math.exp(t);
      }
    }
  }
  return p * x;
}

/** ldexp(p, e) without the intermediate underflow of p · 2^e for very negative e. */
function ldexp(p: number, e: number): number {
  let out = p;
  let rest = e;
  while (rest > 1000) {
    out *= 2 ** 1000;
    rest -= 1000;
  }
  while (rest < -1000) {
    out *= 2 ** -1000;
    rest += 1000;
  }
  return out * 2 ** rest;
}

function matmul(a: Float64Array, b: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < size; k++) {
      const aik = a[i * size + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < size; j++) out[i * size + j] = (out[i * size + j] as number) + aik * (b[k * size + j] as number);
    }
  }
  return out;
}

/** P(D_n ≤ d) by Durbin's matrix (Marsaglia, Tsang & Wang 2003), scipy's `_kolmogn_DMTW`. */
function durbinMatrixCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1] as number;
  for (let r = 0; r < m; r++) H[r * m] = v[r] as number;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] as number;
  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  while (nn > 0) {
    if (nn % 2) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)] as number) > P128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] as number) / P128;
      hExponent += E128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[(k - 1) * m + (k - 1)] as number;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= E128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return clamp01(p);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n ≤ x) by Pomeranz's recursion (1974), scipy's `_kolmogn_Pomeranz`; used for n ≤ 140 only. */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let k = 1; k < npwrs; k++) {
    gpower[k] = ((gpower[k - 1] as number) * gOverN) / k;
    twogpower[k] = ((twogpower[k - 1] as number) * twoGOverN) / k;
    onem2gpower[k] = ((onem2gpower[k - 1] as number) * oneMinusTwoGOverN) / k;
  }
  let V0: Float64Array = new Float64Array(npwrs);
  let V1: Float64Array = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // numpy's V0[k1 − V0s : k1 − V0s + ln2] (clamped to the array) convolved in full with pwrs[:ln2]
      const aStart = k1 - V0s;
      const aLen = Math.max(0, Math.min(aStart + ln2, npwrs) - aStart);
      const bLen = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let max = -Infinity;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        for (let a = Math.max(0, idx - bLen + 1); a <= Math.min(idx, aLen - 1); a++) s += (V0[aStart + a] as number) * (pwrs[idx - a] as number);
        V1[c] = s;
      }
      for (let c = 0; c < npwrs; c++) if ((V1[c] as number) > max) max = V1[c] as number;
      if (max > 0 && max < M128) {
        for (let c = 0; c < npwrs; c++) V1[c] = (V1[c] as number) * P128;
        exponent -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s] as number;
  for (let k = 1; k <= n; k++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      exponent += E128;
    }
    ans *= k;
  }
  if (exponent !== 0) ans = ldexp(ans, exponent);
  return clamp01(ans);
}

/** Pelz–Good's approximation (1976) of P(D_n ≤ x), scipy's `_kolmogn_PelzGood`. */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let c = 0; c < 4; c++) K[c] = (K[c] as number) * qpower + (coeffs[c] as number);
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let c = 0; c < 4; c++) K[c] = ((K[c] as number) * q * SQRT_2PI) / (divisors[c] as number);
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k ** 2;
    const qk = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K[2] = (K[2] as number) + k2extra * ((PI2 * SQRT_2PI) / (-36 * z3));
  K[3] = (K[3] as number) + k3extra * ((PI2 * SQRT_2PI) / (216 * z6));
  let sum = 0;
  for (let c = 0; c < 4; c++) sum += (K[c] as number) / (n * 1.0) ** (c / 2);
  return sum;
}
