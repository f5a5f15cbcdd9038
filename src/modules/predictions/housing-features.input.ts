/**
 * The two GraphQL inputs of the features, generated from the feature specs
 * (pipeline/features.ts): names, nullability (optional features are nullable) and descriptions
 * come from there, so the schema cannot drift from the validators. type-graphql's decorators are
 * plain functions, applied here once per spec.
 */
import "reflect-metadata";
import { Field, Float, InputType } from "type-graphql";
import { FEATURE_SPECS, type FeatureName, featureDocumentation } from "../../../pipeline/features.ts";

// biome-ignore-start lint/suspicious/noUnsafeDeclarationMerging: the fields are added from FEATURE_SPECS below; the interfaces type them
/** One row: a value per feature; optional features may be null or absent (imputed). */
@InputType({ description: `The ${FEATURE_SPECS.length} Boston-housing features. MEDV, the target, is in $1000s.` })
export class HousingFeaturesInput {}
export interface HousingFeaturesInput extends Partial<Record<FeatureName, number | null>> {}

/** Columnar rows: one list per feature, each with one entry per row. */
@InputType({
  description: "Columnar batch: one list per feature, all of the same length (one entry per row). An optional feature's list may be omitted or hold nulls (imputed).",
})
export class HousingColumnsInput {}
export interface HousingColumnsInput extends Partial<Record<FeatureName, (number | null)[] | null>> {}
// biome-ignore-end lint/suspicious/noUnsafeDeclarationMerging: -

for (const spec of FEATURE_SPECS) {
  const description = featureDocumentation(spec);
  Field(() => Float, { nullable: spec.optional, description })(HousingFeaturesInput.prototype, spec.name);
  Field(() => [Float], { nullable: spec.optional ? "itemsAndList" : false, description })(HousingColumnsInput.prototype, spec.name);
}
