import "reflect-metadata";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "../common/scalars.ts";

@ObjectType({ description: "Statistics of one column of a dataset version (population std; missing cells excluded)." })
export class DatasetColumnStats {
  @Field(() => String, { description: "Column name." })
  column!: string;

  @Field(() => Int, { description: "Non-missing values." })
  count!: number;

  @Field(() => Int, { description: "Missing values." })
  missing!: number;

  @Field(() => Float, { nullable: true, description: "Mean of the non-missing values; null when none." })
  mean!: number | null;

  @Field(() => Float, { nullable: true, description: "Sample standard deviation; null with fewer than two values." })
  std!: number | null;

  @Field(() => Float, { nullable: true, description: "Smallest value; null when none." })
  min!: number | null;

  @Field(() => Float, { nullable: true, description: "Largest value; null when none." })
  max!: number | null;
}

@ObjectType({ description: "A registered dataset version: normalised rows, content-hashed. `runs` lists the runs trained on it." })
export class DatasetVersion {
  @Field(() => ID, { description: "Opaque identifier." })
  id!: string;

  @Field(() => String, { description: "Dataset name." })
  name!: string;

  @Field(() => Int, { description: "Counts up per name." })
  version!: number;

  @Field(() => String, { description: "SHA-256 of the normalised rows; same data -> same hash -> no new version." })
  contentHash!: string;

  @Field(() => Int, { description: "Number of data rows (header excluded)." })
  rows!: number;

  @Field(() => [String], { description: "Column names, in file order." })
  columns!: string[];

  @Field(() => Int, { description: "Empty or NA cells over all columns." })
  missingCells!: number;

  @Field(() => String, { description: 'File name, "bundled", "outcomes", "api", ...' })
  source!: string;

  @Field(() => DateTimeScalar, { description: "When the version was registered." })
  createdAt!: Date;

  @Field(() => [DatasetColumnStats], { description: "Per-column count, missing cells, mean, std, min and max." })
  stats!: DatasetColumnStats[];

  @Field(() => JSONScalar, { nullable: true, description: "Where the rows came from (e.g. the base dataset and the outcome window of `from-outcomes`)." })
  provenance!: unknown;

  @Field(() => Int, { description: "Bytes of the normalised CSV text." })
  sizeBytes!: number;
}
