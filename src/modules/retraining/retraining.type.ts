import "reflect-metadata";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "The opt-in retraining loop of the served model (off by default). Results become challengers in SHADOW (or CANDIDATE versions), never champions." })
export class RetrainingPolicy {
  @Field(() => Boolean, { description: "Master switch: when false nothing triggers retraining." })
  enabled!: boolean;

  @Field(() => Boolean, { description: "A dataset-drift alert triggers a training job." })
  onDrift!: boolean;

  @Field(() => Boolean, { description: "Live RMSE worse than the version's test RMSE by maxRmseIncrease triggers one." })
  onPerformance!: boolean;

  @Field(() => Float, { description: "Relative, e.g. 0.2 = 20 %." })
  maxRmseIncrease!: number;

  @Field(() => Boolean, { description: "Live coverage of the serving version's prediction intervals below level − coverageTolerance (at 0.8, 0.9 or 0.95, over at least 30 outcomes) triggers one." })
  onCoverage!: boolean;

  @Field(() => Float, { description: "Absolute, e.g. 0.05 = 5 points of coverage." })
  coverageTolerance!: number;

  @Field(() => Boolean, { description: "Train on the latest dataset plus labelled production rows." })
  includeOutcomes!: boolean;

  @Field(() => String, { nullable: true, description: "The dataset a triggered job trains on, as set: an id, a name (its latest version) or name@version; null: the training file DATA_PATH as registered, the same default as `domus train` and startTraining." })
  dataset!: string | null;

  @Field(() => String, { nullable: true, description: "The dataset version a job triggered now would train on (name@version), before labelled production rows are added (includeOutcomes); null when none is registered or the set reference is unknown." })
  trainsOn!: string | null;

  @Field(() => Int, { description: "Minimum minutes between two triggered trainings." })
  cooldownMinutes!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: "When a training was last triggered; null if never." })
  lastTriggeredAt!: Date | null;
}

@InputType({ description: "Fields to change; omitted ones keep their value." })
export class RetrainingPolicyInput {
  @Field(() => Boolean, { nullable: true, description: "Master switch." })
  enabled?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Retrain on a dataset-drift alert." })
  onDrift?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Retrain when live RMSE exceeds test RMSE by maxRmseIncrease." })
  onPerformance?: boolean | null;

  @Field(() => Float, { nullable: true, description: "0 < value <= 10." })
  maxRmseIncrease?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Start a job when live interval coverage falls below level - coverageTolerance (needs 30 outcomes)." })
  onCoverage?: boolean | null;

  @Field(() => Float, { nullable: true, description: "0 < value <= 0.5." })
  coverageTolerance?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Train on the latest dataset plus labelled production rows." })
  includeOutcomes?: boolean | null;

  @Field(() => String, { nullable: true, description: "The dataset to train on: an id, a name (its latest version at trigger time) or name@version; \"\" goes back to the default (DATA_PATH, as `domus train`)." })
  dataset?: string | null;

  @Field(() => Int, { nullable: true, description: "0..525600 (a year)." })
  cooldownMinutes?: number | null;
}

@ObjectType({ description: "One decision of the retraining loop: what triggered it and what happened." })
export class RetrainingTrigger {
  @Field(() => ID, { description: "Opaque identifier." })
  id!: string;

  @Field(() => String, { description: "DRIFT | PERFORMANCE | COVERAGE" })
  reason!: string;

  @Field(() => String, { description: "The evidence, in words (drifted features, live vs test RMSE)." })
  detail!: string;

  @Field(() => String, { description: "STARTED | COOLDOWN | BUSY | FAILED | INTERRUPTED (the job it started died with its replica; the cooldown was given back)" })
  outcome!: string;

  @Field(() => ID, { nullable: true, description: "The job started (STARTED) or interrupted (INTERRUPTED); null otherwise." })
  trainingJobId!: string | null;

  @Field(() => ID, { nullable: true, description: "Dataset version trained on; null when no job started." })
  datasetVersionId!: string | null;

  @Field(() => DateTimeScalar, { description: "When the trigger fired." })
  createdAt!: Date;
}
