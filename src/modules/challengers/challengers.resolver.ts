import "reflect-metadata";
import { Arg, Authorized, Ctx, Float, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Topic } from "../../pubsub.ts";
import { DateTimeScalar } from "../common/scalars.ts";
import { refreshLoaders } from "../loaders.ts";
import { Challenger, ChallengerMode, ChallengerReport, VersionPerformance } from "./challenger.type.ts";

@Resolver()
export class ChallengersResolver {
  @Authorized(Role.READ)
  @Query(() => Challenger, { nullable: true, description: "The challenger of a model (default: the served model), or null." })
  challenger(@Ctx() ctx: Context, @Arg("name", () => String, { nullable: true, description: "Model name; the default model when omitted." }) name?: string | null): Promise<Challenger | null> {
    return ctx.services.challengers.get(name);
  }

  @Authorized(Role.READ)
  @Query(() => ChallengerReport, { nullable: true, description: "Champion and challenger side by side since `since` (default: when the challenger was set); null without a challenger." })
  challengerReport(@Ctx() ctx: Context, @Arg("since", () => DateTimeScalar, { nullable: true, description: "Compare rows scored since this time; since the challenger was set when omitted." }) since?: Date | null): Promise<ChallengerReport | null> {
    return ctx.services.challengers.report(since);
  }

  @Authorized(Role.READ)
  @Query(() => [VersionPerformance], { description: "Per version, over [since, until) (default: the last 24 h): rows scored (served and shadow), outcomes, RMSE/MAE, latency." })
  performance(
    @Ctx() ctx: Context,
    @Arg("since", () => DateTimeScalar, { nullable: true, description: "Window start (inclusive); all rows when omitted." }) since?: Date | null,
    @Arg("until", () => DateTimeScalar, { nullable: true, description: "Window end (exclusive); now when omitted." }) until?: Date | null,
  ): Promise<VersionPerformance[]> {
    return ctx.services.performance.performance(since, until);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Challenger, { description: "Makes a version the challenger of the champion (ADMIN): it must load and pass the quality gate's R² floor." })
  setChallenger(
    @Ctx() ctx: Context,
    @Arg("version", () => Int, { description: "ModelVersion.version to challenge the champion." }) version: number,
    @Arg("mode", () => ChallengerMode, { description: "SHADOW (off the response path) or CANARY (answers a share of requests)." }) mode: ChallengerMode,
    @Arg("trafficPercent", () => Float, { nullable: true, defaultValue: 0, description: "CANARY: 0 < p <= 50; SHADOW: 0" }) trafficPercent?: number | null,
    @Arg("name", () => String, { nullable: true, description: "Defaults to the served model (MODEL_NAME)." }) name?: string | null,
  ): Promise<Challenger> {
    return ctx.services.challengers.set(version, mode, trafficPercent, name, ctx.apiKeyId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: "Ends the challenge (ADMIN); false when there was none." })
  clearChallenger(@Ctx() ctx: Context, @Arg("name", () => String, { nullable: true, description: "Model name; the default model when omitted." }) name?: string | null): Promise<boolean> {
    return ctx.services.challengers.clear(name, ctx.apiKeyId);
  }

  @Authorized(Role.READ)
  @Subscription(() => ChallengerReport, {
    description: "The challenger report whenever traffic, outcomes or the challenger change (at most once per CHALLENGER_REPORT_THROTTLE_MS per replica).",
    subscribe: ({ context }) => (context as Context).services.pubsub.subscribe(Topic.ChallengerReportUpdated),
  })
  challengerReportUpdated(@Root() report: ChallengerReport, @Ctx() ctx: Context): ChallengerReport {
    refreshLoaders(ctx);
    return report;
  }
}
