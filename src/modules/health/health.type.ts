import "reflect-metadata";
import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Liveness and readiness of this server." })
export class Health {
  @Field(() => String, { description: '"ok" when the database answers and a champion is loaded, "degraded" otherwise.' })
  status!: string;

  @Field(() => String, { description: "Domus version." })
  version!: string;

  @Field(() => Boolean, { description: "The database answered within the health timeout." })
  database!: boolean;

  @Field(() => Int, { nullable: true, description: "Version serving predictions; null when no champion is loaded." })
  championVersion!: number | null;

  @Field(() => Float, { description: "Seconds since this process started." })
  uptimeSeconds!: number;

  @Field(() => String, { description: "This replica's id (REPLICA_ID)." })
  replicaId!: string;

  @Field(() => Boolean, { description: "This replica runs the cluster's background jobs (drift checks, pruning)." })
  leader!: boolean;

  @Field(() => [String], { description: "Why the status is degraded: database unreachable, no champion, an unloadable champion, shutting down." })
  reasons!: string[];
}
