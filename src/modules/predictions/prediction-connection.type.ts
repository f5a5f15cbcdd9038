import "reflect-metadata";
import { Field, InputType, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.ts";
import { Prediction } from "./prediction.type.ts";

@ObjectType({ description: "Relay page information for cursor pagination." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether rows follow this page (pass `endCursor` as `after` to read them)." })
  hasNextPage!: boolean;

  @Field(() => Boolean, {
    description: "Whether rows precede this page: true when it was read `after` a cursor (pages are read forward, newest first).",
  })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the first edge of this page; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor!: string | null;
}

@ObjectType({ description: "One prediction of a page with its cursor." })
export class PredictionEdge {
  @Field(() => String, { description: "Opaque keyset cursor (createdAt, id)." })
  cursor!: string;

  @Field(() => Prediction, { description: "The prediction." })
  node!: Prediction;
}

@ObjectType({ description: "Logged predictions, newest first (keyset pagination on createdAt, id)." })
export class PredictionConnection {
  @Field(() => [PredictionEdge], { description: "The page's predictions, newest first." })
  edges!: PredictionEdge[];

  @Field(() => PageInfo, { description: "Cursors and whether more pages exist." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Predictions matching the filter, ignoring pagination." })
  totalCount!: number;
}

@InputType({ description: "Narrows predictions; omitted fields do not filter." })
export class PredictionFilter {
  @Field(() => Int, { nullable: true, description: "Only predictions made by this version." })
  modelVersion?: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Inclusive lower bound on createdAt." })
  since?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "Exclusive upper bound on createdAt." })
  until?: Date | null;
}
