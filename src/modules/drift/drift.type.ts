import "reflect-metadata";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DriftMethod } from "../common/enums.ts";
import { DateTimeScalar } from "../common/scalars.ts";
import { DRIFT_METHOD_SPECS, DRIFT_METHODS } from "./methods.ts";

const methodsScoring = (kind: "p-value" | "distance"): string => DRIFT_METHODS.filter((m) => DRIFT_METHOD_SPECS[m].score === kind).join(", ");
const SCORE_DESCRIPTION = `p-value (${methodsScoring("p-value")}) or distance (${methodsScoring("distance")}; WASSERSTEIN in reference standard deviations).`;
const DETECTED_DESCRIPTION = `Evidently's verdict: ${DRIFT_METHODS.map((m) => `${m} ${DRIFT_METHOD_SPECS[m].detectedWhen}`).join("; ")}.`;

@ObjectType({ description: "One feature's drift test: the verdict with its evidence (Evidently-style)." })
export class FeatureDrift {
  @Field(() => String, { description: "Feature name." }) feature!: string;
  @Field(() => DriftMethod, { description: "Test or distance used for this feature." }) method!: DriftMethod;
  @Field(() => Float, { description: SCORE_DESCRIPTION }) score!: number;
  @Field(() => Float, { description: "Score at which the feature counts as drifted (see score for the direction)." }) threshold!: number;
  @Field(() => Boolean, { description: DETECTED_DESCRIPTION }) detected!: boolean;
  @Field(() => Int, { description: "Non-missing reference (training) values." }) referenceSize!: number;
  @Field(() => Int, { description: "Non-missing values in the window." }) currentSize!: number;
  @Field(() => Float, { nullable: true, description: "Mean of the reference values; null for categorical features." }) referenceMean!: number | null;
  @Field(() => Float, { nullable: true, description: "Mean of the window's values; null for categorical features or an empty window." }) currentMean!: number | null;
}

@ObjectType({ description: "A drift check of logged predictions against the serving model's training data." })
export class DriftReport {
  @Field(() => ID, { description: "Opaque identifier." }) id!: string;
  @Field(() => DateTimeScalar, { description: "When the check ran." }) createdAt!: Date;
  @Field(() => Int, { description: "Version whose training rows are the reference." }) modelVersion!: number;
  @Field(() => DateTimeScalar, { description: "Oldest prediction tested (or `since`, else the check time, when none was)." }) windowStart!: Date;
  @Field(() => DateTimeScalar, { description: "Newest prediction tested (or the check time when none was)." }) windowEnd!: Date;
  @Field(() => Int, { description: "Training rows of that model version." }) referenceSize!: number;
  @Field(() => Int, { description: "Logged predictions in the window (estimated from the sample when `since` cuts a sample window whose reservoir overflowed)." }) currentSize!: number;
  @Field(() => Int, {
    description:
      "Predictions tested: all of the window's (sampleSize = currentSize) when it holds at most DRIFT_SAMPLE_SIZE, else a uniform sample of at most DRIFT_SAMPLE_SIZE merged from the per-window reservoirs in proportion to each window's rows.",
  })
  sampleSize!: number;
  @Field(() => Boolean, { description: "False when fewer than DRIFT_MIN_ROWS predictions were tested: no verdict, features is empty." }) sufficientData!: boolean;
  @Field(() => String, { nullable: true, description: "Why there is no verdict or what drifted, in words; null when nothing to say." }) message!: string | null;
  @Field(() => Boolean, { description: "Share of drifted features >= driftShareThreshold." }) datasetDrift!: boolean;
  @Field(() => Float, { description: "Share of features that drifted, 0..1." }) driftShare!: number;
  @Field(() => Float, { description: "Share at or above which the dataset counts as drifted, 0..1." }) driftShareThreshold!: number;
  @Field(() => [FeatureDrift], { description: "Per-feature results; empty when sufficientData is false." }) features!: FeatureDrift[];
  @Field(() => FeatureDrift, { nullable: true, description: "Drift of the predicted values against the model's predictions on its training rows." }) predictionDrift!: FeatureDrift | null;
}

@ObjectType({ description: "Published when a check finds dataset drift: on entering drift, and when the set of drifted features changes." })
export class DriftAlert {
  @Field(() => ID, { description: "Opaque identifier." }) id!: string;
  @Field(() => DriftReport, { description: "The report that raised the alert." }) report!: DriftReport;
  @Field(() => String, { description: "Summary of the drift, in words." }) message!: string;
  @Field(() => [String], { description: "Names of the features that drifted." }) driftedFeatures!: string[];
  @Field(() => DateTimeScalar, { description: "When the alert was raised." }) createdAt!: Date;
}
