import { Arg, Ctx, Int, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.ts";
import { HousingFeaturesInput } from "./housing-features.input.ts";
import { Explanation } from "./explanation.type.ts";
import { BatchPrediction, Prediction } from "./prediction.type.ts";

@Resolver()
export class PredictionsResolver {
  @Mutation(() => Prediction, { description: "Predicts MEDV for one input with the champion (or `modelVersion`); the prediction is stored before the response." })
  predict(
    @Ctx() ctx: Context,
    @Arg("input", () => HousingFeaturesInput) input: HousingFeaturesInput,
    @Arg("modelVersion", () => Int, { nullable: true }) modelVersion?: number | null,
  ): Promise<Prediction> {
    return ctx.services.predictions.predict(input as unknown as Record<string, unknown>, modelVersion, ctx);
  }

  @Mutation(() => BatchPrediction, { description: "Predicts every input (at most MAX_BATCH_SIZE) with one model version; results keep the input order." })
  async batchPredict(
    @Ctx() ctx: Context,
    @Arg("inputs", () => [HousingFeaturesInput]) inputs: HousingFeaturesInput[],
    @Arg("modelVersion", () => Int, { nullable: true }) modelVersion?: number | null,
  ): Promise<BatchPrediction> {
    const result = await ctx.services.predictions.predictBatch(inputs as unknown as Record<string, unknown>[], modelVersion, ctx);
    return { ...result, count: result.predictions.length };
  }

  @Mutation(() => Explanation, { description: "Exact SHAP contributions of one input (PREDICT role); not stored as a prediction." })
  explain(
    @Ctx() ctx: Context,
    @Arg("input", () => HousingFeaturesInput) input: HousingFeaturesInput,
    @Arg("modelVersion", () => Int, { nullable: true }) modelVersion?: number | null,
  ): Promise<Explanation> {
    return ctx.services.predictions.explain(input as unknown as Record<string, unknown>, modelVersion);
  }
}
