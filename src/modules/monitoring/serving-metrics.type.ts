import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../common/scalars.ts";

@ObjectType({
  description:
    "Server-side model compute latency per row (a request's inference time shared by its rows; not end-to-end request latency). Read from the monitoring rollups: count, mean and max are exact; percentiles are DDSketch estimates within 0.5 % of an order statistic at the rank (relative accuracy 0.005).",
})
export class LatencyStats {
  @Field(() => Int) count!: number;
  @Field(() => Float) meanMs!: number;
  @Field(() => Float) p50Ms!: number;
  @Field(() => Float) p95Ms!: number;
  @Field(() => Float) p99Ms!: number;
  @Field(() => Float) maxMs!: number;
}

@ObjectType({ description: "Distribution of predicted values ($1000s); std is the population standard deviation; count, mean, std, min and max are exact; quartiles are DDSketch estimates (relative accuracy 0.005)." })
export class PredictionStats {
  @Field(() => Int) count!: number;
  @Field(() => Float) mean!: number;
  @Field(() => Float) std!: number;
  @Field(() => Float) min!: number;
  @Field(() => Float) max!: number;
  @Field(() => Float) p25!: number;
  @Field(() => Float) median!: number;
  @Field(() => Float) p75!: number;
}

@ObjectType({
  description:
    "Serving statistics over [windowStart, windowEnd), read from 10-second monitoring rollups: rows are counted by whole buckets, the requested window is widened to bucket edges (since rounded down, until rounded up to a multiple of 10 s since the epoch) and windowStart/windowEnd report the widened window that was read; rates divide by it. All zeros when the window holds no predictions.",
})
export class ServingMetrics {
  @Field(() => DateTimeScalar) windowStart!: Date;
  @Field(() => DateTimeScalar) windowEnd!: Date;
  @Field(() => Int, { description: "Logged predictions (batch rows count one each)." }) totalPredictions!: number;
  @Field(() => Float) predictionsPerMinute!: number;
  @Field(() => Int, { description: "Requests that logged at least one prediction." }) successfulRequests!: number;
  @Field(() => Int, { description: "Requests that returned at least one error (a request with several errors counts once)." }) failedRequests!: number;
  @Field(() => Int, { description: "Errors returned to clients in the window (a request may return several)." }) errorCount!: number;
  @Field(() => Float, { description: "Failed requests / all requests: failedRequests / (failedRequests + successfulRequests); 0 with no requests." }) errorRate!: number;
  @Field(() => JSONScalar, { description: "Error counts by contract code, e.g. { BAD_USER_INPUT: 3 }." }) errorsByCode!: Record<string, number>;
  @Field(() => LatencyStats) latency!: LatencyStats;
  @Field(() => PredictionStats) predictions!: PredictionStats;
  @Field(() => JSONScalar, { description: "Per model version: { count, latency: LatencyStats, predictions: PredictionStats }." }) byModelVersion!: Record<string, unknown>;
}
