import "reflect-metadata";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../common/scalars.ts";

@ObjectType({ description: "One logged prediction." })
export class Prediction {
  @Field(() => ID, { description: "Opaque identifier (use it in recordOutcomes)." })
  id!: string;

  @Field(() => String, { description: "Shared by every prediction of one HTTP request (X-Request-Id when the client sent one)." })
  requestId!: string;

  @Field(() => Float, { description: "Predicted MEDV, $1000s." })
  value!: number;

  @Field(() => String, { description: "Name of the model that answered." })
  modelName!: string;

  @Field(() => Int, { description: "Version of the model that answered." })
  modelVersion!: number;

  @Field(() => JSONScalar, { description: "The features as used: after imputation, or, for a model trained with missing: learn, null for each feature it received as missing." })
  features!: Record<string, number | null>;

  @Field(() => [String], {
    description:
      "Optional features the input did not give: imputed with the training median/mode, or, for a model trained with missing: learn, passed to it as missing (its trees send them the way they learned).",
  })
  imputedFeatures!: string[];

  @Field(() => [String], { description: "Features outside the model's training range (accepted, but the model extrapolates)." })
  outOfRangeFeatures!: string[];

  @Field(() => Float, { description: "Server-side inference time (validation, preprocessing, model)." })
  latencyMs!: number;

  @Field(() => DateTimeScalar, { description: "When the prediction was made." })
  createdAt!: Date;

  @Field(() => Boolean, { description: "True when a canary challenger answered instead of the champion." })
  challenger!: boolean;
}

/** What a batch does with rows that fail validation. */
export enum InvalidRowPolicy {
  /** The whole batch fails with BAD_USER_INPUT listing every invalid row and field; nothing is stored. */
  REJECT = "REJECT",
  /** The valid rows are predicted and stored; each invalid row is reported in `errors`. */
  SKIP = "SKIP",
}
registerEnumType(InvalidRowPolicy, {
  name: "InvalidRowPolicy",
  description: "What a batch does with invalid rows: REJECT fails the whole batch (nothing stored), SKIP predicts and stores the valid rows and reports the others.",
  valuesConfig: {
    REJECT: { description: "Any invalid row fails the whole batch; nothing is stored." },
    SKIP: { description: "Valid rows are scored and stored; invalid ones are reported as RowErrors." },
  },
});

@ObjectType({ description: "An invalid row of a batch (onInvalid: SKIP)." })
export class RowError {
  @Field(() => Int, { description: "The row's index in the input (0-based)." })
  row!: number;

  @Field(() => [String], { description: 'The bad fields, named like "inputs.3.RM" (batchPredict) or "input.RM.3" (batchPredictColumns).' })
  fields!: string[];

  @Field(() => String, { description: "What is wrong with the row." })
  message!: string;
}

@ObjectType({ description: "Result of batchPredict." })
export class BatchPrediction {
  @Field(() => [Prediction], { description: "Same order as the inputs (without the invalid rows under SKIP)." })
  predictions!: Prediction[];

  @Field(() => [Int], { description: "The input row index of each entry of `predictions`." })
  rows!: number[];

  @Field(() => [RowError], { description: "SKIP: one per invalid row, in input order; REJECT: always empty (the request fails instead)." })
  errors!: RowError[];

  @Field(() => Int, { description: "Rows predicted (and stored)." })
  count!: number;

  @Field(() => Int, { description: "Version that scored the batch." })
  modelVersion!: number;

  @Field(() => Float, { description: "Server-side time for the whole batch, milliseconds." })
  totalLatencyMs!: number;
}

@ObjectType({ description: "Predictions of a columnar batch, one entry per predicted row." })
export class ColumnarPrediction {
  @Field(() => Int, { description: "Rows predicted (and stored)." })
  count!: number;

  @Field(() => Int, { description: "Version that scored the batch." })
  modelVersion!: number;

  @Field(() => [Float], { description: "Predicted MEDV per row, input order." })
  values!: ArrayLike<number> & Iterable<number>;

  @Field(() => [ID], { description: "Stored prediction ids, input order." })
  ids!: string[];

  @Field(() => [Int], { description: "The input row index of each entry of values/ids." })
  rows!: number[];

  @Field(() => [Int], { description: "Input indices of rows with at least one imputed feature (an optional feature not given; see Prediction.imputedFeatures)." })
  imputedRows!: number[];

  @Field(() => [Int], { description: "Input indices of rows with a feature outside the training range." })
  outOfRangeRows!: number[];

  @Field(() => [[String]], { description: "The imputed features of each row of imputedRows, same order (as Prediction.imputedFeatures)." })
  imputedFeatures!: string[][];

  @Field(() => [[String]], { description: "The features outside the training range of each row of outOfRangeRows, same order (as Prediction.outOfRangeFeatures)." })
  outOfRangeFeatures!: string[][];

  @Field(() => [RowError], { description: "SKIP: one per invalid row, in input order; REJECT: always empty (the request fails instead)." })
  errors!: RowError[];

  @Field(() => Float, { description: "Server-side time for the whole batch, milliseconds." })
  totalLatencyMs!: number;

  @Field(() => Float, { nullable: true, description: "The interval level asked for (batchPredictColumns' intervalLevel); null when none was." })
  intervalLevel!: number | null;

  @Field(() => [Float], { nullable: true, description: "Lower interval bound per row, input order (as values); null when no intervalLevel was asked or the version has no calibration." })
  lower!: number[] | null;

  @Field(() => [Float], { nullable: true, description: "Upper interval bound per row, as lower." })
  upper!: number[] | null;
}
