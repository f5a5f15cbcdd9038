import "reflect-metadata";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { RunStatus } from "../common/enums.ts";
import { FeatureContribution, Param } from "../common/metric.type.ts";
import { ALGORITHM_DESCRIPTION } from "../common/enums.ts";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "One training run. experiment, metrics, artifacts and modelVersion are resolved by RunResolver." })
export class Run {
  @Field(() => ID, { description: "Opaque identifier." })
  id!: string;

  @Field(() => String, { description: "Human-readable name (algorithm and candidate)." })
  name!: string;

  @Field(() => RunStatus, { description: "Lifecycle state." })
  status!: RunStatus;

  @Field(() => String, { description: ALGORITHM_DESCRIPTION })
  algorithm!: string;

  @Field(() => [Param], { description: "Hyperparameters the run used." })
  params!: Param[];

  @Field(() => [String], { description: "Feature columns the model was trained on, in model order." })
  features!: string[];

  @Field(() => [FeatureContribution], { description: "Mean |SHAP| per feature on the training split (contribution = importance)." })
  featureImportance!: FeatureContribution[];

  @Field(() => DateTimeScalar, { description: "When training started." })
  startedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When training finished or failed; null while queued or running." })
  finishedAt!: Date | null;

  @Field(() => Float, { nullable: true, description: "Wall-clock training time in milliseconds; null until finished." })
  durationMs!: number | null;

  @Field(() => String, { nullable: true, description: "Why the run failed; null unless status is FAILED." })
  error!: string | null;

  @Field(() => Int, { nullable: true, description: "Seed of the train/test split and CV folds this run used (lineage)." })
  splitSeed!: number | null;

  @Field(() => String, { nullable: true, description: "Domus version (and git commit when known) that trained this run (lineage)." })
  codeVersion!: string | null;

  /** Not exposed: resolved into `experiment`. */
  experimentId!: string;

  /** Not exposed: resolved into `dataset`. */
  datasetVersionId!: string | null;
}
