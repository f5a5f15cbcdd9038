import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../common/scalars.ts";

@ObjectType({
  description:
    "Server-side model compute latency per row (a request's inference time shared by its rows; not end-to-end request latency). Read from the monitoring rollups: count, mean and max are exact; percentiles are DDSketch estimates within 0.5 % of an order statistic at the rank (relative accuracy 0.005).",
})
export class LatencyStats {
  @Field(() => Int, { description: "Rows measured." }) count!: number;
  @Field(() => Float, { description: "Mean latency, milliseconds." }) meanMs!: number;
  @Field(() => Float, { description: "Median latency, milliseconds." }) p50Ms!: number;
  @Field(() => Float, { description: "95th percentile latency, milliseconds." }) p95Ms!: number;
  @Field(() => Float, { description: "99th percentile latency, milliseconds." }) p99Ms!: number;
  @Field(() => Float, { description: "Largest latency, milliseconds." }) maxMs!: number;
}

@ObjectType({ description: "Distribution of predicted values ($1000s); std is the population standard deviation; count, mean, std, min and max are exact; quartiles are DDSketch estimates (relative accuracy 0.005)." })
export class PredictionStats {
  @Field(() => Int, { description: "Predictions in the window." }) count!: number;
  @Field(() => Float, { description: "Mean predicted MEDV ($1000s); null when none." }) mean!: number;
  @Field(() => Float, { description: "Standard deviation of predicted MEDV; null with fewer than two." }) std!: number;
  @Field(() => Float, { description: "Smallest prediction; null when none." }) min!: number;
  @Field(() => Float, { description: "Largest prediction; null when none." }) max!: number;
  @Field(() => Float, { description: "25th percentile; null when none." }) p25!: number;
  @Field(() => Float, { description: "Median; null when none." }) median!: number;
  @Field(() => Float, { description: "75th percentile; null when none." }) p75!: number;
}

@ObjectType({
  description:
    "Serving statistics over [windowStart, windowEnd), read from 10-second monitoring rollups: rows are counted by whole buckets, the requested window is widened to bucket edges (since rounded down, until rounded up to a multiple of 10 s since the epoch) and windowStart/windowEnd report the widened window that was read; rates divide by it. All zeros when the window holds no predictions.",
})
export class ServingMetrics {
  @Field(() => DateTimeScalar, { description: "Start of the window (inclusive)." }) windowStart!: Date;
  @Field(() => DateTimeScalar, { description: "End of the window (exclusive)." }) windowEnd!: Date;
  @Field(() => Int, { description: "Logged predictions (batch rows count one each)." }) totalPredictions!: number;
  @Field(() => Float, { description: "Predictions in the window divided by its length in minutes." }) predictionsPerMinute!: number;
  @Field(() => Int, { description: "Requests that logged at least one prediction." }) successfulRequests!: number;
  @Field(() => Int, { description: "Requests that returned at least one error (a request with several errors counts once)." }) failedRequests!: number;
  @Field(() => Int, { description: "Errors returned to clients in the window (a request may return several)." }) errorCount!: number;
  @Field(() => Float, { description: "Failed requests / all requests: failedRequests / (failedRequests + successfulRequests); 0 with no requests." }) errorRate!: number;
  @Field(() => JSONScalar, { description: "Error counts by contract code, e.g. { BAD_USER_INPUT: 3 }." }) errorsByCode!: Record<string, number>;
  @Field(() => LatencyStats, { description: "Inference latency of the predictions in the window." }) latency!: LatencyStats;
  @Field(() => PredictionStats, { description: "Distribution of predicted values in the window." }) predictions!: PredictionStats;
  @Field(() => JSONScalar, { description: "Per model version: { count, latency: LatencyStats, predictions: PredictionStats }." }) byModelVersion!: Record<string, unknown>;
}
