import "reflect-metadata";
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { FEATURES } from "../../../pipeline/features.ts";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Run } from "../experiments/run.type.ts";
import { DatasetVersion } from "./dataset-version.type.ts";
import { LimitArg, checkedLimit } from "../common/limit.ts";

@Resolver(() => DatasetVersion)
export class DatasetsResolver {
  @Authorized(Role.READ)
  @Query(() => [DatasetVersion], { description: "Registered dataset versions (of one name, if given), newest version first." })
  datasets(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { nullable: true, description: "Only versions of this dataset name; all when omitted." }) name?: string | null,
    @LimitArg("dataset versions") limit?: number | null,
  ): Promise<DatasetVersion[]> {
    return ctx.services.datasets.list(name, checkedLimit(limit));
  }

  @Authorized(Role.READ)
  @Query(() => DatasetVersion, { nullable: true, description: "One dataset version by id; null when none has it." })
  dataset(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "DatasetVersion.id." }) id: string): Promise<DatasetVersion | null> {
    return ctx.loaders.datasetById.load(id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DatasetVersion, {
    description: `Registers CSV text (a header with the ${FEATURES.length} features and MEDV) as a new version of \`name\`; the same rows return the existing version. ADMIN.`,
  })
  async registerDataset(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { description: "Dataset name; versions of one name are numbered in order." }) name: string,
    @Arg("csv", () => String, { description: "CSV text with a header row naming the feature columns and MEDV." }) csv: string,
    @Arg("source", () => String, { nullable: true, description: 'Where the rows come from, e.g. the file name (default "api"); at most 200 characters.' }) source?: string | null,
  ): Promise<DatasetVersion> {
    return (await ctx.services.datasets.register(name, csv, source ?? "api")).dataset;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DatasetVersion, {
    nullable: true,
    description: "Outcomes become data (ADMIN): a new version of the base dataset (default: the latest of the configured dataset) plus every prediction with a recorded outcome, MEDV = the actual value; null when no outcome exists yet.",
  })
  async registerDatasetFromOutcomes(@Ctx() ctx: Context, @Arg("baseId", () => ID, { nullable: true, description: "DatasetVersion.id to extend with labelled production rows." }) baseId?: string | null): Promise<DatasetVersion | null> {
    const base = baseId ? await ctx.services.datasets.resolve(baseId) : await ctx.services.datasets.trainingDefault();
    if (!base) return null;
    return (await ctx.services.datasets.withOutcomes(base.id))?.dataset ?? null;
  }

  @FieldResolver(() => [Run], { description: "Top-level runs trained on this version, newest first." })
  async runs(@Root() dataset: DatasetVersion, @Ctx() ctx: Context, @LimitArg("runs, newest first") limit?: number | null): Promise<Run[]> {
    const n = checkedLimit(limit);
    return (await ctx.loaders.runsByDatasetId.load(dataset.id)).slice(0, n);
  }

  @FieldResolver(() => String, { description: "The exact normalised rows (CSV with a header), as stored." })
  csv(@Root() dataset: DatasetVersion, @Ctx() ctx: Context): Promise<string> {
    return ctx.services.datasets.exportCsv(dataset.id);
  }
}

@Resolver(() => Run)
export class RunDatasetResolver {
  @FieldResolver(() => DatasetVersion, { nullable: true, description: "The dataset version this run trained on (null for runs older than dataset versions)." })
  dataset(@Root() run: Run, @Ctx() ctx: Context): Promise<DatasetVersion | null> {
    return run.datasetVersionId ? ctx.loaders.datasetById.load(run.datasetVersionId) : Promise.resolve(null);
  }
}
