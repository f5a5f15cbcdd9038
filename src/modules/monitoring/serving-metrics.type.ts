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
    "End-to-end request latency of one operation and transport, merged over replicas: from the first byte read to the last byte written (HTTP), or from subscribe to complete (WebSocket queries and mutations; subscriptions are not timed). Count, failed, mean and max are exact; percentiles are DDSketch estimates (relative accuracy 0.005).",
})
export class RequestLatencyStats {
  @Field(() => String, { description: 'The GraphQL operation\'s root fields, sorted and joined with "+" (e.g. "predict", "performance+servingMetrics"), or the route of a non-GraphQL request (e.g. "/healthz").' })
  operation!: string;
  @Field(() => String, { description: "HTTP or WS." }) transport!: string;
  @Field(() => Int, { description: "Requests in the window." }) count!: number;
  @Field(() => Int, { description: "Answered with an HTTP status >= 400 (HTTP) or with errors (WS)." }) failed!: number;
  @Field(() => Float, { description: "Mean latency, ms (exact)." }) meanMs!: number;
  @Field(() => Float, { description: "Median latency, ms (DDSketch, 0.5 % relative accuracy)." }) p50Ms!: number;
  @Field(() => Float, { description: "95th percentile latency, ms (DDSketch)." }) p95Ms!: number;
  @Field(() => Float, { description: "99th percentile latency, ms (DDSketch)." }) p99Ms!: number;
  @Field(() => Float, { description: "Slowest request, ms (exact)." }) maxMs!: number;
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
  @Field(() => LatencyStats, { description: "Model compute time per logged row (not what clients waited: see requestLatency)." }) latency!: LatencyStats;
  @Field(() => [RequestLatencyStats], {
    description: "End-to-end request latency per operation and transport in the window, most requests first (written every REQUEST_LATENCY_FLUSH_MS, so the last seconds may be missing).",
  })
  requestLatency!: RequestLatencyStats[];
  @Field(() => PredictionStats, { description: "Distribution of predicted values in the window." }) predictions!: PredictionStats;
  @Field(() => JSONScalar, { description: "Per model version: { count, latency: LatencyStats, predictions: PredictionStats }." }) byModelVersion!: Record<string, unknown>;
}
