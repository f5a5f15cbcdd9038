import "reflect-metadata";
import { Field, Int, ObjectType } from "type-graphql";
import { parseJsonText } from "../../db/json.ts";
import { Metric, metricsFromRecord } from "../common/metric.type.ts";

@ObjectType({ description: "The quality gate's verdict when a version was registered." })
export class GateResult {
  @Field(() => Boolean, { description: "True when every gate check passed." })
  passed!: boolean;

  @Field(() => String, { description: "Human-readable: which rule decided, with the numbers." })
  reason!: string;

  @Field(() => Int, { nullable: true, description: "The champion it was compared with, if any." })
  comparedWithVersion!: number | null;

  @Field(() => [Metric], { description: "The numbers the rule compared, e.g. candidate_cv_rmse, champion_cv_rmse, p_value, test_r2, min_test_r2." })
  metrics!: Metric[];
}

/**
 * The stored gate JSON (ModelVersion.gate) as a GateResult. Versions registered by earlier
 * releases stored another shape (test R² and the champion's test RMSE); it maps too.
 */
export function gateResultFromJson(text: string | null): GateResult | null {
  const stored = parseJsonText<Record<string, unknown> | null>(text, null);
  if (!stored || typeof stored.passed !== "boolean") return null;
  const reason = typeof stored.reason === "string" ? stored.reason : "";
  if ("metrics" in stored) {
    return { passed: stored.passed, reason, comparedWithVersion: typeof stored.comparedWithVersion === "number" ? stored.comparedWithVersion : null, metrics: metricsFromRecord(stored.metrics) };
  }
  return {
    passed: stored.passed,
    reason,
    comparedWithVersion: typeof stored.championVersion === "number" ? stored.championVersion : null,
    metrics: metricsFromRecord({
      test_r2: stored.testR2,
      min_test_r2: stored.minTestR2,
      test_rmse: stored.testRmse,
      champion_test_rmse: stored.championTestRmse,
      max_test_rmse: stored.maxTestRmse,
    }),
  };
}
