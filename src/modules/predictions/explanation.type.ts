import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { FeatureContribution } from "../common/metric.type.ts";

@ObjectType({ description: "Exact SHAP attribution of one prediction." })
export class Explanation {
  @Field(() => Float, { description: "Predicted MEDV, $1000s." })
  prediction!: number;

  @Field(() => Float, { description: "Expected model output over the training data; baseValue + sum(contributions) == prediction." })
  baseValue!: number;

  @Field(() => [FeatureContribution], { description: "Exact (Tree)SHAP values, sorted by |contribution| descending; value = the feature as used." })
  contributions!: FeatureContribution[];

  @Field(() => Int, { description: "Version explained." })
  modelVersion!: number;
}
