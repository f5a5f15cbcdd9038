import "reflect-metadata";
import { Authorized, Ctx, Query, Resolver } from "type-graphql";
import { PUBLIC } from "../auth/access.ts";
import type { Context } from "../../context.ts";
import { Health } from "./health.type.ts";

@Resolver()
export class HealthResolver {
  @Authorized(PUBLIC)
  @Query(() => Health, { description: "Liveness and readiness; the one operation that needs no API key." })
  health(@Ctx() ctx: Context): Promise<Health> {
    return ctx.services.health.health();
  }
}
