import "reflect-metadata";
import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { OutcomeInput } from "./outcome.input.ts";

@Resolver()
export class OutcomesResolver {
  @Authorized(Role.PREDICT)
  @Mutation(() => Int, {
    description:
      "Stores the actual value of logged predictions, once each (PREDICT); only the key that made a prediction, or an ADMIN key, may record its outcome (FORBIDDEN otherwise); all or nothing; returns the rows stored.",
  })
  recordOutcomes(
    @Ctx() ctx: Context,
    @Arg("outcomes", () => [OutcomeInput], { description: "Observed actual values, one per prediction." }) outcomes: OutcomeInput[],
    @Arg("replace", () => Boolean, { defaultValue: false, description: "Correct outcomes already recorded (otherwise a second outcome for a prediction is refused)." }) replace: boolean,
  ): Promise<number> {
    return ctx.services.outcomes.record(outcomes, { apiKeyId: ctx.apiKeyId, role: ctx.principal?.role ?? null }, replace);
  }
}
