import "reflect-metadata";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { ModelStatus } from "../common/enums.ts";
import { Metric } from "../common/metric.type.ts";
import { ALGORITHM_DESCRIPTION } from "../common/enums.ts";
import { DateTimeScalar } from "../common/scalars.ts";
import { GateResult } from "./gate-result.type.ts";
import { Calibration } from "../intervals/interval.type.ts";

@ObjectType({ description: "A registered model version. Versions count up per model name." })
export class ModelVersion {
  @Field(() => ID, { description: "Opaque identifier." })
  id!: string;

  @Field(() => String, { description: "Model name." })
  name!: string;

  @Field(() => Int, { description: "Version number, 1-based and increasing per model name." })
  version!: number;

  @Field(() => ModelStatus, { description: "Lifecycle state in the registry." })
  status!: ModelStatus;

  @Field(() => [String], { description: 'e.g. ["champion"]' })
  aliases!: string[];

  @Field(() => String, { description: ALGORITHM_DESCRIPTION })
  algorithm!: string;

  @Field(() => [String], { description: "Input features, in the model's order." })
  features!: string[];

  @Field(() => [Metric], { description: "The training run's final metrics, frozen at registration." })
  metrics!: Metric[];

  @Field(() => GateResult, { nullable: true, description: "The quality gate's verdict when this version was registered." })
  gate!: GateResult | null;

  @Field(() => Calibration, { nullable: true, description: "How its prediction intervals were calibrated, with their coverage on the test split; null: registered without intervals." })
  calibration!: Calibration | null;

  @Field(() => DateTimeScalar, { description: "When the version was registered." })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it last became champion; null if never." })
  promotedAt!: Date | null;

  /** Not exposed: resolved into `run` by a field resolver. */
  runId!: string | null;
}
