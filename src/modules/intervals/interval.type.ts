import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A prediction interval: the actual value lies inside with probability `level` (CV+ conformal, see docs/intervals.md)." })
export class PredictionInterval {
  @Field(() => Float, { description: "Requested coverage, 0.5 <= level <= 0.99." })
  level!: number;

  @Field(() => Float, { description: "Lower bound, $1000s (point prediction minus the conformal quantile)." })
  lower!: number;

  @Field(() => Float, { description: "Upper bound, $1000s (point prediction plus the conformal quantile)." })
  upper!: number;
}

@ObjectType({ description: "Coverage of a version's intervals at one level." })
export class CoverageAtLevel {
  @Field(() => Float, { description: "Nominal coverage of the intervals, 0.5..0.99." })
  level!: number;

  @Field(() => Float, { nullable: true, description: "Share of actual values inside the interval; null without data." })
  coverage!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean upper − lower, $1000s; null without data." })
  meanWidth!: number | null;

  @Field(() => Int, { description: "Rows with a known actual value the coverage is measured on." })
  rows!: number;
}

@ObjectType({ description: "How a version's prediction intervals were calibrated at registration." })
export class Calibration {
  @Field(() => String, { description: '"cv-plus": CV+ over the out-of-fold residuals of the training split\'s CV folds.' })
  method!: string;

  @Field(() => Int, { description: "Residuals the quantiles are taken from." })
  calibrationSize!: number;

  @Field(() => [CoverageAtLevel], { description: "Coverage and mean width at 0.8, 0.9 and 0.95 on the test split (never used to fit, calibrate or select)." })
  validationCoverage!: CoverageAtLevel[];
}
