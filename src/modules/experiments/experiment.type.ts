import "reflect-metadata";
import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "A named group of training runs. `runs` and `bestRun` are resolved by ExperimentResolver." })
export class Experiment {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}
