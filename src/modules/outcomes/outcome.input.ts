import "reflect-metadata";
import { Field, Float, ID, InputType } from "type-graphql";

@InputType({ description: "The actual MEDV ($1000s) of a logged prediction, e.g. the sale price once known." })
export class OutcomeInput {
  @Field(() => ID, { description: "Prediction.id" })
  predictionId!: string;

  @Field(() => Float, { description: "> 0 and <= OUTCOME_MAX_MEDV, and within the training target's range widened by OUTCOME_RANGE_MARGIN on each side" })
  actual!: number;
}
