import "reflect-metadata";
import { Authorized, Arg, Ctx, Query, Resolver } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { windowKey } from "../loaders.ts";
import { DateTimeScalar } from "../common/scalars.ts";
import { ServingMetrics } from "./serving-metrics.type.ts";

@Resolver()
export class MonitoringResolver {
  @Authorized(Role.READ)
  @Query(() => ServingMetrics, {
    description:
      "Serving statistics over [since, until); defaults: the last hour up to now. Read from 10-second rollups: since is rounded down and until up to a bucket edge (a multiple of 10 s since the epoch), so windows within the same buckets are computed once per request.",
  })
  servingMetrics(
    @Ctx() ctx: Context,
    @Arg("since", () => DateTimeScalar, { nullable: true, description: "Window start (inclusive); defaults to the window configured for serving metrics." }) since?: Date | null,
    @Arg("until", () => DateTimeScalar, { nullable: true, description: "Window end (exclusive); now when omitted." }) until?: Date | null,
  ): Promise<ServingMetrics> {
    // Keyed by the bucket-aligned window: aliases whose windows round to the same buckets share one read.
    const { windowStart, windowEnd } = ctx.services.servingMetrics.window(since, until);
    return ctx.loaders.servingMetrics.load(windowKey(windowStart, windowEnd));
  }
}
