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
  challenger(@Ctx() ctx: Context, @Arg("name", () => String, { nullable: true }) name?: string | null): Promise<Challenger | null> {
    return ctx.services.challengers.get(name);
  }

  @Authorized(Role.READ)
  @Query(() => ChallengerReport, { nullable: true, description: "Champion and challenger side by side since `since` (default: when the challenger was set); null without a challenger." })
  challengerReport(@Ctx() ctx: Context, @Arg("since", () => DateTimeScalar, { nullable: true }) since?: Date | null): Promise<ChallengerReport | null> {
    return ctx.services.challengers.report(since);
  }

  @Authorized(Role.READ)
  @Query(() => [VersionPerformance], { description: "Per version, over [since, until) (default: the last 24 h): rows scored (served and shadow), outcomes, RMSE/MAE, latency." })
  performance(
    @Ctx() ctx: Context,
    @Arg("since", () => DateTimeScalar, { nullable: true }) since?: Date | null,
    @Arg("until", () => DateTimeScalar, { nullable: true }) until?: Date | null,
  ): Promise<VersionPerformance[]> {
    return ctx.services.performance.performance(since, until);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Challenger, { description: "Makes a version the challenger of the champion (ADMIN): it must load and pass the quality gate's R² floor." })
  setChallenger(
    @Ctx() ctx: Context,
    @Arg("version", () => Int) version: number,
    @Arg("mode", () => ChallengerMode) mode: ChallengerMode,
    @Arg("trafficPercent", () => Float, { nullable: true, defaultValue: 0, description: "CANARY: 0 < p <= 50; SHADOW: 0" }) trafficPercent?: number | null,
    @Arg("name", () => String, { nullable: true, description: "Defaults to the served model (MODEL_NAME)." }) name?: string | null,
  ): Promise<Challenger> {
    return ctx.services.challengers.set(version, mode, trafficPercent, name, ctx.apiKeyId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Boolean, { description: "Ends the challenge (ADMIN); false when there was none." })
  clearChallenger(@Ctx() ctx: Context, @Arg("name", () => String, { nullable: true }) name?: string | null): Promise<boolean> {
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
