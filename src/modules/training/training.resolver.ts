import "reflect-metadata";
import { filter, pipe } from "@graphql-yoga/subscription";
import { Authorized, Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Topic } from "../../pubsub.ts";
import { Experiment } from "../experiments/experiment.type.ts";
import { TrainingJob, TrainingProgress, TrainingRunInput } from "./training.type.ts";

@Resolver(() => TrainingJob)
export class TrainingResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => TrainingJob, { description: "Starts the training pipeline off the request path (ADMIN); follow it with trainingProgress(jobId)." })
  startTraining(@Ctx() ctx: Context, @Arg("input", () => TrainingRunInput, { nullable: true, description: "What to train on and how; defaults apply to omitted fields." }) input?: TrainingRunInput | null): Promise<TrainingJob> {
    return ctx.services.training.start(input);
  }

  @Authorized(Role.READ)
  @Query(() => TrainingJob, { nullable: true, description: "One training job by id; null when none has it." })
  trainingJob(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "TrainingJob.id (as returned by startTraining)." }) id: string): Promise<TrainingJob | null> {
    return ctx.services.training.job(id);
  }

  @FieldResolver(() => Experiment, { nullable: true, description: "The (first) experiment the job records its runs in." })
  experiment(@Root() job: TrainingJob, @Ctx() ctx: Context): Promise<Experiment | null> | null {
    return job.experimentId ? ctx.loaders.experimentById.load(job.experimentId) : null;
  }

  @Authorized(Role.READ)
  @Subscription(() => TrainingProgress, {
    description: "Progress of one training job, ending with stage 'done' (FINISHED) or 'failed' (FAILED).",
    subscribe: ({ args, context }) =>
      pipe(
        (context as Context).services.pubsub.subscribe<TrainingProgress>(Topic.TrainingProgress),
        filter((p: TrainingProgress) => p.jobId === (args as { jobId: string }).jobId),
      ),
  })
  trainingProgress(@Root() progress: TrainingProgress, @Arg("jobId", () => ID, { description: "TrainingJob.id to follow." }) _jobId: string): TrainingProgress {
    return progress;
  }
}
