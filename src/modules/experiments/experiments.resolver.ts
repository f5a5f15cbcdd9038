import "reflect-metadata";
import { Authorized, Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Metric } from "../common/metric.type.ts";
import { ModelVersion } from "../models/model-version.type.ts";
import { Artifact } from "./artifact.type.ts";
import { Experiment } from "./experiment.type.ts";
import { Run } from "./run.type.ts";
import { LimitArg, checkedLimit } from "../common/limit.ts";

@Resolver(() => Experiment)
export class ExperimentsResolver {
  @Authorized(Role.READ)
  @Query(() => [Experiment], { description: "All experiments, newest first." })
  experiments(@Ctx() ctx: Context, @LimitArg("experiments, newest first") limit?: number | null): Promise<Experiment[]> {
    return ctx.services.experiments.list(checkedLimit(limit));
  }

  @Authorized(Role.READ)
  @Query(() => Experiment, { nullable: true, description: "One experiment by id; null when none has it." })
  experiment(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "Experiment.id." }) id: string): Promise<Experiment | null> {
    return ctx.loaders.experimentById.load(id);
  }

  @Authorized(Role.READ)
  @Query(() => Run, { nullable: true, description: "One training run by id; null when none has it." })
  run(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "Run.id." }) id: string): Promise<Run | null> {
    return ctx.loaders.runById.load(id);
  }

  @FieldResolver(() => [Run], { description: "Top-level runs, newest first." })
  async runs(@Root() experiment: Experiment, @Ctx() ctx: Context, @LimitArg("runs, newest first") limit?: number | null): Promise<Run[]> {
    const n = checkedLimit(limit);
    return (await ctx.loaders.runsByExperimentId.load(experiment.id)).slice(0, n);
  }

  @FieldResolver(() => Run, {
    nullable: true,
    description: "The finished top-level run with the best final value of `metric` (highest for *r2, lowest otherwise). By CV by default: selection never uses the test split.",
  })
  bestRun(
    @Root() experiment: Experiment,
    @Ctx() ctx: Context,
    @Arg("metric", () => String, { nullable: true, defaultValue: "cv_rmse_mean", description: "Metric key to rank by (default cv_rmse_mean)." }) metric: string | null,
  ): Promise<Run | null> {
    return ctx.services.experiments.bestRun(experiment.id, metric ?? "cv_rmse_mean");
  }
}

@Resolver(() => Run)
export class RunResolver {
  @FieldResolver(() => Experiment, { description: "The experiment this run belongs to." })
  async experiment(@Root() run: Run, @Ctx() ctx: Context): Promise<Experiment> {
    const experiment = await ctx.loaders.experimentById.load(run.experimentId);
    if (!experiment) throw new Error(`run ${run.id} points at a missing experiment ${run.experimentId}`);
    return experiment;
  }

  @FieldResolver(() => [Metric], { description: "test_rmse, test_mae, test_r2, test_mape, train_*, cv_rmse_mean, cv_rmse_std, and per-candidate values by step." })
  metrics(@Root() run: Run, @Ctx() ctx: Context): Promise<Metric[]> {
    return ctx.loaders.metricsByRunId.load(run.id);
  }

  @FieldResolver(() => [Artifact], { description: "Files the run produced (model, plots, reports)." })
  artifacts(@Root() run: Run, @Ctx() ctx: Context): Promise<Artifact[]> {
    return ctx.loaders.artifactsByRunId.load(run.id);
  }

  @FieldResolver(() => ModelVersion, { nullable: true, description: "Set when this run's model was registered." })
  modelVersion(@Root() run: Run, @Ctx() ctx: Context): Promise<ModelVersion | null> {
    return ctx.loaders.modelVersionByRunId.load(run.id);
  }
}
