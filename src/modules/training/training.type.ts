import "reflect-metadata";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { RunStatus } from "../common/enums.ts";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "A training job started by startTraining; `experiment` is resolved by TrainingResolver." })
export class TrainingJob {
  @Field(() => ID, { description: "Opaque identifier (follow it with trainingProgress)." })
  id!: string;

  @Field(() => RunStatus, { description: "Lifecycle state." })
  status!: RunStatus;

  @Field(() => DateTimeScalar, { description: "When the job started." })
  startedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the job finished or failed; null while running." })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Why the job failed." })
  error!: string | null;

  /** Not exposed: resolved into `experiment`. */
  experimentId!: string | null;
}

@ObjectType({ description: "Progress of a training job: one event per finished step of each run, then a final one." })
export class TrainingProgress {
  @Field(() => ID, { description: "TrainingJob.id." })
  jobId!: string;

  @Field(() => String, { description: 'e.g. "gbdt-random-search/gbdt-search-all-features", or "done"' })
  stage!: string;

  @Field(() => Int, { description: "Runs finished so far." })
  completed!: number;

  @Field(() => Int, { description: "Runs the job will make." })
  total!: number;

  @Field(() => String, { nullable: true, description: "What happens now, in words." })
  message!: string | null;

  @Field(() => RunStatus, { description: "The job's state." })
  status!: RunStatus;
}

@InputType({ description: "Options of a training job; omitted ones come from the server's configuration." })
export class TrainingRunInput {
  @Field(() => String, { nullable: true, description: "Record every run of this job in one experiment of this name." })
  experimentName?: string | null;

  @Field(() => Int, { nullable: true, description: "Candidates per random search, 1..1000." })
  searchIterations?: number | null;

  @Field(() => Int, { nullable: true, description: "Cross-validation folds, 2..20." })
  cvFolds?: number | null;

  @Field(() => Int, { nullable: true, description: "Seed of the split, folds and searches, >= 0." })
  seed?: number | null;

  @Field(() => ID, { nullable: true, description: "Train on this dataset version (see `datasets`); default: the latest version of the configured dataset." })
  datasetId?: string | null;
}
