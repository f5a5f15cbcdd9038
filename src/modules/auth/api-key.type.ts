import "reflect-metadata";
import { Field, ID, ObjectType } from "type-graphql";
import { Role } from "../common/enums.ts";
import { DateTimeScalar } from "../common/scalars.ts";

@ObjectType({ description: "An API key. Its secret is never stored or shown again after creation." })
export class ApiKey {
  @Field(() => ID, { description: "Opaque identifier." }) id!: string;
  @Field(() => String, { description: "Label given at creation." }) name!: string;
  @Field(() => Role, { description: "What the key may do." }) role!: Role;
  @Field(() => String, { description: "The first characters of the secret, to recognise a key in listings." }) prefix!: string;
  @Field(() => DateTimeScalar, { description: "When the key was created." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the key was revoked; null while active." }) revokedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Updated at most once a minute per key." }) lastUsedAt!: Date | null;
}

@ObjectType({ description: "A new API key with its secret, shown once." })
export class ApiKeyWithSecret {
  @Field(() => ApiKey, { description: "The key's stored record." }) apiKey!: ApiKey;
  @Field(() => String, { description: "Send as X-API-Key (HTTP) or connectionParams.apiKey (WebSocket). Shown once; only its SHA-256 hash is stored." })
  secret!: string;
}
