import "reflect-metadata";
import { registerEnumType } from "type-graphql";

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
export enum DriftMethod {
  KS = "KS",
  WASSERSTEIN = "WASSERSTEIN",
  PSI = "PSI",
  CHI_SQUARE = "CHI_SQUARE",
  Z_PROPORTION = "Z_PROPORTION",
}

registerEnumType(Role, { name: "Role", description: "API-key roles: ADMIN > PREDICT > READ" });
registerEnumType(RunStatus, { name: "RunStatus" });
registerEnumType(ModelStatus, { name: "ModelStatus" });
registerEnumType(DriftMethod, { name: "DriftMethod" });
