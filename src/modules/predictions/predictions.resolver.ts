import "reflect-metadata";
import { filter, pipe } from "@graphql-yoga/subscription";
import { Arg, Ctx, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import type { Context } from "../../context.ts";
import { Topic } from "../../pubsub.ts";
import { PredictionConnection, PredictionFilter } from "./prediction-connection.type.ts";
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
    @Arg("routingKey", () => String, { nullable: true, description: "While a canary challenger runs, the same key is always answered by the same version (default: the request id)." })
    routingKey?: string | null,
  ): Promise<Prediction> {
    return ctx.services.predictions.predict(input as unknown as Record<string, unknown>, modelVersion, ctx, routingKey);
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

  @Query(() => PredictionConnection, { description: "Logged predictions, newest first; `first` at most 500." })
  predictions(
    @Ctx() ctx: Context,
    @Arg("filter", () => PredictionFilter, { nullable: true }) filter?: PredictionFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg("after", () => String, { nullable: true }) after?: string | null,
  ): Promise<PredictionConnection> {
    return ctx.services.predictionHistory.list(filter, first ?? 50, after);
  }

  @Subscription(() => Prediction, {
    description: "Every logged prediction, live, optionally of one model version.",
    subscribe: ({ args, context }) => {
      const version = (args as { modelVersion?: number | null }).modelVersion;
      const events = (context as Context).services.pubsub.subscribe<Prediction>(Topic.PredictionMade);
      return version === null || version === undefined ? events : pipe(events, filter((p: Prediction) => p.modelVersion === version));
    },
  })
  predictionMade(@Root() prediction: Prediction, @Arg("modelVersion", () => Int, { nullable: true }) _modelVersion?: number | null): Prediction {
    return prediction;
  }
}
