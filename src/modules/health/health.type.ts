import "reflect-metadata";
import { Authorized, Field, Float, Int, ObjectType } from "type-graphql";
import { Role } from "../common/enums.ts";

/**
 * Without a key, `health` answers status, database and championVersion only (liveness and
 * readiness); the version, uptime, replica and the reasons (which may name internals) need READ.
 */
@ObjectType({ description: "Liveness and readiness of this server; version, uptimeSeconds, replicaId, leader and reasons need a READ key." })
export class Health {
  @Field(() => String, { description: '"ok" when the database answers and a champion is loaded, "degraded" otherwise.' })
  status!: string;

  @Authorized(Role.READ)
  @Field(() => String, { description: "Domus version." })
  version!: string;

  @Field(() => Boolean, { description: "The database answered within the health timeout." })
  database!: boolean;

  @Field(() => Int, { nullable: true, description: "Version serving predictions; null when no champion is loaded." })
  championVersion!: number | null;

  @Authorized(Role.READ)
  @Field(() => Float, { description: "Seconds since this process started." })
  uptimeSeconds!: number;

  @Authorized(Role.READ)
  @Field(() => String, { description: "This replica's id (REPLICA_ID)." })
  replicaId!: string;

  @Authorized(Role.READ)
  @Field(() => Boolean, { description: "This replica runs the cluster's background jobs (drift checks, pruning)." })
  leader!: boolean;

  @Authorized(Role.READ)
  @Field(() => [String], { description: "Why the status is degraded: database unreachable, no champion, an unloadable champion, shutting down." })
  reasons!: string[];
}
