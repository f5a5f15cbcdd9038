import "reflect-metadata";
import { Authorized, Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Topic } from "../../pubsub.ts";
import { refreshLoaders } from "../loaders.ts";
import { ModelStatus } from "../common/enums.ts";
import { Run } from "../experiments/run.type.ts";
import { ModelVersion } from "./model-version.type.ts";
import { LimitArg, checkedLimit } from "../common/limit.ts";

@Resolver(() => ModelVersion)
export class ModelsResolver {
  @Authorized(Role.READ)
  @Query(() => ModelVersion, { nullable: true, description: "The version serving by default." })
  champion(@Ctx() ctx: Context): Promise<ModelVersion | null> {
    return ctx.services.models.served(ctx.services.modelStore.champion);
  }

  @Authorized(Role.READ)
  @Query(() => [ModelVersion], { description: "Registered versions, by name then newest first." })
  models(
    @Ctx() ctx: Context,
    @Arg("name", () => String, { nullable: true, description: "Only versions of this model name; all names when omitted." }) name?: string | null,
    @Arg("status", () => ModelStatus, { nullable: true, description: "Only versions in this status; any status when omitted." }) status?: ModelStatus | null,
    @LimitArg("versions") limit?: number | null,
  ): Promise<ModelVersion[]> {
    return ctx.services.models.list({ name, status }, checkedLimit(limit));
  }

  @Authorized(Role.READ)
  @Query(() => ModelVersion, { nullable: true, description: "One model version by number; null when it does not exist." })
  model(
    @Ctx() ctx: Context,
    @Arg("version", () => Int, { description: "ModelVersion.version (1-based, per model name)." }) version: number,
    @Arg("name", () => String, { nullable: true, description: "Defaults to the served model (MODEL_NAME)." }) name?: string | null,
  ): Promise<ModelVersion | null> {
    return ctx.services.models.get(version, name);
  }

  @FieldResolver(() => Run, { nullable: true, description: "The training run that produced this version." })
  run(@Root() version: ModelVersion, @Ctx() ctx: Context): Promise<Run | null> | null {
    return version.runId ? ctx.loaders.runById.load(version.runId) : null;
  }
}

@Resolver()
export class RegistryResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => ModelVersion, { description: "Makes the version the champion and archives the previous one (ADMIN)." })
  promoteModel(
    @Ctx() ctx: Context,
    @Arg("version", () => Int, { description: "ModelVersion.version to make the champion." }) version: number,
    @Arg("name", () => String, { nullable: true, description: "Defaults to the served model (MODEL_NAME)." }) name?: string | null,
  ): Promise<ModelVersion> {
    return ctx.services.registry.promote(version, name, ctx.apiKeyId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ModelVersion, { description: "Re-promotes the previous champion (ADMIN)." })
  rollbackModel(@Ctx() ctx: Context, @Arg("name", () => String, { nullable: true, description: "Model name; the default model when omitted." }) name?: string | null): Promise<ModelVersion> {
    return ctx.services.registry.rollback(name, ctx.apiKeyId);
  }

  @Authorized(Role.READ)
  @Subscription(() => ModelVersion, {
    description: "Every promotion or rollback, as it happens.",
    subscribe: ({ context }) => (context as Context).services.pubsub.subscribe(Topic.ModelPromoted),
  })
  modelPromoted(@Root() version: ModelVersion, @Ctx() ctx: Context): ModelVersion {
    refreshLoaders(ctx);
    return version;
  }
}
