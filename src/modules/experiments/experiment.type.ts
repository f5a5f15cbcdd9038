import "reflect-metadata";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "A named group of training runs. `runs` and `bestRun` are resolved by ExperimentResolver." })
export class Experiment {
  @Field(() => ID, { description: "Opaque identifier." })
  id!: string;

  @Field(() => String, { description: "Unique name." })
  name!: string;

  @Field(() => String, { nullable: true, description: "Free text; null when none was given." })
  description!: string | null;

  @Field(() => DateTimeScalar, { description: "When the experiment was created." })
  createdAt!: Date;
}
