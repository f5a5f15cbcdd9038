import "reflect-metadata";
import { registerEnumType } from "type-graphql";
import { ALGORITHMS } from "../../../models/estimators.ts";
import { DRIFT_METHODS, type DriftMethod as DriftMethodName } from "../drift/methods.ts";

/**
 * The description of the `algorithm` fields (ModelVersion, Run), listed from the estimator
 * descriptors. A String rather than a GraphQL enum: the contract types it String, and a stored
 * version of an algorithm a later release drops must still be readable.
 */
export const ALGORITHM_DESCRIPTION = `e.g. ${ALGORITHMS.map((a) => JSON.stringify(a)).join(", ")}`;

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

registerEnumType(Role, {
  name: "Role",
  description: "API-key roles: ADMIN > PREDICT > READ",
  valuesConfig: {
    ADMIN: { description: "Everything, including keys, training and promotion." },
    PREDICT: { description: "Predictions plus everything READ may do." },
    READ: { description: "Queries only." },
  },
});
registerEnumType(RunStatus, {
  name: "RunStatus",
  description: "Lifecycle state of a training run.",
  valuesConfig: {
    QUEUED: { description: "Waiting for a training worker." },
    RUNNING: { description: "Training in progress." },
    FINISHED: { description: "Trained and evaluated; metrics are final." },
    FAILED: { description: "Stopped with an error (see Run.error)." },
  },
});
registerEnumType(ModelStatus, {
  name: "ModelStatus",
  description: "Lifecycle state of a registered model version.",
  valuesConfig: {
    CANDIDATE: { description: "Registered and passed the gate; not serving." },
    CHAMPION: { description: "Serves predictions (one per model name)." },
    ARCHIVED: { description: "A former champion." },
    REJECTED: { description: "Failed the promotion gate." },
  },
});
registerEnumType(DriftMethod, {
  name: "DriftMethod",
  description: "Statistical test or distance used to detect drift of one feature.",
  valuesConfig: {
    KS: { description: "Two-sample Kolmogorov–Smirnov test." },
    WASSERSTEIN: { description: "Normed Wasserstein distance." },
    PSI: { description: "Population stability index." },
    CHI_SQUARE: { description: "Chi-square test on category counts." },
    Z_PROPORTION: { description: "Two-proportion z-test for binary features." },
  },
});
