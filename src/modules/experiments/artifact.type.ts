import "reflect-metadata";
import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A file a run produced (e.g. residuals.svg), served over HTTP at `url`." })
export class Artifact {
  @Field(() => ID, { description: "Opaque identifier." })
  id!: string;

  @Field(() => String, { description: "File name." })
  name!: string;

  @Field(() => String, { description: "MIME type of the file." })
  contentType!: string;

  @Field(() => String, { description: "Path on this server, signed for ARTIFACT_URL_TTL_SECONDS: /artifacts/<id>?expires=…&signature=… (or send X-API-Key)." })
  url!: string;
}
