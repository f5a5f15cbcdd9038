import "reflect-metadata";
import { Arg, Ctx, Int, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.ts";
import { OutcomeInput } from "./outcome.input.ts";

@Resolver()
export class OutcomesResolver {
  @Mutation(() => Int, { description: "Stores the actual value of logged predictions, once each (PREDICT); all or nothing; returns the rows stored." })
  recordOutcomes(@Ctx() ctx: Context, @Arg("outcomes", () => [OutcomeInput]) outcomes: OutcomeInput[]): Promise<number> {
    return ctx.services.outcomes.record(outcomes, ctx.apiKeyId);
  }
}
