import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A named measurement; `step` orders repeated values (search candidates, epochs)." })
export class Metric {
  @Field(() => String, { description: "Metric name, e.g. test_rmse or cv_rmse_mean." })
  key!: string;

  @Field(() => Float, { description: "Metric value (RMSE/MAE in $1000s, MAPE in %, R² unitless)." })
  value!: number;

  @Field(() => Int, { description: "Step of a series (e.g. candidate index); 0 for a single value." })
  step!: number;
}

@ObjectType({ description: "A hyperparameter or setting of a run, as text." })
export class Param {
  @Field(() => String, { description: "Hyperparameter name." })
  key!: string;

  @Field(() => String, { description: "Its value, as text." })
  value!: string;
}

@ObjectType({ description: "A feature's share of a prediction (SHAP) or its importance." })
export class FeatureContribution {
  @Field(() => String, { description: "Feature name." })
  feature!: string;

  @Field(() => Float, { description: "The feature's value (0 for importances)." })
  value!: number;

  @Field(() => Float, { description: "Additive contribution to the prediction, in $1000s (positive raises it)." })
  contribution!: number;
}

/** Turns a `{ key: value }` map into contract metrics (step 0), sorted by key. */
export function metricsFromRecord(record: unknown): Metric[] {
  if (!record || typeof record !== "object") return [];
  return Object.entries(record as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === "number")
    .map(([key, value]) => ({ key, value, step: 0 }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
