import "reflect-metadata";
import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { RetrainingPolicy, RetrainingPolicyInput, RetrainingTrigger } from "./retraining.type.ts";

@Resolver()
export class RetrainingResolver {
  @Authorized(Role.READ)
  @Query(() => RetrainingPolicy, { description: "The retraining loop's policy (defaults while never set: disabled)." })
  retrainingPolicy(@Ctx() ctx: Context): Promise<RetrainingPolicy> {
    return ctx.services.retraining.get();
  }

  @Authorized(Role.READ)
  @Query(() => [RetrainingTrigger], { description: "The loop's decisions, newest first: what triggered it and what happened (at most 200)." })
  retrainingTriggers(@Ctx() ctx: Context, @Arg("limit", () => Int, { nullable: true, defaultValue: 20, description: "Most recent triggers to return." }) limit: number | null): Promise<RetrainingTrigger[]> {
    return ctx.services.retraining.triggers(limit ?? 20);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => RetrainingPolicy, { description: "Changes the retraining policy (ADMIN); omitted fields keep their value." })
  setRetrainingPolicy(@Ctx() ctx: Context, @Arg("input", () => RetrainingPolicyInput, { description: "Fields to change; omitted ones keep their value." }) input: RetrainingPolicyInput): Promise<RetrainingPolicy> {
    return ctx.services.retraining.set(input);
  }
}
