import "reflect-metadata";
import { Authorized, Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Topic } from "../../pubsub.ts";
import { DateTimeScalar } from "../common/scalars.ts";
import { DriftAlert, DriftReport } from "./drift.type.ts";

@Resolver()
export class DriftResolver {
  @Authorized(Role.READ)
  @Query(() => [DriftReport], { description: "Most recent drift reports first; limit at most 500." })
  driftReports(@Ctx() ctx: Context, @Arg("limit", () => Int, { nullable: true, defaultValue: 20, description: "Most recent reports to return." }) limit?: number | null): Promise<DriftReport[]> {
    return ctx.services.drift.reports(limit ?? 20);
  }

  @Authorized(Role.READ)
  @Query(() => DriftReport, { nullable: true, description: "One drift report by id; null when none has it." })
  driftReport(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "DriftReport.id." }) id: string): Promise<DriftReport | null> {
    return ctx.services.drift.report(id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DriftReport, { description: "Checks the champion's recent predictions (optionally only those since `since`) against its training data (ADMIN)." })
  runDriftCheck(@Ctx() ctx: Context, @Arg("since", () => DateTimeScalar, { nullable: true, description: "Compare every prediction logged since this time (a uniform sample of at most DRIFT_SAMPLE_SIZE of them); the most recent DRIFT_WINDOW_SIZE predictions when omitted." }) since?: Date | null): Promise<DriftReport> {
    return ctx.services.drift.check(since);
  }

  @Authorized(Role.READ)
  @Subscription(() => DriftAlert, {
    description: "Dataset drift: on entering drift, and when the set of drifted features changes.",
    subscribe: ({ context }) => (context as Context).services.pubsub.subscribe(Topic.DriftAlert),
  })
  driftAlert(@Root() alert: DriftAlert): DriftAlert {
    return alert;
  }
}
