import "reflect-metadata";
import { filter, pipe } from "@graphql-yoga/subscription";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, Float, Info, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Role } from "../common/enums.ts";
import type { Context } from "../../context.ts";
import { Topic } from "../../pubsub.ts";
import { checkLevel } from "../intervals/interval-level.ts";
import { PredictionConnection, PredictionFilter } from "./prediction-connection.type.ts";
import { batchArgument } from "./batch-arguments.ts";
import { parseColumnInputs, parseRowInputs } from "./feature-validator.ts";
import { HousingColumnsInput, HousingFeaturesInput } from "./housing-features.input.ts";
import { Explanation } from "./explanation.type.ts";
import { BatchPrediction, ColumnarPrediction, InvalidRowPolicy, Prediction } from "./prediction.type.ts";

@Resolver()
export class PredictionsResolver {
  @Authorized(Role.PREDICT)
  @Mutation(() => Prediction, { description: "Predicts MEDV for one input with the champion (or `modelVersion`); the prediction is stored before the response." })
  predict(
    @Ctx() ctx: Context,
    @Arg("input", () => HousingFeaturesInput, { description: "One row of features." }) input: HousingFeaturesInput,
    @Arg("modelVersion", () => Int, { nullable: true, description: "Score with this version instead of the champion (and no canary routing)." }) modelVersion?: number | null,
    @Arg("routingKey", () => String, { nullable: true, description: "While a canary challenger runs, the same key is always answered by the same version (default: the request id)." })
    routingKey?: string | null,
  ): Promise<Prediction> {
    return ctx.services.predictions.predict(input as unknown as Record<string, unknown>, modelVersion, ctx, routingKey);
  }

  @Authorized(Role.PREDICT)
  @Mutation(() => BatchPrediction, {
    description: "Predicts every input (at most MAX_BATCH_SIZE) with one model version; results keep the input order. onInvalid: REJECT fails on any invalid row, SKIP predicts the valid rows and reports the others.",
  })
  batchPredict(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("inputs", () => [HousingFeaturesInput], { description: "Rows to score, one object per row (bounded by the batch-size limit)." }) inputs: HousingFeaturesInput[],
    @Arg("modelVersion", () => Int, { nullable: true, description: "Score with this version instead of the champion." }) modelVersion?: number | null,
    @Arg("onInvalid", () => InvalidRowPolicy, { nullable: true, defaultValue: InvalidRowPolicy.REJECT, description: "REJECT (default) fails the whole batch on any invalid row; SKIP scores the valid rows and reports the others." }) onInvalid?: InvalidRowPolicy | null,
  ): Promise<BatchPrediction> {
    const batch = parseRowInputs(batchArgument(ctx, info, "inputs", inputs));
    return ctx.services.predictions.predictBatch(batch, modelVersion, onInvalid ?? InvalidRowPolicy.REJECT, ctx);
  }

  @Authorized(Role.PREDICT)
  @Mutation(() => ColumnarPrediction, {
    description: "Columnar batch (PREDICT): one list per feature, the fast path for files and bulk clients; errors name input.<FEATURE>.<row>. onInvalid as in batchPredict.",
  })
  batchPredictColumns(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg("input", () => HousingColumnsInput, { description: "Rows to score as one list per feature, all lists the same length." }) input: HousingColumnsInput,
    @Arg("modelVersion", () => Int, { nullable: true, description: "Score with this version instead of the champion." }) modelVersion?: number | null,
    @Arg("onInvalid", () => InvalidRowPolicy, { nullable: true, defaultValue: InvalidRowPolicy.REJECT, description: "REJECT (default) fails the whole batch on any invalid row; SKIP scores the valid rows and reports the others." }) onInvalid?: InvalidRowPolicy | null,
    @Arg("intervalLevel", () => Float, { nullable: true, description: "Also return lower/upper bounds of the prediction interval at this level (0.5–0.99)." }) intervalLevel?: number | null,
  ): Promise<ColumnarPrediction> {
    // Checked before anything is predicted or stored.
    const level = intervalLevel === null || intervalLevel === undefined ? null : checkLevel(intervalLevel, "intervalLevel");
    const batch = parseColumnInputs(batchArgument(ctx, info, "input", input));
    return ctx.services.predictions.predictColumns(batch, modelVersion, onInvalid ?? InvalidRowPolicy.REJECT, ctx, level);
  }

  @Authorized(Role.PREDICT)
  @Mutation(() => Explanation, { description: "Exact SHAP contributions of one input (PREDICT role); not stored as a prediction." })
  explain(
    @Ctx() ctx: Context,
    @Arg("input", () => HousingFeaturesInput, { description: "The row to predict and explain." }) input: HousingFeaturesInput,
    @Arg("modelVersion", () => Int, { nullable: true, description: "Explain this version instead of the champion." }) modelVersion?: number | null,
  ): Promise<Explanation> {
    return ctx.services.predictions.explain(input as unknown as Record<string, unknown>, modelVersion);
  }

  @Authorized(Role.READ)
  @Query(() => PredictionConnection, { description: "Logged predictions, newest first; `first` at most 500." })
  predictions(
    @Ctx() ctx: Context,
    @Arg("filter", () => PredictionFilter, { nullable: true, description: "Narrows the logged predictions; all when omitted." }) filter?: PredictionFilter | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50, description: "Page size: edges to return (default 50)." }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor (PageInfo.endCursor of the previous page): return rows after it; from the newest when omitted." }) after?: string | null,
  ): Promise<PredictionConnection> {
    return ctx.services.predictionHistory.list(filter, first ?? 50, after);
  }

  @Authorized(Role.READ)
  @Subscription(() => Prediction, {
    description: "Every logged prediction, live, optionally of one model version.",
    subscribe: ({ args, context }) => {
      const version = (args as { modelVersion?: number | null }).modelVersion;
      const events = (context as Context).services.pubsub.subscribe<Prediction>(Topic.PredictionMade);
      return version === null || version === undefined ? events : pipe(events, filter((p: Prediction) => p.modelVersion === version));
    },
  })
  predictionMade(@Root() prediction: Prediction, @Arg("modelVersion", () => Int, { nullable: true, description: "Only predictions of this version; all when omitted." }) _modelVersion?: number | null): Prediction {
    return prediction;
  }
}
