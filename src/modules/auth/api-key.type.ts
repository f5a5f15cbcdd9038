import "reflect-metadata";
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "../common/enums.ts";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "An API key. Its secret is never stored or shown again after creation." })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, { description: "The first characters of the secret, to recognise a key in listings." }) prefix!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Updated at most once a minute per key." }) lastUsedAt!: Date | null;
}

@ObjectType()
export class ApiKeyWithSecret {
  @Field(() => ApiKey) apiKey!: ApiKey;
  @Field(() => String, { description: "Send as X-API-Key (HTTP) or connectionParams.apiKey (WebSocket). Shown once; only its SHA-256 hash is stored." })
  secret!: string;
}
