import "reflect-metadata";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../common/scalars.ts";

@ObjectType({ description: "One logged prediction." })
export class Prediction {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Shared by every prediction of one HTTP request (X-Request-Id when the client sent one)." })
  requestId!: string;

  @Field(() => Float, { description: "Predicted MEDV, $1000s." })
  value!: number;

  @Field(() => String)
  modelName!: string;

  @Field(() => Int)
  modelVersion!: number;

  @Field(() => JSONScalar, { description: "The features as used, after imputation." })
  features!: Record<string, number>;

  @Field(() => [String], { description: "Optional features that were missing and imputed with the training median/mode." })
  imputedFeatures!: string[];

  @Field(() => [String], { description: "Features outside the model's training range (accepted, but the model extrapolates)." })
  outOfRangeFeatures!: string[];

  @Field(() => Float, { description: "Server-side inference time (validation, preprocessing, model)." })
  latencyMs!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => Boolean, { description: "True when a canary challenger answered instead of the champion." })
  challenger!: boolean;
}

@ObjectType()
export class BatchPrediction {
  @Field(() => [Prediction], { description: "Same order as the inputs." })
  predictions!: Prediction[];

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  modelVersion!: number;

  @Field(() => Float)
  totalLatencyMs!: number;
}
