/** The Prediction table's columns in the order both prediction writers insert them. */
export const PREDICTION_COLUMNS = `"id", "requestId", "modelVersionId", "modelName", "modelVersion", "features", "imputedFeatures", "outOfRangeFeatures", "value", "latencyMs", "apiKeyId", "createdAt", "challenger"`;
