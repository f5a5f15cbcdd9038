/** Types for the part of ml-regression (which ships none) that Domus uses. */
declare module "ml-regression" {
  export class MultivariateLinearRegression {
    constructor(x: number[][], y: number[][], options?: { intercept?: boolean; statistics?: boolean });
    /** One row per input (then the intercept's row), one column per output. */
    weights: number[][];
    predict(x: number[]): number[];
    predict(x: number[][]): number[][];
  }
}
