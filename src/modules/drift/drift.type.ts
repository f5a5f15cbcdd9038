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
  @Field(() => String) feature!: string;
  @Field(() => DriftMethod) method!: DriftMethod;
  @Field(() => Float, { description: SCORE_DESCRIPTION }) score!: number;
  @Field(() => Float) threshold!: number;
  @Field(() => Boolean, { description: DETECTED_DESCRIPTION }) detected!: boolean;
  @Field(() => Int) referenceSize!: number;
  @Field(() => Int) currentSize!: number;
  @Field(() => Float, { nullable: true }) referenceMean!: number | null;
  @Field(() => Float, { nullable: true }) currentMean!: number | null;
}

@ObjectType({ description: "A drift check of logged predictions against the serving model's training data." })
export class DriftReport {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => Int) modelVersion!: number;
  @Field(() => DateTimeScalar, { description: "Oldest prediction in the window." }) windowStart!: Date;
  @Field(() => DateTimeScalar, { description: "Newest prediction in the window (or the check time when empty)." }) windowEnd!: Date;
  @Field(() => Int, { description: "Training rows of that model version." }) referenceSize!: number;
  @Field(() => Int, { description: "Logged predictions in the window." }) currentSize!: number;
  @Field(() => Boolean, { description: "False when the window held fewer rows than DRIFT_MIN_ROWS: no verdict, features is empty." }) sufficientData!: boolean;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => Boolean, { description: "Share of drifted features >= driftShareThreshold." }) datasetDrift!: boolean;
  @Field(() => Float) driftShare!: number;
  @Field(() => Float) driftShareThreshold!: number;
  @Field(() => [FeatureDrift]) features!: FeatureDrift[];
  @Field(() => FeatureDrift, { nullable: true, description: "Drift of the predicted values against the model's predictions on its training rows." }) predictionDrift!: FeatureDrift | null;
}

@ObjectType({ description: "Published when a check finds dataset drift: on entering drift, and when the set of drifted features changes." })
export class DriftAlert {
  @Field(() => ID) id!: string;
  @Field(() => DriftReport) report!: DriftReport;
  @Field(() => String) message!: string;
  @Field(() => [String]) driftedFeatures!: string[];
  @Field(() => DateTimeScalar) createdAt!: Date;
}
