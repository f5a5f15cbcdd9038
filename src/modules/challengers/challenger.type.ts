import "reflect-metadata";
import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.ts";
import { ModelVersion } from "../models/model-version.type.ts";
import { LatencyStats } from "../monitoring/serving-metrics.type.ts";

export enum ChallengerMode {
  SHADOW = "SHADOW",
  CANARY = "CANARY",
}
registerEnumType(ChallengerMode, {
  name: "ChallengerMode",
  description: "SHADOW: scores every champion request off the response path; CANARY: answers a sticky share of requests.",
  valuesConfig: {
    SHADOW: { description: "Scores every champion request in the background; never answers." },
    CANARY: { description: "Answers a sticky share (trafficPercent) of requests." },
  },
});

@ObjectType({ description: "The version challenging the champion of a model name." })
export class Challenger {
  @Field(() => ModelVersion, { description: "The challenging version." })
  modelVersion!: ModelVersion;

  @Field(() => ChallengerMode, { description: "How it sees traffic." })
  mode!: ChallengerMode;

  @Field(() => Float, { description: "CANARY: share of predict requests it answers (0 < p <= 50); SHADOW: 0." })
  trafficPercent!: number;

  @Field(() => DateTimeScalar, { description: "When this version became the challenger." })
  since!: Date;
}

@ObjectType({ description: "Live performance of one version over a window: the rows it scored (served, or in the shadow of the champion)." })
export class VersionPerformance {
  @Field(() => Int, { description: "The version measured." })
  modelVersion!: number;

  @Field(() => Int, { description: "Rows this version scored: predictions it served plus shadow scores." })
  predictions!: number;

  @Field(() => Int, { description: "Of those, rows with a recorded actual value (recordOutcomes)." })
  outcomes!: number;

  @Field(() => Float, { nullable: true, description: "Root mean squared error over rows with outcomes; null when none." })
  rmse!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean absolute error over rows with outcomes; null when none." })
  mae!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean predicted MEDV; null when no rows." })
  meanPrediction!: number | null;

  @Field(() => LatencyStats, { description: "Inference latency of the rows (per row; a batch shares its time equally)." })
  latency!: LatencyStats;

  /** Not exposed: the model name and window these figures cover (for `coverage`, src/modules/intervals). */
  modelName?: string;
  window?: { since: Date; until: Date };
}

@ObjectType({ description: "Champion and challenger side by side since the challenger was set (or `since`)." })
export class ChallengerReport {
  @Field(() => Challenger, { description: "The challenger compared." })
  challenger!: Challenger;

  @Field(() => VersionPerformance, { description: "The champion's live performance." })
  champion!: VersionPerformance;

  @Field(() => VersionPerformance, { description: "The challenger's live performance." })
  candidate!: VersionPerformance;

  @Field(() => Int, { description: "Requests scored by both versions (shadow), with or without outcomes." })
  pairedRows!: number;

  @Field(() => Int, { description: "…of which have an outcome." })
  pairedOutcomes!: number;

  @Field(() => Float, { nullable: true, description: "Mean |champion − challenger| on paired rows; null without any." })
  meanAbsDifference!: number | null;

  @Field(() => Float, { nullable: true, description: "Two-sided p-value of a paired t-test on squared errors of paired rows with outcomes; null below CHALLENGER_MIN_PAIRED_OUTCOMES." })
  pValue!: number | null;

  @Field(() => String, { description: '"not enough data" | "challenger better" | "champion better" | "no significant difference"' })
  verdict!: string;
}
