import "reflect-metadata";
import { Arg, Ctx, FieldResolver, Float, Resolver, Root } from "type-graphql";
import { VALIDATION_LEVELS } from "../../../models/conformal.ts";
import type { Context } from "../../context.ts";
import { VersionPerformance } from "../challengers/challenger.type.ts";
import { Prediction } from "../predictions/prediction.type.ts";
import { checkLevel, checkLevels } from "./interval-level.ts";
import { CoverageAtLevel, PredictionInterval } from "./interval.type.ts";

/** Prediction.interval: computed only when a query selects it, so predictions without it cost nothing extra. */
@Resolver(() => Prediction)
export class PredictionIntervalResolver {
  @FieldResolver(() => PredictionInterval, { nullable: true, description: "The prediction interval at `level` (0.5–0.99); null only for versions registered without calibration." })
  interval(@Root() prediction: Prediction, @Ctx() ctx: Context, @Arg("level", () => Float, { nullable: true, defaultValue: 0.9, description: "Nominal coverage, 0.5..0.99 (default 0.9)." }) level?: number | null): Promise<PredictionInterval | null> {
    return ctx.services.intervals.interval(prediction, checkLevel(level ?? 0.9, "level"));
  }
}

/** VersionPerformance.coverage: live coverage of the version's intervals over its served predictions with outcomes. */
@Resolver(() => VersionPerformance)
export class VersionCoverageResolver {
  @FieldResolver(() => [CoverageAtLevel], { description: "Live coverage of this version's intervals over the window's predictions it served that have an outcome." })
  coverage(
    @Root() performance: VersionPerformance,
    @Ctx() ctx: Context,
    @Arg("levels", () => [Float], { nullable: true, defaultValue: [...VALIDATION_LEVELS], description: "Nominal coverages to measure, each 0.5..0.99 (default 0.8, 0.9, 0.95)." }) levels?: number[] | null,
  ): Promise<CoverageAtLevel[]> {
    const checked = checkLevels(levels ?? [...VALIDATION_LEVELS], "levels");
    const window = performance.window ?? ctx.services.performance.window(null, null);
    return ctx.services.intervals.liveCoverage(performance.modelName ?? ctx.services.performance.defaultName, performance.modelVersion, window, checked);
  }
}
