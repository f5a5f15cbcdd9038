/** Regression metrics. MAPE is a fraction (0.1 = 10 %), as in scikit-learn. */

function check(yTrue: readonly number[], yPred: ArrayLike<number>): void {
  if (yTrue.length === 0 || yTrue.length !== yPred.length) {
    throw new RangeError(`metrics need equally long, non-empty arrays (got ${yTrue.length} and ${yPred.length})`);
  }
}

export function rmse(yTrue: readonly number[], yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
  return Math.sqrt(sum / yTrue.length);
}

export function mae(yTrue: readonly number[], yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return sum / yTrue.length;
}

/** Coefficient of determination 1 − SS_res / SS_tot; 0 is the mean predictor, it can be negative. */
export function r2(yTrue: readonly number[], yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  const mean = yTrue.reduce((a, b) => a + b, 0) / yTrue.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += ((yTrue[i] as number) - (yPred[i] as number)) ** 2;
    ssTot += ((yTrue[i] as number) - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

/** Mean absolute percentage error as a fraction; targets of 0 are guarded like scikit-learn (epsilon). */
export function mape(yTrue: readonly number[], yPred: ArrayLike<number>): number {
  check(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as number;
    sum += Math.abs(t - (yPred[i] as number)) / Math.max(Math.abs(t), Number.EPSILON);
  }
  return sum / yTrue.length;
}

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
  mape: number;
}

export function regressionMetrics(yTrue: readonly number[], yPred: ArrayLike<number>): RegressionMetrics {
  return { rmse: rmse(yTrue, yPred), mae: mae(yTrue, yPred), r2: r2(yTrue, yPred), mape: mape(yTrue, yPred) };
}
