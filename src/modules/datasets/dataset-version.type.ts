import "reflect-metadata";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../common/scalars.ts";

@ObjectType({ description: "Statistics of one column of a dataset version (population std; missing cells excluded)." })
export class DatasetColumnStats {
  @Field(() => String)
  column!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  missing!: number;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true })
  std!: number | null;

  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;
}

@ObjectType({ description: "A registered dataset version: normalised rows, content-hashed. `runs` lists the runs trained on it." })
export class DatasetVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int, { description: "Counts up per name." })
  version!: number;

  @Field(() => String, { description: "SHA-256 of the normalised rows; same data -> same hash -> no new version." })
  contentHash!: string;

  @Field(() => Int)
  rows!: number;

  @Field(() => [String])
  columns!: string[];

  @Field(() => Int)
  missingCells!: number;

  @Field(() => String, { description: 'File name, "bundled", "outcomes", "api", ...' })
  source!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => [DatasetColumnStats], { description: "Per-column count, missing cells, mean, std, min and max." })
  stats!: DatasetColumnStats[];

  @Field(() => JSONScalar, { nullable: true, description: "Where the rows came from (e.g. the base dataset and the outcome window of `from-outcomes`)." })
  provenance!: unknown;

  @Field(() => Int, { description: "Bytes of the normalised CSV text." })
  sizeBytes!: number;
}
