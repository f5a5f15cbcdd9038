import "reflect-metadata";
import { registerEnumType } from "type-graphql";
import { DRIFT_METHODS, type DriftMethod as DriftMethodName } from "../drift/methods.ts";

export enum Role {
  ADMIN = "ADMIN",
  PREDICT = "PREDICT",
  READ = "READ",
}
export enum RunStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  FINISHED = "FINISHED",
  FAILED = "FAILED",
}
export enum ModelStatus {
  CANDIDATE = "CANDIDATE",
  CHAMPION = "CHAMPION",
  ARCHIVED = "ARCHIVED",
  REJECTED = "REJECTED",
}
/** The GraphQL enum of drift methods, derived from the one list in modules/drift/methods.ts. */
export const DriftMethod = Object.fromEntries(DRIFT_METHODS.map((m) => [m, m])) as { readonly [M in DriftMethodName]: M };
export type DriftMethod = DriftMethodName;

registerEnumType(Role, { name: "Role", description: "API-key roles: ADMIN > PREDICT > READ" });
registerEnumType(RunStatus, { name: "RunStatus" });
registerEnumType(ModelStatus, { name: "ModelStatus" });
registerEnumType(DriftMethod, { name: "DriftMethod" });
