import "reflect-metadata";
import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.ts";
import { DateTimeScalar } from "../common/scalars.ts";
import { ServingMetrics } from "./serving-metrics.type.ts";

@Resolver()
export class MonitoringResolver {
  @Query(() => ServingMetrics, { description: "Serving statistics over [since, until); defaults: the last hour up to now." })
  servingMetrics(
    @Ctx() ctx: Context,
    @Arg("since", () => DateTimeScalar, { nullable: true }) since?: Date | null,
    @Arg("until", () => DateTimeScalar, { nullable: true }) until?: Date | null,
  ): Promise<ServingMetrics> {
    return ctx.services.servingMetrics.compute(since, until);
  }
}
