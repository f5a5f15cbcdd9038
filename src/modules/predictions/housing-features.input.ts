import "reflect-metadata";
import { Field, Float, InputType } from "type-graphql";

/**
 * The 13 Boston-housing features (Harrison & Rubinfeld). Hard bounds are physical validity
 * (violations → BAD_USER_INPUT naming the field); values outside the training range are accepted
 * and reported in Prediction.outOfRangeFeatures. ZN, INDUS and CHAS are optional: imputed.
 */
@InputType({ description: "The 13 Boston-housing features. MEDV, the target, is in $1000s." })
export class HousingFeaturesInput {
  @Field(() => Float, { description: "per-capita crime rate, >= 0" })
  CRIM!: number;

  @Field(() => Float, { nullable: true, description: "% residential land zoned for lots > 25,000 sq ft, 0..100 (optional: imputed)" })
  ZN?: number | null;

  @Field(() => Float, { nullable: true, description: "% non-retail business acres, 0..100 (optional: imputed)" })
  INDUS?: number | null;

  @Field(() => Float, { nullable: true, description: "Charles River dummy, exactly 0 or 1 (optional: imputed)" })
  CHAS?: number | null;

  @Field(() => Float, { description: "nitric-oxide concentration (parts per 10 million), > 0 and <= 1" })
  NOX!: number;

  @Field(() => Float, { description: "average rooms per dwelling, > 0 and <= 20" })
  RM!: number;

  @Field(() => Float, { description: "% owner-occupied units built before 1940, 0..100" })
  AGE!: number;

  @Field(() => Float, { description: "weighted distance to employment centres, > 0" })
  DIS!: number;

  @Field(() => Float, { description: "index of accessibility to radial highways, >= 1" })
  RAD!: number;

  @Field(() => Float, { description: "property-tax rate per $10,000, > 0" })
  TAX!: number;

  @Field(() => Float, { description: "pupil-teacher ratio, > 0" })
  PTRATIO!: number;

  @Field(() => Float, { description: "1000(Bk - 0.63)^2, 0..396.9" })
  B!: number;

  @Field(() => Float, { description: "% lower-status population, 0..100" })
  LSTAT!: number;
}
