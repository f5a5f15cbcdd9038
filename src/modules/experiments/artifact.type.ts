import "reflect-metadata";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A file a run produced (e.g. residuals.svg), served over HTTP at `url`." })
export class Artifact {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => String, { description: "Path on this server, signed for ARTIFACT_URL_TTL_SECONDS: /artifacts/<id>?expires=…&signature=… (or send X-API-Key)." })
  url!: string;
}
