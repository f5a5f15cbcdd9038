import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { FeatureContribution } from "../common/metric.type.ts";

@ObjectType({ description: "Exact SHAP attribution of one prediction." })
export class Explanation {
  @Field(() => Float, { description: "Predicted MEDV, $1000s." })
  prediction!: number;

  @Field(() => Float, { description: "Expected model output over the training data; baseValue + sum(contributions) == prediction." })
  baseValue!: number;

  @Field(() => [FeatureContribution], {
    description:
      "Exact (Tree)SHAP values, sorted by |contribution| descending; value = the feature as used: for a feature of imputedFeatures, the imputed value, or 0 when the model was trained with missing: learn and received it as missing (its contribution is then that of the missing value).",
  })
  contributions!: FeatureContribution[];

  @Field(() => [String], {
    description:
      "Optional features the input did not give, as Prediction.imputedFeatures: imputed with the training median/mode, or, for a model trained with missing: learn, passed to it as missing.",
  })
  imputedFeatures!: string[];

  @Field(() => Int, { description: "Version explained." })
  modelVersion!: number;
}
