import "reflect-metadata";
import { Authorized, Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.ts";
import { Role } from "../common/enums.ts";
import { ApiKey, ApiKeyWithSecret } from "./api-key.type.ts";
import { LimitArg, checkedLimit } from "../common/limit.ts";

@Resolver()
export class ApiKeysResolver {
  @Authorized(Role.ADMIN)
  @Query(() => [ApiKey], { description: "Every API key, revoked ones included (ADMIN)." })
  apiKeys(@Ctx() ctx: Context, @LimitArg("keys, oldest first") limit?: number | null): Promise<ApiKey[]> {
    return ctx.services.apiKeys.list(checkedLimit(limit));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKeyWithSecret, { description: "Creates a key; its secret is in this response only (ADMIN)." })
  createApiKey(@Ctx() ctx: Context, @Arg("name", () => String, { description: "A label for the key (shown in apiKeys, never secret)." }) name: string, @Arg("role", () => Role, { description: "What the key may do: ADMIN > PREDICT > READ." }) role: Role): Promise<ApiKeyWithSecret> {
    return ctx.services.apiKeys.create(name, role);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKey, { description: "Revokes a key: refused from its next request on; its WebSocket connections are closed (ADMIN)." })
  revokeApiKey(@Ctx() ctx: Context, @Arg("id", () => ID, { description: "ApiKey.id." }) id: string): Promise<ApiKey> {
    return ctx.services.apiKeys.revoke(id);
  }
}
