/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** An API key. Its secret is never stored or shown again after creation. */
export type ApiKey = {
  __typename?: 'ApiKey';
  /** When the key was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** Updated at most once a minute per key. */
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Label given at creation. */
  name: Scalars['String']['output'];
  /** The first characters of the secret, to recognise a key in listings. */
  prefix: Scalars['String']['output'];
  /** When the key was revoked; null while active. */
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the key may do. */
  role: Role;
};

/** A new API key with its secret, shown once. */
export type ApiKeyWithSecret = {
  __typename?: 'ApiKeyWithSecret';
  /** The key's stored record. */
  apiKey: ApiKey;
  /** Send as X-API-Key (HTTP) or connectionParams.apiKey (WebSocket). Shown once; only its SHA-256 hash is stored. */
  secret: Scalars['String']['output'];
};

/** A file a run produced (e.g. residuals.svg), served over HTTP at `url`. */
export type Artifact = {
  __typename?: 'Artifact';
  /** MIME type of the file. */
  contentType: Scalars['String']['output'];
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** File name. */
  name: Scalars['String']['output'];
  /** Path on this server, signed for ARTIFACT_URL_TTL_SECONDS: /artifacts/<id>?expires=…&signature=… (or send X-API-Key). */
  url: Scalars['String']['output'];
};

/** Result of batchPredict. */
export type BatchPrediction = {
  __typename?: 'BatchPrediction';
  /** Rows predicted (and stored). */
  count: Scalars['Int']['output'];
  /** SKIP: one per invalid row, in input order; REJECT: always empty (the request fails instead). */
  errors: Array<RowError>;
  /** Version that scored the batch. */
  modelVersion: Scalars['Int']['output'];
  /** Same order as the inputs (without the invalid rows under SKIP). */
  predictions: Array<Prediction>;
  /** The input row index of each entry of `predictions`. */
  rows: Array<Scalars['Int']['output']>;
  /** Server-side time for the whole batch, milliseconds. */
  totalLatencyMs: Scalars['Float']['output'];
};

/** How a version's prediction intervals were calibrated at registration. */
export type Calibration = {
  __typename?: 'Calibration';
  /** Residuals the quantiles are taken from. */
  calibrationSize: Scalars['Int']['output'];
  /** "cv-plus": CV+ over the out-of-fold residuals of the training split's CV folds. */
  method: Scalars['String']['output'];
  /** Coverage and mean width at 0.8, 0.9 and 0.95 on the test split (never used to fit, calibrate or select). */
  validationCoverage: Array<CoverageAtLevel>;
};

/** The version challenging the champion of a model name. */
export type Challenger = {
  __typename?: 'Challenger';
  /** How it sees traffic. */
  mode: ChallengerMode;
  /** The challenging version. */
  modelVersion: ModelVersion;
  /** When this version became the challenger. */
  since: Scalars['DateTime']['output'];
  /** CANARY: share of predict requests it answers (0 < p <= 50); SHADOW: 0. */
  trafficPercent: Scalars['Float']['output'];
};

/** SHADOW: scores every champion request off the response path; CANARY: answers a sticky share of requests. */
export type ChallengerMode =
  /** Answers a sticky share (trafficPercent) of requests. */
  | 'CANARY'
  /** Scores every champion request in the background; never answers. */
  | 'SHADOW';

/** Champion and challenger side by side since the challenger was set (or `since`). */
export type ChallengerReport = {
  __typename?: 'ChallengerReport';
  /** The challenger's live performance. */
  candidate: VersionPerformance;
  /** The challenger compared. */
  challenger: Challenger;
  /** The champion's live performance. */
  champion: VersionPerformance;
  /** Mean |champion − challenger| on paired rows; null without any. */
  meanAbsDifference?: Maybe<Scalars['Float']['output']>;
  /** Two-sided p-value of a paired t-test on squared errors of paired rows with outcomes; null below CHALLENGER_MIN_PAIRED_OUTCOMES. */
  pValue?: Maybe<Scalars['Float']['output']>;
  /** …of which have an outcome. */
  pairedOutcomes: Scalars['Int']['output'];
  /** Requests scored by both versions (shadow), with or without outcomes. */
  pairedRows: Scalars['Int']['output'];
  /** "not enough data" | "challenger better" | "champion better" | "no significant difference" */
  verdict: Scalars['String']['output'];
};

/** Predictions of a columnar batch, one entry per predicted row. */
export type ColumnarPrediction = {
  __typename?: 'ColumnarPrediction';
  /** Rows predicted (and stored). */
  count: Scalars['Int']['output'];
  /** SKIP: one per invalid row, in input order; REJECT: always empty (the request fails instead). */
  errors: Array<RowError>;
  /** Stored prediction ids, input order. */
  ids: Array<Scalars['ID']['output']>;
  /** The imputed features of each row of imputedRows, same order (as Prediction.imputedFeatures). */
  imputedFeatures: Array<Array<Scalars['String']['output']>>;
  /** Input indices of rows with at least one imputed feature (an optional feature not given; see Prediction.imputedFeatures). */
  imputedRows: Array<Scalars['Int']['output']>;
  /** The interval level asked for (batchPredictColumns' intervalLevel); null when none was. */
  intervalLevel?: Maybe<Scalars['Float']['output']>;
  /** Lower interval bound per row, input order (as values); null when no intervalLevel was asked or the version has no calibration. */
  lower?: Maybe<Array<Scalars['Float']['output']>>;
  /** Version that scored the batch. */
  modelVersion: Scalars['Int']['output'];
  /** The features outside the training range of each row of outOfRangeRows, same order (as Prediction.outOfRangeFeatures). */
  outOfRangeFeatures: Array<Array<Scalars['String']['output']>>;
  /** Input indices of rows with a feature outside the training range. */
  outOfRangeRows: Array<Scalars['Int']['output']>;
  /** The input row index of each entry of values/ids. */
  rows: Array<Scalars['Int']['output']>;
  /** Server-side time for the whole batch, milliseconds. */
  totalLatencyMs: Scalars['Float']['output'];
  /** Upper interval bound per row, as lower. */
  upper?: Maybe<Array<Scalars['Float']['output']>>;
  /** Predicted MEDV per row, input order. */
  values: Array<Scalars['Float']['output']>;
};

/** Coverage of a version's intervals at one level. */
export type CoverageAtLevel = {
  __typename?: 'CoverageAtLevel';
  /** Share of actual values inside the interval; null without data. */
  coverage?: Maybe<Scalars['Float']['output']>;
  /** Nominal coverage of the intervals, 0.5..0.99. */
  level: Scalars['Float']['output'];
  /** Mean upper − lower, $1000s; null without data. */
  meanWidth?: Maybe<Scalars['Float']['output']>;
  /** Rows with a known actual value the coverage is measured on. */
  rows: Scalars['Int']['output'];
};

/** Statistics of one column of a dataset version (population std; missing cells excluded). */
export type DatasetColumnStats = {
  __typename?: 'DatasetColumnStats';
  /** Column name. */
  column: Scalars['String']['output'];
  /** Non-missing values. */
  count: Scalars['Int']['output'];
  /** Largest value; null when none. */
  max?: Maybe<Scalars['Float']['output']>;
  /** Mean of the non-missing values; null when none. */
  mean?: Maybe<Scalars['Float']['output']>;
  /** Smallest value; null when none. */
  min?: Maybe<Scalars['Float']['output']>;
  /** Missing values. */
  missing: Scalars['Int']['output'];
  /** Sample standard deviation; null with fewer than two values. */
  std?: Maybe<Scalars['Float']['output']>;
};

/** A registered dataset version: normalised rows, content-hashed. `runs` lists the runs trained on it. */
export type DatasetVersion = {
  __typename?: 'DatasetVersion';
  /** Column names, in file order. */
  columns: Array<Scalars['String']['output']>;
  /** SHA-256 of the normalised rows; same data -> same hash -> no new version. */
  contentHash: Scalars['String']['output'];
  /** When the version was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** The exact normalised rows (CSV with a header), as stored. */
  csv: Scalars['String']['output'];
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** Empty or NA cells over all columns. */
  missingCells: Scalars['Int']['output'];
  /** Dataset name. */
  name: Scalars['String']['output'];
  /** Where the rows came from (e.g. the base dataset and the outcome window of `from-outcomes`). */
  provenance?: Maybe<Scalars['JSON']['output']>;
  /** Number of data rows (header excluded). */
  rows: Scalars['Int']['output'];
  /** Top-level runs trained on this version, newest first. */
  runs: Array<Run>;
  /** Bytes of the normalised CSV text. */
  sizeBytes: Scalars['Int']['output'];
  /** File name, "bundled", "outcomes", "api", ... */
  source: Scalars['String']['output'];
  /** Per-column count, missing cells, mean, std, min and max. */
  stats: Array<DatasetColumnStats>;
  /** Counts up per name. */
  version: Scalars['Int']['output'];
};


/** A registered dataset version: normalised rows, content-hashed. `runs` lists the runs trained on it. */
export type DatasetVersionRunsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};

/** Published when a check finds dataset drift: on entering drift, and when the set of drifted features changes. */
export type DriftAlert = {
  __typename?: 'DriftAlert';
  /** When the alert was raised. */
  createdAt: Scalars['DateTime']['output'];
  /** Names of the features that drifted. */
  driftedFeatures: Array<Scalars['String']['output']>;
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** Summary of the drift, in words. */
  message: Scalars['String']['output'];
  /** The report that raised the alert. */
  report: DriftReport;
};

/** Statistical test or distance used to detect drift of one feature. */
export type DriftMethod =
  /** Chi-square test on category counts. */
  | 'CHI_SQUARE'
  /** Two-sample Kolmogorov–Smirnov test. */
  | 'KS'
  /** Population stability index. */
  | 'PSI'
  /** Normed Wasserstein distance. */
  | 'WASSERSTEIN'
  /** Two-proportion z-test for binary features. */
  | 'Z_PROPORTION';

/** A drift check of logged predictions against the serving model's training data. */
export type DriftReport = {
  __typename?: 'DriftReport';
  /** When the check ran. */
  createdAt: Scalars['DateTime']['output'];
  /** Logged predictions in the window (estimated from the sample when `since` cuts a sample window whose reservoir overflowed). */
  currentSize: Scalars['Int']['output'];
  /** Share of drifted features >= driftShareThreshold. */
  datasetDrift: Scalars['Boolean']['output'];
  /** Share of features that drifted, 0..1. */
  driftShare: Scalars['Float']['output'];
  /** Share at or above which the dataset counts as drifted, 0..1. */
  driftShareThreshold: Scalars['Float']['output'];
  /** Per-feature results; empty when sufficientData is false. */
  features: Array<FeatureDrift>;
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** Why there is no verdict or what drifted, in words; null when nothing to say. */
  message?: Maybe<Scalars['String']['output']>;
  /** Version whose training rows are the reference. */
  modelVersion: Scalars['Int']['output'];
  /** Drift of the predicted values against the model's predictions on its training rows. */
  predictionDrift?: Maybe<FeatureDrift>;
  /** Training rows of that model version. */
  referenceSize: Scalars['Int']['output'];
  /** Predictions tested: all of the window's (sampleSize = currentSize) when it holds at most DRIFT_SAMPLE_SIZE, else a uniform sample of at most DRIFT_SAMPLE_SIZE merged from the per-window reservoirs in proportion to each window's rows. */
  sampleSize: Scalars['Int']['output'];
  /** False when fewer than DRIFT_MIN_ROWS predictions were tested: no verdict, features is empty. */
  sufficientData: Scalars['Boolean']['output'];
  /** Newest prediction tested (or the check time when none was). */
  windowEnd: Scalars['DateTime']['output'];
  /** Oldest prediction tested (or `since`, else the check time, when none was). */
  windowStart: Scalars['DateTime']['output'];
};

/** A named group of training runs. `runs` and `bestRun` are resolved by ExperimentResolver. */
export type Experiment = {
  __typename?: 'Experiment';
  /** The finished top-level run with the best final value of `metric` (highest for *r2, lowest otherwise). By CV by default: selection never uses the test split. */
  bestRun?: Maybe<Run>;
  /** When the experiment was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Free text; null when none was given. */
  description?: Maybe<Scalars['String']['output']>;
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** Unique name. */
  name: Scalars['String']['output'];
  /** Top-level runs, newest first. */
  runs: Array<Run>;
};


/** A named group of training runs. `runs` and `bestRun` are resolved by ExperimentResolver. */
export type ExperimentBestRunArgs = {
  metric?: InputMaybe<Scalars['String']['input']>;
};


/** A named group of training runs. `runs` and `bestRun` are resolved by ExperimentResolver. */
export type ExperimentRunsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};

/** Exact SHAP attribution of one prediction. */
export type Explanation = {
  __typename?: 'Explanation';
  /** Expected model output over the training data; baseValue + sum(contributions) == prediction. */
  baseValue: Scalars['Float']['output'];
  /** Exact (Tree)SHAP values, sorted by |contribution| descending; value = the feature as used: for a feature of imputedFeatures, the imputed value, or 0 when the model was trained with missing: learn and received it as missing (its contribution is then that of the missing value). */
  contributions: Array<FeatureContribution>;
  /** Optional features the input did not give, as Prediction.imputedFeatures: imputed with the training median/mode, or, for a model trained with missing: learn, passed to it as missing. */
  imputedFeatures: Array<Scalars['String']['output']>;
  /** Version explained. */
  modelVersion: Scalars['Int']['output'];
  /** Predicted MEDV, $1000s. */
  prediction: Scalars['Float']['output'];
};

/** A feature's share of a prediction (SHAP) or its importance. */
export type FeatureContribution = {
  __typename?: 'FeatureContribution';
  /** Additive contribution to the prediction, in $1000s (positive raises it). */
  contribution: Scalars['Float']['output'];
  /** Feature name. */
  feature: Scalars['String']['output'];
  /** The feature's value (0 for importances). */
  value: Scalars['Float']['output'];
};

/** One feature's drift test: the verdict with its evidence (Evidently-style). */
export type FeatureDrift = {
  __typename?: 'FeatureDrift';
  /** Mean of the window's values; null for categorical features or an empty window. */
  currentMean?: Maybe<Scalars['Float']['output']>;
  /** Non-missing values in the window. */
  currentSize: Scalars['Int']['output'];
  /** Evidently's verdict: KS score <= threshold; WASSERSTEIN score >= threshold; PSI score >= threshold; CHI_SQUARE score < threshold; Z_PROPORTION score < threshold. */
  detected: Scalars['Boolean']['output'];
  /** Feature name. */
  feature: Scalars['String']['output'];
  /** Test or distance used for this feature. */
  method: DriftMethod;
  /** Mean of the reference values; null for categorical features. */
  referenceMean?: Maybe<Scalars['Float']['output']>;
  /** Non-missing reference (training) values. */
  referenceSize: Scalars['Int']['output'];
  /** p-value (KS, CHI_SQUARE, Z_PROPORTION) or distance (WASSERSTEIN, PSI; WASSERSTEIN in reference standard deviations). */
  score: Scalars['Float']['output'];
  /** Score at which the feature counts as drifted (see score for the direction). */
  threshold: Scalars['Float']['output'];
};

/** The quality gate's verdict when a version was registered. */
export type GateResult = {
  __typename?: 'GateResult';
  /** The champion it was compared with, if any. */
  comparedWithVersion?: Maybe<Scalars['Int']['output']>;
  /** The numbers the rule compared, e.g. candidate_cv_rmse, champion_cv_rmse, p_value, test_r2, min_test_r2. */
  metrics: Array<Metric>;
  /** True when every gate check passed. */
  passed: Scalars['Boolean']['output'];
  /** Human-readable: which rule decided, with the numbers. */
  reason: Scalars['String']['output'];
};

/** Liveness and readiness of this server; version, uptimeSeconds, replicaId, leader and reasons need a READ key. */
export type Health = {
  __typename?: 'Health';
  /** Version serving predictions; null when no champion is loaded. */
  championVersion?: Maybe<Scalars['Int']['output']>;
  /** The database answered within the health timeout. */
  database: Scalars['Boolean']['output'];
  /** This replica runs the cluster's background jobs (drift checks, pruning). */
  leader: Scalars['Boolean']['output'];
  /** Why the status is degraded: database unreachable, no champion, an unloadable champion, shutting down. */
  reasons: Array<Scalars['String']['output']>;
  /** This replica's id (REPLICA_ID). */
  replicaId: Scalars['String']['output'];
  /** "ok" when the database answers and a champion is loaded, "degraded" otherwise. */
  status: Scalars['String']['output'];
  /** Seconds since this process started. */
  uptimeSeconds: Scalars['Float']['output'];
  /** Domus version. */
  version: Scalars['String']['output'];
};

/** Columnar batch: one list per feature, all of the same length (one entry per row). An optional feature's list may be omitted or hold nulls (imputed). */
export type HousingColumnsInput = {
  /** % owner-occupied units built before 1940, 0..100 */
  AGE: Array<Scalars['Float']['input']>;
  /** 1000(Bk - 0.63)^2, 0..396.9 */
  B: Array<Scalars['Float']['input']>;
  /** Charles River dummy, exactly 0 or 1 (optional: imputed) */
  CHAS?: InputMaybe<Array<InputMaybe<Scalars['Float']['input']>>>;
  /** per-capita crime rate, >= 0 */
  CRIM: Array<Scalars['Float']['input']>;
  /** weighted distance to employment centres, > 0 */
  DIS: Array<Scalars['Float']['input']>;
  /** % non-retail business acres, 0..100 (optional: imputed) */
  INDUS?: InputMaybe<Array<InputMaybe<Scalars['Float']['input']>>>;
  /** % lower-status population, 0..100 */
  LSTAT: Array<Scalars['Float']['input']>;
  /** nitric-oxide concentration (parts per 10 million), > 0 and <= 1 */
  NOX: Array<Scalars['Float']['input']>;
  /** pupil-teacher ratio, > 0 */
  PTRATIO: Array<Scalars['Float']['input']>;
  /** index of accessibility to radial highways, >= 1 */
  RAD: Array<Scalars['Float']['input']>;
  /** average rooms per dwelling, > 0 and <= 20 */
  RM: Array<Scalars['Float']['input']>;
  /** property-tax rate per $10,000, > 0 */
  TAX: Array<Scalars['Float']['input']>;
  /** % residential land zoned for lots > 25,000 sq ft, 0..100 (optional: imputed) */
  ZN?: InputMaybe<Array<InputMaybe<Scalars['Float']['input']>>>;
};

/** The 13 Boston-housing features. MEDV, the target, is in $1000s. */
export type HousingFeaturesInput = {
  /** % owner-occupied units built before 1940, 0..100 */
  AGE: Scalars['Float']['input'];
  /** 1000(Bk - 0.63)^2, 0..396.9 */
  B: Scalars['Float']['input'];
  /** Charles River dummy, exactly 0 or 1 (optional: imputed) */
  CHAS?: InputMaybe<Scalars['Float']['input']>;
  /** per-capita crime rate, >= 0 */
  CRIM: Scalars['Float']['input'];
  /** weighted distance to employment centres, > 0 */
  DIS: Scalars['Float']['input'];
  /** % non-retail business acres, 0..100 (optional: imputed) */
  INDUS?: InputMaybe<Scalars['Float']['input']>;
  /** % lower-status population, 0..100 */
  LSTAT: Scalars['Float']['input'];
  /** nitric-oxide concentration (parts per 10 million), > 0 and <= 1 */
  NOX: Scalars['Float']['input'];
  /** pupil-teacher ratio, > 0 */
  PTRATIO: Scalars['Float']['input'];
  /** index of accessibility to radial highways, >= 1 */
  RAD: Scalars['Float']['input'];
  /** average rooms per dwelling, > 0 and <= 20 */
  RM: Scalars['Float']['input'];
  /** property-tax rate per $10,000, > 0 */
  TAX: Scalars['Float']['input'];
  /** % residential land zoned for lots > 25,000 sq ft, 0..100 (optional: imputed) */
  ZN?: InputMaybe<Scalars['Float']['input']>;
};

/** What a batch does with invalid rows: REJECT fails the whole batch (nothing stored), SKIP predicts and stores the valid rows and reports the others. */
export type InvalidRowPolicy =
  /** Any invalid row fails the whole batch; nothing is stored. */
  | 'REJECT'
  /** Valid rows are scored and stored; invalid ones are reported as RowErrors. */
  | 'SKIP';

/** Server-side model compute latency per row (a request's inference time shared by its rows; not end-to-end request latency). Read from the monitoring rollups: count, mean and max are exact; percentiles are DDSketch estimates within 0.5 % of an order statistic at the rank (relative accuracy 0.005). */
export type LatencyStats = {
  __typename?: 'LatencyStats';
  /** Rows measured. */
  count: Scalars['Int']['output'];
  /** Largest latency, milliseconds. */
  maxMs: Scalars['Float']['output'];
  /** Mean latency, milliseconds. */
  meanMs: Scalars['Float']['output'];
  /** Median latency, milliseconds. */
  p50Ms: Scalars['Float']['output'];
  /** 95th percentile latency, milliseconds. */
  p95Ms: Scalars['Float']['output'];
  /** 99th percentile latency, milliseconds. */
  p99Ms: Scalars['Float']['output'];
};

/** A named measurement; `step` orders repeated values (search candidates, epochs). */
export type Metric = {
  __typename?: 'Metric';
  /** Metric name, e.g. test_rmse or cv_rmse_mean. */
  key: Scalars['String']['output'];
  /** Step of a series (e.g. candidate index); 0 for a single value. */
  step: Scalars['Int']['output'];
  /** Metric value (RMSE/MAE in $1000s, MAPE in %, R² unitless). */
  value: Scalars['Float']['output'];
};

/** Lifecycle state of a registered model version. */
export type ModelStatus =
  /** A former champion. */
  | 'ARCHIVED'
  /** Registered and passed the gate; not serving. */
  | 'CANDIDATE'
  /** Serves predictions (one per model name). */
  | 'CHAMPION'
  /** Failed the promotion gate. */
  | 'REJECTED';

/** A registered model version. Versions count up per model name. */
export type ModelVersion = {
  __typename?: 'ModelVersion';
  /** e.g. "gbdt", "random_forest", "ridge", "linear" */
  algorithm: Scalars['String']['output'];
  /** e.g. ["champion"] */
  aliases: Array<Scalars['String']['output']>;
  /** How its prediction intervals were calibrated, with their coverage on the test split; null: registered without intervals. */
  calibration?: Maybe<Calibration>;
  /** When the version was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** Input features, in the model's order. */
  features: Array<Scalars['String']['output']>;
  /** The quality gate's verdict when this version was registered. */
  gate?: Maybe<GateResult>;
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** The training run's final metrics, frozen at registration. */
  metrics: Array<Metric>;
  /** Model name. */
  name: Scalars['String']['output'];
  /** When it last became champion; null if never. */
  promotedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The training run that produced this version. */
  run?: Maybe<Run>;
  /** Lifecycle state in the registry. */
  status: ModelStatus;
  /** Version number, 1-based and increasing per model name. */
  version: Scalars['Int']['output'];
};

/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type Mutation = {
  __typename?: 'Mutation';
  /** Predicts every input (at most MAX_BATCH_SIZE) with one model version; results keep the input order. onInvalid: REJECT fails on any invalid row, SKIP predicts the valid rows and reports the others. */
  batchPredict: BatchPrediction;
  /** Columnar batch (PREDICT): one list per feature, the fast path for files and bulk clients; errors name input.<FEATURE>.<row>. onInvalid as in batchPredict. */
  batchPredictColumns: ColumnarPrediction;
  /** Ends the challenge (ADMIN); false when there was none. */
  clearChallenger: Scalars['Boolean']['output'];
  /** Creates a key; its secret is in this response only (ADMIN). */
  createApiKey: ApiKeyWithSecret;
  /** Exact SHAP contributions of one input (PREDICT role); not stored as a prediction. */
  explain: Explanation;
  /** Predicts MEDV for one input with the champion (or `modelVersion`); the prediction is stored before the response. */
  predict: Prediction;
  /** Makes the version the champion and archives the previous one (ADMIN). */
  promoteModel: ModelVersion;
  /** Stores the actual value of logged predictions, once each (PREDICT); only the key that made a prediction, or an ADMIN key, may record its outcome (FORBIDDEN otherwise); all or nothing; returns the rows stored. */
  recordOutcomes: Scalars['Int']['output'];
  /** Registers CSV text (a header with the 13 features and MEDV) as a new version of `name`; the same rows return the existing version. ADMIN. */
  registerDataset: DatasetVersion;
  /** Outcomes become data (ADMIN): a new version of the base dataset (default: the latest of the configured dataset) plus every prediction with a recorded outcome, MEDV = the actual value; null when no outcome exists yet. */
  registerDatasetFromOutcomes?: Maybe<DatasetVersion>;
  /** Revokes a key: refused from its next request on; its WebSocket connections are closed (ADMIN). */
  revokeApiKey: ApiKey;
  /** Re-promotes the previous champion (ADMIN). */
  rollbackModel: ModelVersion;
  /** Checks the champion's recent predictions (optionally only those since `since`) against its training data (ADMIN). */
  runDriftCheck: DriftReport;
  /** Makes a version the challenger of the champion (ADMIN): it must load and pass the quality gate's R² floor. */
  setChallenger: Challenger;
  /** Changes the retraining policy (ADMIN); omitted fields keep their value. */
  setRetrainingPolicy: RetrainingPolicy;
  /** Starts the training pipeline off the request path (ADMIN); follow it with trainingProgress(jobId). */
  startTraining: TrainingJob;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationBatchPredictArgs = {
  inputs: Array<HousingFeaturesInput>;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  onInvalid?: InputMaybe<InvalidRowPolicy>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationBatchPredictColumnsArgs = {
  input: HousingColumnsInput;
  intervalLevel?: InputMaybe<Scalars['Float']['input']>;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  onInvalid?: InputMaybe<InvalidRowPolicy>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationClearChallengerArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
  role: Role;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationExplainArgs = {
  input: HousingFeaturesInput;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationPredictArgs = {
  input: HousingFeaturesInput;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  routingKey?: InputMaybe<Scalars['String']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationPromoteModelArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationRecordOutcomesArgs = {
  outcomes: Array<OutcomeInput>;
  replace?: Scalars['Boolean']['input'];
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationRegisterDatasetArgs = {
  csv: Scalars['String']['input'];
  name: Scalars['String']['input'];
  source?: InputMaybe<Scalars['String']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationRegisterDatasetFromOutcomesArgs = {
  baseId?: InputMaybe<Scalars['ID']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationRollbackModelArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationRunDriftCheckArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationSetChallengerArgs = {
  mode: ChallengerMode;
  name?: InputMaybe<Scalars['String']['input']>;
  trafficPercent?: InputMaybe<Scalars['Float']['input']>;
  version: Scalars['Int']['input'];
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationSetRetrainingPolicyArgs = {
  input: RetrainingPolicyInput;
};


/** Writes: predictions (role PREDICT), training, registry, keys, policies (role ADMIN). */
export type MutationStartTrainingArgs = {
  input?: InputMaybe<TrainingRunInput>;
};

/** The actual MEDV ($1000s) of a logged prediction, e.g. the sale price once known. */
export type OutcomeInput = {
  /** > 0 and <= OUTCOME_MAX_MEDV, and within the training target's range widened by OUTCOME_RANGE_MARGIN on each side */
  actual: Scalars['Float']['input'];
  /** Prediction.id */
  predictionId: Scalars['ID']['input'];
};

/** Relay page information for cursor pagination. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to get the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether rows follow this page (pass `endCursor` as `after` to read them). */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether rows precede this page: true when it was read `after` a cursor (pages are read forward, newest first). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The cursor of the first edge of this page; null when the page is empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A hyperparameter or setting of a run, as text. */
export type Param = {
  __typename?: 'Param';
  /** Hyperparameter name. */
  key: Scalars['String']['output'];
  /** Its value, as text. */
  value: Scalars['String']['output'];
};

/** One logged prediction. */
export type Prediction = {
  __typename?: 'Prediction';
  /** True when a canary challenger answered instead of the champion. */
  challenger: Scalars['Boolean']['output'];
  /** When the prediction was made. */
  createdAt: Scalars['DateTime']['output'];
  /** The features as used: after imputation, or, for a model trained with missing: learn, null for each feature it received as missing. */
  features: Scalars['JSON']['output'];
  /** Opaque identifier (use it in recordOutcomes). */
  id: Scalars['ID']['output'];
  /** Optional features the input did not give: imputed with the training median/mode, or, for a model trained with missing: learn, passed to it as missing (its trees send them the way they learned). */
  imputedFeatures: Array<Scalars['String']['output']>;
  /** The prediction interval at `level` (0.5–0.99); null only for versions registered without calibration. */
  interval?: Maybe<PredictionInterval>;
  /** Server-side inference time (validation, preprocessing, model). */
  latencyMs: Scalars['Float']['output'];
  /** Name of the model that answered. */
  modelName: Scalars['String']['output'];
  /** Version of the model that answered. */
  modelVersion: Scalars['Int']['output'];
  /** Features outside the model's training range (accepted, but the model extrapolates). */
  outOfRangeFeatures: Array<Scalars['String']['output']>;
  /** Shared by every prediction of one HTTP request (X-Request-Id when the client sent one). */
  requestId: Scalars['String']['output'];
  /** Predicted MEDV, $1000s. */
  value: Scalars['Float']['output'];
};


/** One logged prediction. */
export type PredictionIntervalArgs = {
  level?: InputMaybe<Scalars['Float']['input']>;
};

/** Logged predictions, newest first (keyset pagination on createdAt, id). */
export type PredictionConnection = {
  __typename?: 'PredictionConnection';
  /** The page's predictions, newest first. */
  edges: Array<PredictionEdge>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Predictions matching the filter, ignoring pagination. */
  totalCount: Scalars['Int']['output'];
};

/** One prediction of a page with its cursor. */
export type PredictionEdge = {
  __typename?: 'PredictionEdge';
  /** Opaque keyset cursor (createdAt, id). */
  cursor: Scalars['String']['output'];
  /** The prediction. */
  node: Prediction;
};

/** Narrows predictions; omitted fields do not filter. */
export type PredictionFilter = {
  /** Only predictions made by this version. */
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  /** Inclusive lower bound on createdAt. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  /** Exclusive upper bound on createdAt. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A prediction interval: the actual value lies inside with probability `level` (CV+ conformal, see docs/intervals.md). */
export type PredictionInterval = {
  __typename?: 'PredictionInterval';
  /** Requested coverage, 0.5 <= level <= 0.99. */
  level: Scalars['Float']['output'];
  /** Lower bound, $1000s (point prediction minus the conformal quantile). */
  lower: Scalars['Float']['output'];
  /** Upper bound, $1000s (point prediction plus the conformal quantile). */
  upper: Scalars['Float']['output'];
};

/** Distribution of predicted values ($1000s); std is the population standard deviation; count, mean, std, min and max are exact; quartiles are DDSketch estimates (relative accuracy 0.005). */
export type PredictionStats = {
  __typename?: 'PredictionStats';
  /** Predictions in the window. */
  count: Scalars['Int']['output'];
  /** Largest prediction; null when none. */
  max: Scalars['Float']['output'];
  /** Mean predicted MEDV ($1000s); null when none. */
  mean: Scalars['Float']['output'];
  /** Median; null when none. */
  median: Scalars['Float']['output'];
  /** Smallest prediction; null when none. */
  min: Scalars['Float']['output'];
  /** 25th percentile; null when none. */
  p25: Scalars['Float']['output'];
  /** 75th percentile; null when none. */
  p75: Scalars['Float']['output'];
  /** Standard deviation of predicted MEDV; null with fewer than two. */
  std: Scalars['Float']['output'];
};

/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type Query = {
  __typename?: 'Query';
  /** Every API key, revoked ones included (ADMIN). */
  apiKeys: Array<ApiKey>;
  /** The challenger of a model (default: the served model), or null. */
  challenger?: Maybe<Challenger>;
  /** Champion and challenger side by side since `since` (default: when the challenger was set); null without a challenger. */
  challengerReport?: Maybe<ChallengerReport>;
  /** The version serving by default. */
  champion?: Maybe<ModelVersion>;
  /** One dataset version by id; null when none has it. */
  dataset?: Maybe<DatasetVersion>;
  /** Registered dataset versions (of one name, if given), newest version first. */
  datasets: Array<DatasetVersion>;
  /** One drift report by id; null when none has it. */
  driftReport?: Maybe<DriftReport>;
  /** Most recent drift reports first; limit at most 500. */
  driftReports: Array<DriftReport>;
  /** One experiment by id; null when none has it. */
  experiment?: Maybe<Experiment>;
  /** All experiments, newest first. */
  experiments: Array<Experiment>;
  /** Liveness and readiness; the one operation that needs no API key. */
  health: Health;
  /** One model version by number; null when it does not exist. */
  model?: Maybe<ModelVersion>;
  /** Registered versions, by name then newest first. */
  models: Array<ModelVersion>;
  /** Per version, over [since, until) (default: the last 24 h): rows scored (served and shadow), outcomes, RMSE/MAE, latency. */
  performance: Array<VersionPerformance>;
  /** Logged predictions, newest first; `first` at most 500. */
  predictions: PredictionConnection;
  /** The retraining loop's policy (defaults while never set: disabled). */
  retrainingPolicy: RetrainingPolicy;
  /** The loop's decisions, newest first: what triggered it and what happened (at most 200). */
  retrainingTriggers: Array<RetrainingTrigger>;
  /** One training run by id; null when none has it. */
  run?: Maybe<Run>;
  /** Serving statistics over [since, until); defaults: the last hour up to now. Read from 10-second rollups: since is rounded down and until up to a bucket edge (a multiple of 10 s since the epoch), so windows within the same buckets are computed once per request. */
  servingMetrics: ServingMetrics;
  /** One training job by id; null when none has it. */
  trainingJob?: Maybe<TrainingJob>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryApiKeysArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryChallengerArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryChallengerReportArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryDatasetArgs = {
  id: Scalars['ID']['input'];
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryDatasetsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryDriftReportArgs = {
  id: Scalars['ID']['input'];
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryDriftReportsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryExperimentArgs = {
  id: Scalars['ID']['input'];
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryExperimentsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryModelArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
  version: Scalars['Int']['input'];
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryModelsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ModelStatus>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryPerformanceArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryPredictionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<PredictionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryRetrainingTriggersArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryServingMetricsArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Reads: experiments, runs, models, predictions, monitoring, drift, datasets. Role READ or above. */
export type QueryTrainingJobArgs = {
  id: Scalars['ID']['input'];
};

/** End-to-end request latency of one operation and transport, merged over replicas: from the first byte read to the last byte written (HTTP), or from subscribe to complete (WebSocket queries and mutations; subscriptions are not timed). Count, failed, mean and max are exact; percentiles are DDSketch estimates (relative accuracy 0.005). */
export type RequestLatencyStats = {
  __typename?: 'RequestLatencyStats';
  /** Requests in the window. */
  count: Scalars['Int']['output'];
  /** Answered with an HTTP status >= 400 (HTTP) or with errors (WS). */
  failed: Scalars['Int']['output'];
  /** Slowest request, ms (exact). */
  maxMs: Scalars['Float']['output'];
  /** Mean latency, ms (exact). */
  meanMs: Scalars['Float']['output'];
  /** The GraphQL operation's root fields, sorted and joined with "+" (e.g. "predict", "performance+servingMetrics"), or the route of a non-GraphQL request (e.g. "/healthz"). */
  operation: Scalars['String']['output'];
  /** Median latency, ms (DDSketch, 0.5 % relative accuracy). */
  p50Ms: Scalars['Float']['output'];
  /** 95th percentile latency, ms (DDSketch). */
  p95Ms: Scalars['Float']['output'];
  /** 99th percentile latency, ms (DDSketch). */
  p99Ms: Scalars['Float']['output'];
  /** HTTP or WS. */
  transport: Scalars['String']['output'];
};

/** The opt-in retraining loop of the served model (off by default). Results become challengers in SHADOW (or CANDIDATE versions), never champions. */
export type RetrainingPolicy = {
  __typename?: 'RetrainingPolicy';
  /** Minimum minutes between two triggered trainings. */
  cooldownMinutes: Scalars['Int']['output'];
  /** Absolute, e.g. 0.05 = 5 points of coverage. */
  coverageTolerance: Scalars['Float']['output'];
  /** The dataset a triggered job trains on, as set: an id, a name (its latest version) or name@version; null: the training file DATA_PATH as registered, the same default as `domus train` and startTraining. */
  dataset?: Maybe<Scalars['String']['output']>;
  /** Master switch: when false nothing triggers retraining. */
  enabled: Scalars['Boolean']['output'];
  /** Train on the latest dataset plus labelled production rows. */
  includeOutcomes: Scalars['Boolean']['output'];
  /** When a training was last triggered; null if never. */
  lastTriggeredAt?: Maybe<Scalars['DateTime']['output']>;
  /** Relative, e.g. 0.2 = 20 %. */
  maxRmseIncrease: Scalars['Float']['output'];
  /** Live coverage of the serving version's prediction intervals below level − coverageTolerance (at 0.8, 0.9 or 0.95, over at least 30 outcomes) triggers one. */
  onCoverage: Scalars['Boolean']['output'];
  /** A dataset-drift alert triggers a training job. */
  onDrift: Scalars['Boolean']['output'];
  /** Live RMSE worse than the version's test RMSE by maxRmseIncrease triggers one. */
  onPerformance: Scalars['Boolean']['output'];
  /** The dataset version a job triggered now would train on (name@version), before labelled production rows are added (includeOutcomes); null when none is registered or the set reference is unknown. */
  trainsOn?: Maybe<Scalars['String']['output']>;
};

/** Fields to change; omitted ones keep their value. */
export type RetrainingPolicyInput = {
  /** 0..525600 (a year). */
  cooldownMinutes?: InputMaybe<Scalars['Int']['input']>;
  /** 0 < value <= 0.5. */
  coverageTolerance?: InputMaybe<Scalars['Float']['input']>;
  /** The dataset to train on: an id, a name (its latest version at trigger time) or name@version; "" goes back to the default (DATA_PATH, as `domus train`). */
  dataset?: InputMaybe<Scalars['String']['input']>;
  /** Master switch. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Train on the latest dataset plus labelled production rows. */
  includeOutcomes?: InputMaybe<Scalars['Boolean']['input']>;
  /** 0 < value <= 10. */
  maxRmseIncrease?: InputMaybe<Scalars['Float']['input']>;
  /** Start a job when live interval coverage falls below level - coverageTolerance (needs 30 outcomes). */
  onCoverage?: InputMaybe<Scalars['Boolean']['input']>;
  /** Retrain on a dataset-drift alert. */
  onDrift?: InputMaybe<Scalars['Boolean']['input']>;
  /** Retrain when live RMSE exceeds test RMSE by maxRmseIncrease. */
  onPerformance?: InputMaybe<Scalars['Boolean']['input']>;
};

/** One decision of the retraining loop: what triggered it and what happened. */
export type RetrainingTrigger = {
  __typename?: 'RetrainingTrigger';
  /** When the trigger fired. */
  createdAt: Scalars['DateTime']['output'];
  /** Dataset version trained on; null when no job started. */
  datasetVersionId?: Maybe<Scalars['ID']['output']>;
  /** The evidence, in words (drifted features, live vs test RMSE). */
  detail: Scalars['String']['output'];
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** STARTED | COOLDOWN | BUSY | FAILED | INTERRUPTED (the job it started died with its replica; the cooldown was given back) */
  outcome: Scalars['String']['output'];
  /** DRIFT | PERFORMANCE | COVERAGE */
  reason: Scalars['String']['output'];
  /** The job started (STARTED) or interrupted (INTERRUPTED); null otherwise. */
  trainingJobId?: Maybe<Scalars['ID']['output']>;
};

/** API-key roles: ADMIN > PREDICT > READ */
export type Role =
  /** Everything, including keys, training and promotion. */
  | 'ADMIN'
  /** Predictions plus everything READ may do. */
  | 'PREDICT'
  /** Queries only. */
  | 'READ';

/** An invalid row of a batch (onInvalid: SKIP). */
export type RowError = {
  __typename?: 'RowError';
  /** The bad fields, named like "inputs.3.RM" (batchPredict) or "input.RM.3" (batchPredictColumns). */
  fields: Array<Scalars['String']['output']>;
  /** What is wrong with the row. */
  message: Scalars['String']['output'];
  /** The row's index in the input (0-based). */
  row: Scalars['Int']['output'];
};

/** One training run. experiment, metrics, artifacts and modelVersion are resolved by RunResolver. */
export type Run = {
  __typename?: 'Run';
  /** e.g. "gbdt", "random_forest", "ridge", "linear" */
  algorithm: Scalars['String']['output'];
  /** Files the run produced (model, plots, reports). */
  artifacts: Array<Artifact>;
  /** Domus version (and git commit when known) that trained this run (lineage). */
  codeVersion?: Maybe<Scalars['String']['output']>;
  /** The dataset version this run trained on (null for runs older than dataset versions). */
  dataset?: Maybe<DatasetVersion>;
  /** Wall-clock training time in milliseconds; null until finished. */
  durationMs?: Maybe<Scalars['Float']['output']>;
  /** Why the run failed; null unless status is FAILED. */
  error?: Maybe<Scalars['String']['output']>;
  /** The experiment this run belongs to. */
  experiment: Experiment;
  /** Mean |SHAP| per feature on the training split (contribution = importance). */
  featureImportance: Array<FeatureContribution>;
  /** Feature columns the model was trained on, in model order. */
  features: Array<Scalars['String']['output']>;
  /** When training finished or failed; null while queued or running. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Opaque identifier. */
  id: Scalars['ID']['output'];
  /** test_rmse, test_mae, test_r2, test_mape, train_*, cv_rmse_mean, cv_rmse_std, and per-candidate values by step. */
  metrics: Array<Metric>;
  /** Set when this run's model was registered. */
  modelVersion?: Maybe<ModelVersion>;
  /** Human-readable name (algorithm and candidate). */
  name: Scalars['String']['output'];
  /** Hyperparameters the run used. */
  params: Array<Param>;
  /** Seed of the train/test split and CV folds this run used (lineage). */
  splitSeed?: Maybe<Scalars['Int']['output']>;
  /** When training started. */
  startedAt: Scalars['DateTime']['output'];
  /** Lifecycle state. */
  status: RunStatus;
};

/** Lifecycle state of a training run. */
export type RunStatus =
  /** Stopped with an error (see Run.error). */
  | 'FAILED'
  /** Trained and evaluated; metrics are final. */
  | 'FINISHED'
  /** Waiting for a training worker. */
  | 'QUEUED'
  /** Training in progress. */
  | 'RUNNING';

/** Serving statistics over [windowStart, windowEnd), read from 10-second monitoring rollups: rows are counted by whole buckets, the requested window is widened to bucket edges (since rounded down, until rounded up to a multiple of 10 s since the epoch) and windowStart/windowEnd report the widened window that was read; rates divide by it. All zeros when the window holds no predictions. */
export type ServingMetrics = {
  __typename?: 'ServingMetrics';
  /** Per model version: { count, latency: LatencyStats, predictions: PredictionStats }. */
  byModelVersion: Scalars['JSON']['output'];
  /** Errors returned to clients in the window (a request may return several). */
  errorCount: Scalars['Int']['output'];
  /** Failed requests / all requests: failedRequests / (failedRequests + successfulRequests); 0 with no requests. */
  errorRate: Scalars['Float']['output'];
  /** Error counts by contract code, e.g. { BAD_USER_INPUT: 3 }. */
  errorsByCode: Scalars['JSON']['output'];
  /** Requests that returned at least one error (a request with several errors counts once). */
  failedRequests: Scalars['Int']['output'];
  /** Model compute time per logged row (not what clients waited: see requestLatency). */
  latency: LatencyStats;
  /** Distribution of predicted values in the window. */
  predictions: PredictionStats;
  /** Predictions in the window divided by its length in minutes. */
  predictionsPerMinute: Scalars['Float']['output'];
  /** End-to-end request latency per operation and transport in the window, most requests first (written every REQUEST_LATENCY_FLUSH_MS, so the last seconds may be missing). */
  requestLatency: Array<RequestLatencyStats>;
  /** Requests that logged at least one prediction. */
  successfulRequests: Scalars['Int']['output'];
  /** Logged predictions (batch rows count one each). */
  totalPredictions: Scalars['Int']['output'];
  /** End of the window (exclusive). */
  windowEnd: Scalars['DateTime']['output'];
  /** Start of the window (inclusive). */
  windowStart: Scalars['DateTime']['output'];
};

/** Live events over WebSocket (graphql-ws). */
export type Subscription = {
  __typename?: 'Subscription';
  /** The challenger report whenever traffic, outcomes or the challenger change (at most once per CHALLENGER_REPORT_THROTTLE_MS per replica). */
  challengerReportUpdated: ChallengerReport;
  /** Dataset drift: on entering drift, and when the set of drifted features changes. */
  driftAlert: DriftAlert;
  /** Every promotion or rollback, as it happens. */
  modelPromoted: ModelVersion;
  /** Every logged prediction, live, optionally of one model version. */
  predictionMade: Prediction;
  /** Progress of one training job, ending with stage 'done' (FINISHED) or 'failed' (FAILED). */
  trainingProgress: TrainingProgress;
};


/** Live events over WebSocket (graphql-ws). */
export type SubscriptionPredictionMadeArgs = {
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
};


/** Live events over WebSocket (graphql-ws). */
export type SubscriptionTrainingProgressArgs = {
  jobId: Scalars['ID']['input'];
};

/** A training job started by startTraining; `experiment` is resolved by TrainingResolver. */
export type TrainingJob = {
  __typename?: 'TrainingJob';
  /** Why the job failed. */
  error?: Maybe<Scalars['String']['output']>;
  /** The (first) experiment the job records its runs in. */
  experiment?: Maybe<Experiment>;
  /** When the job finished or failed; null while running. */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Opaque identifier (follow it with trainingProgress). */
  id: Scalars['ID']['output'];
  /** When the job started. */
  startedAt: Scalars['DateTime']['output'];
  /** Lifecycle state. */
  status: RunStatus;
};

/** Progress of a training job: one event per finished step of each run, then a final one. */
export type TrainingProgress = {
  __typename?: 'TrainingProgress';
  /** Runs finished so far. */
  completed: Scalars['Int']['output'];
  /** TrainingJob.id. */
  jobId: Scalars['ID']['output'];
  /** What happens now, in words. */
  message?: Maybe<Scalars['String']['output']>;
  /** e.g. "gbdt-random-search/gbdt-search-all-features", or "done" */
  stage: Scalars['String']['output'];
  /** The job's state. */
  status: RunStatus;
  /** Runs the job will make. */
  total: Scalars['Int']['output'];
};

/** Options of a training job; omitted ones come from the server's configuration. */
export type TrainingRunInput = {
  /** Cross-validation folds, 2..20. */
  cvFolds?: InputMaybe<Scalars['Int']['input']>;
  /** Train on this dataset version (see `datasets`); default: the latest version of the configured dataset. */
  datasetId?: InputMaybe<Scalars['ID']['input']>;
  /** Record every run of this job in one experiment of this name. */
  experimentName?: InputMaybe<Scalars['String']['input']>;
  /** Candidates per random search, 1..1000. */
  searchIterations?: InputMaybe<Scalars['Int']['input']>;
  /** Seed of the split, folds and searches, >= 0. */
  seed?: InputMaybe<Scalars['Int']['input']>;
};

/** Live performance of one version over a window: the rows it scored (served, or in the shadow of the champion). */
export type VersionPerformance = {
  __typename?: 'VersionPerformance';
  /** Live coverage of this version's intervals over the window's predictions it served that have an outcome. */
  coverage: Array<CoverageAtLevel>;
  /** Inference latency of the rows (per row; a batch shares its time equally). */
  latency: LatencyStats;
  /** Mean absolute error over rows with outcomes; null when none. */
  mae?: Maybe<Scalars['Float']['output']>;
  /** Mean predicted MEDV; null when no rows. */
  meanPrediction?: Maybe<Scalars['Float']['output']>;
  /** The version measured. */
  modelVersion: Scalars['Int']['output'];
  /** Of those, rows with a recorded actual value (recordOutcomes). */
  outcomes: Scalars['Int']['output'];
  /** Rows this version scored: predictions it served plus shadow scores. */
  predictions: Scalars['Int']['output'];
  /** Root mean squared error over rows with outcomes; null when none. */
  rmse?: Maybe<Scalars['Float']['output']>;
};


/** Live performance of one version over a window: the rows it scored (served, or in the shadow of the champion). */
export type VersionPerformanceCoverageArgs = {
  levels?: InputMaybe<Array<Scalars['Float']['input']>>;
};

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { __typename?: 'Query', apiKeys: Array<{ __typename?: 'ApiKey', id: string, name: string, role: Role, prefix: string, createdAt: string, revokedAt?: string | null, lastUsedAt?: string | null }> };

export type CreateApiKeyMutationVariables = Exact<{
  name: Scalars['String']['input'];
  role: Role;
}>;


export type CreateApiKeyMutation = { __typename?: 'Mutation', createApiKey: { __typename?: 'ApiKeyWithSecret', secret: string, apiKey: { __typename?: 'ApiKey', id: string, name: string, role: Role, prefix: string } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RevokeApiKeyMutation = { __typename?: 'Mutation', revokeApiKey: { __typename?: 'ApiKey', id: string, name: string, revokedAt?: string | null } };

export type ChallengerSummaryFragment = { __typename?: 'Challenger', mode: ChallengerMode, trafficPercent: number, since: string, modelVersion: { __typename?: 'ModelVersion', name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string } };

export type VersionPerformanceSummaryFragment = { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } };

export type ChallengerReportSummaryFragment = { __typename?: 'ChallengerReport', pairedRows: number, pairedOutcomes: number, meanAbsDifference?: number | null, pValue?: number | null, verdict: string, challenger: { __typename?: 'Challenger', mode: ChallengerMode, trafficPercent: number, since: string, modelVersion: { __typename?: 'ModelVersion', name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string } }, champion: { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } }, candidate: { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } } };

export type ChallengerQueryVariables = Exact<{
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type ChallengerQuery = { __typename?: 'Query', challenger?: { __typename?: 'Challenger', mode: ChallengerMode, trafficPercent: number, since: string, modelVersion: { __typename?: 'ModelVersion', name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string } } | null };

export type ChallengerReportQueryVariables = Exact<{
  since?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type ChallengerReportQuery = { __typename?: 'Query', challengerReport?: { __typename?: 'ChallengerReport', pairedRows: number, pairedOutcomes: number, meanAbsDifference?: number | null, pValue?: number | null, verdict: string, challenger: { __typename?: 'Challenger', mode: ChallengerMode, trafficPercent: number, since: string, modelVersion: { __typename?: 'ModelVersion', name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string } }, champion: { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } }, candidate: { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } } } | null };

export type PerformanceQueryVariables = Exact<{
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type PerformanceQuery = { __typename?: 'Query', performance: Array<{ __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } }> };

export type SetChallengerMutationVariables = Exact<{
  version: Scalars['Int']['input'];
  mode: ChallengerMode;
  trafficPercent?: InputMaybe<Scalars['Float']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type SetChallengerMutation = { __typename?: 'Mutation', setChallenger: { __typename?: 'Challenger', mode: ChallengerMode, trafficPercent: number, since: string, modelVersion: { __typename?: 'ModelVersion', name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string } } };

export type ClearChallengerMutationVariables = Exact<{
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type ClearChallengerMutation = { __typename?: 'Mutation', clearChallenger: boolean };

export type RecordOutcomesMutationVariables = Exact<{
  outcomes: Array<OutcomeInput> | OutcomeInput;
  replace?: Scalars['Boolean']['input'];
}>;


export type RecordOutcomesMutation = { __typename?: 'Mutation', recordOutcomes: number };

export type ChallengerReportUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ChallengerReportUpdatedSubscription = { __typename?: 'Subscription', challengerReportUpdated: { __typename?: 'ChallengerReport', pairedRows: number, pairedOutcomes: number, meanAbsDifference?: number | null, pValue?: number | null, verdict: string, challenger: { __typename?: 'Challenger', mode: ChallengerMode, trafficPercent: number, since: string, modelVersion: { __typename?: 'ModelVersion', name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string } }, champion: { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } }, candidate: { __typename?: 'VersionPerformance', modelVersion: number, predictions: number, outcomes: number, rmse?: number | null, mae?: number | null, meanPrediction?: number | null, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number } } } };

export type DatasetVersionSummaryFragment = { __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number, columns: Array<string>, missingCells: number, source: string, sizeBytes: number, createdAt: string };

export type DatasetsQueryVariables = Exact<{
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type DatasetsQuery = { __typename?: 'Query', datasets: Array<{ __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number, columns: Array<string>, missingCells: number, source: string, sizeBytes: number, createdAt: string }> };

export type DatasetQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DatasetQuery = { __typename?: 'Query', dataset?: { __typename?: 'DatasetVersion', provenance?: unknown | null, id: string, name: string, version: number, contentHash: string, rows: number, columns: Array<string>, missingCells: number, source: string, sizeBytes: number, createdAt: string, stats: Array<{ __typename?: 'DatasetColumnStats', column: string, count: number, missing: number, mean?: number | null, std?: number | null, min?: number | null, max?: number | null }>, runs: Array<{ __typename?: 'Run', id: string, name: string, status: RunStatus, algorithm: string, splitSeed?: number | null, codeVersion?: string | null, modelVersion?: { __typename?: 'ModelVersion', version: number, status: ModelStatus } | null }> } | null };

export type DatasetCsvQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DatasetCsvQuery = { __typename?: 'Query', dataset?: { __typename?: 'DatasetVersion', id: string, name: string, version: number, csv: string } | null };

export type RegisterDatasetMutationVariables = Exact<{
  name: Scalars['String']['input'];
  csv: Scalars['String']['input'];
  source?: InputMaybe<Scalars['String']['input']>;
}>;


export type RegisterDatasetMutation = { __typename?: 'Mutation', registerDataset: { __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number, columns: Array<string>, missingCells: number, source: string, sizeBytes: number, createdAt: string } };

export type RetrainingPolicyFieldsFragment = { __typename?: 'RetrainingPolicy', enabled: boolean, onDrift: boolean, onPerformance: boolean, maxRmseIncrease: number, onCoverage: boolean, coverageTolerance: number, includeOutcomes: boolean, cooldownMinutes: number, dataset?: string | null, trainsOn?: string | null, lastTriggeredAt?: string | null };

export type RetrainingPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type RetrainingPolicyQuery = { __typename?: 'Query', retrainingPolicy: { __typename?: 'RetrainingPolicy', enabled: boolean, onDrift: boolean, onPerformance: boolean, maxRmseIncrease: number, onCoverage: boolean, coverageTolerance: number, includeOutcomes: boolean, cooldownMinutes: number, dataset?: string | null, trainsOn?: string | null, lastTriggeredAt?: string | null }, retrainingTriggers: Array<{ __typename?: 'RetrainingTrigger', id: string, reason: string, detail: string, outcome: string, trainingJobId?: string | null, datasetVersionId?: string | null, createdAt: string }> };

export type SetRetrainingPolicyMutationVariables = Exact<{
  input: RetrainingPolicyInput;
}>;


export type SetRetrainingPolicyMutation = { __typename?: 'Mutation', setRetrainingPolicy: { __typename?: 'RetrainingPolicy', enabled: boolean, onDrift: boolean, onPerformance: boolean, maxRmseIncrease: number, onCoverage: boolean, coverageTolerance: number, includeOutcomes: boolean, cooldownMinutes: number, dataset?: string | null, trainsOn?: string | null, lastTriggeredAt?: string | null } };

export type DatasetFromOutcomesMutationVariables = Exact<{
  baseId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type DatasetFromOutcomesMutation = { __typename?: 'Mutation', registerDatasetFromOutcomes?: { __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number, columns: Array<string>, missingCells: number, source: string, sizeBytes: number, createdAt: string } | null };

export type ExperimentsQueryVariables = Exact<{ [key: string]: never; }>;


export type ExperimentsQuery = { __typename?: 'Query', experiments: Array<{ __typename?: 'Experiment', id: string, name: string, description?: string | null, createdAt: string, runs: Array<{ __typename?: 'Run', id: string, name: string, algorithm: string, status: RunStatus, features: Array<string>, durationMs?: number | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number, step: number }> }> }> };

export type ExperimentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ExperimentQuery = { __typename?: 'Query', experiment?: { __typename?: 'Experiment', id: string, name: string, description?: string | null, bestRun?: { __typename?: 'Run', id: string, name: string } | null, runs: Array<{ __typename?: 'Run', startedAt: string, durationMs?: number | null, error?: string | null, id: string, name: string, algorithm: string, status: RunStatus, features: Array<string>, splitSeed?: number | null, params: Array<{ __typename?: 'Param', key: string, value: string }>, metrics: Array<{ __typename?: 'Metric', key: string, value: number, step: number }>, artifacts: Array<{ __typename?: 'Artifact', name: string, url: string }>, modelVersion?: { __typename?: 'ModelVersion', version: number, status: ModelStatus } | null, dataset?: { __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number } | null }> } | null };

export type RunResultsFragment = { __typename?: 'Run', id: string, name: string, algorithm: string, status: RunStatus, features: Array<string>, splitSeed?: number | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number, step: number }>, artifacts: Array<{ __typename?: 'Artifact', name: string, url: string }>, modelVersion?: { __typename?: 'ModelVersion', version: number, status: ModelStatus } | null, dataset?: { __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number } | null };

export type StartTrainingMutationVariables = Exact<{
  input?: InputMaybe<TrainingRunInput>;
}>;


export type StartTrainingMutation = { __typename?: 'Mutation', startTraining: { __typename?: 'TrainingJob', id: string, status: RunStatus, startedAt: string } };

export type TrainingJobQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TrainingJobQuery = { __typename?: 'Query', trainingJob?: { __typename?: 'TrainingJob', id: string, status: RunStatus, startedAt: string, finishedAt?: string | null, error?: string | null } | null };

export type ModelVersionSummaryFragment = { __typename?: 'ModelVersion', id: string, name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string, features: Array<string>, createdAt: string, promotedAt?: string | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }>, calibration?: { __typename?: 'Calibration', method: string, calibrationSize: number, validationCoverage: Array<{ __typename?: 'CoverageAtLevel', level: number, coverage?: number | null, meanWidth?: number | null, rows: number }> } | null };

export type ChampionQueryVariables = Exact<{ [key: string]: never; }>;


export type ChampionQuery = { __typename?: 'Query', champion?: { __typename?: 'ModelVersion', id: string, name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string, features: Array<string>, createdAt: string, promotedAt?: string | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }>, calibration?: { __typename?: 'Calibration', method: string, calibrationSize: number, validationCoverage: Array<{ __typename?: 'CoverageAtLevel', level: number, coverage?: number | null, meanWidth?: number | null, rows: number }> } | null } | null };

export type ModelsQueryVariables = Exact<{
  name?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<ModelStatus>;
}>;


export type ModelsQuery = { __typename?: 'Query', models: Array<{ __typename?: 'ModelVersion', id: string, name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string, features: Array<string>, createdAt: string, promotedAt?: string | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }>, calibration?: { __typename?: 'Calibration', method: string, calibrationSize: number, validationCoverage: Array<{ __typename?: 'CoverageAtLevel', level: number, coverage?: number | null, meanWidth?: number | null, rows: number }> } | null }> };

export type ModelQueryVariables = Exact<{
  version: Scalars['Int']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type ModelQuery = { __typename?: 'Query', model?: { __typename?: 'ModelVersion', id: string, name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string, features: Array<string>, createdAt: string, promotedAt?: string | null, gate?: { __typename?: 'GateResult', passed: boolean, reason: string, comparedWithVersion?: number | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }> } | null, run?: { __typename?: 'Run', id: string, name: string, splitSeed?: number | null, codeVersion?: string | null, params: Array<{ __typename?: 'Param', key: string, value: string }>, experiment: { __typename?: 'Experiment', name: string }, dataset?: { __typename?: 'DatasetVersion', id: string, name: string, version: number, contentHash: string, rows: number } | null } | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }>, calibration?: { __typename?: 'Calibration', method: string, calibrationSize: number, validationCoverage: Array<{ __typename?: 'CoverageAtLevel', level: number, coverage?: number | null, meanWidth?: number | null, rows: number }> } | null } | null };

export type PromoteModelMutationVariables = Exact<{
  version: Scalars['Int']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type PromoteModelMutation = { __typename?: 'Mutation', promoteModel: { __typename?: 'ModelVersion', id: string, name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string, features: Array<string>, createdAt: string, promotedAt?: string | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }>, calibration?: { __typename?: 'Calibration', method: string, calibrationSize: number, validationCoverage: Array<{ __typename?: 'CoverageAtLevel', level: number, coverage?: number | null, meanWidth?: number | null, rows: number }> } | null } };

export type RollbackModelMutationVariables = Exact<{
  name?: InputMaybe<Scalars['String']['input']>;
}>;


export type RollbackModelMutation = { __typename?: 'Mutation', rollbackModel: { __typename?: 'ModelVersion', id: string, name: string, version: number, status: ModelStatus, aliases: Array<string>, algorithm: string, features: Array<string>, createdAt: string, promotedAt?: string | null, metrics: Array<{ __typename?: 'Metric', key: string, value: number }>, calibration?: { __typename?: 'Calibration', method: string, calibrationSize: number, validationCoverage: Array<{ __typename?: 'CoverageAtLevel', level: number, coverage?: number | null, meanWidth?: number | null, rows: number }> } | null } };

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { __typename?: 'Query', health: { __typename?: 'Health', status: string, version: string, database: boolean, championVersion?: number | null, uptimeSeconds: number, replicaId: string, leader: boolean, reasons: Array<string> } };

export type ServingMetricsQueryVariables = Exact<{
  since?: InputMaybe<Scalars['DateTime']['input']>;
  until?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type ServingMetricsQuery = { __typename?: 'Query', servingMetrics: { __typename?: 'ServingMetrics', windowStart: string, windowEnd: string, totalPredictions: number, predictionsPerMinute: number, errorRate: number, errorsByCode: unknown, byModelVersion: unknown, latency: { __typename?: 'LatencyStats', count: number, meanMs: number, p50Ms: number, p95Ms: number, p99Ms: number, maxMs: number }, predictions: { __typename?: 'PredictionStats', count: number, mean: number, std: number, min: number, max: number, p25: number, median: number, p75: number } } };

export type DriftReportFieldsFragment = { __typename?: 'DriftReport', id: string, createdAt: string, modelVersion: number, sufficientData: boolean, message?: string | null, datasetDrift: boolean, driftShare: number, driftShareThreshold: number, referenceSize: number, currentSize: number, sampleSize: number, features: Array<{ __typename?: 'FeatureDrift', feature: string, method: DriftMethod, score: number, threshold: number, detected: boolean, referenceMean?: number | null, currentMean?: number | null }>, predictionDrift?: { __typename?: 'FeatureDrift', method: DriftMethod, score: number, detected: boolean } | null };

export type DriftReportsQueryVariables = Exact<{
  limit?: InputMaybe<Scalars['Int']['input']>;
}>;


export type DriftReportsQuery = { __typename?: 'Query', driftReports: Array<{ __typename?: 'DriftReport', id: string, createdAt: string, modelVersion: number, sufficientData: boolean, message?: string | null, datasetDrift: boolean, driftShare: number, driftShareThreshold: number, referenceSize: number, currentSize: number, sampleSize: number, features: Array<{ __typename?: 'FeatureDrift', feature: string, method: DriftMethod, score: number, threshold: number, detected: boolean, referenceMean?: number | null, currentMean?: number | null }>, predictionDrift?: { __typename?: 'FeatureDrift', method: DriftMethod, score: number, detected: boolean } | null }> };

export type RunDriftCheckMutationVariables = Exact<{
  since?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type RunDriftCheckMutation = { __typename?: 'Mutation', runDriftCheck: { __typename?: 'DriftReport', id: string, createdAt: string, modelVersion: number, sufficientData: boolean, message?: string | null, datasetDrift: boolean, driftShare: number, driftShareThreshold: number, referenceSize: number, currentSize: number, sampleSize: number, features: Array<{ __typename?: 'FeatureDrift', feature: string, method: DriftMethod, score: number, threshold: number, detected: boolean, referenceMean?: number | null, currentMean?: number | null }>, predictionDrift?: { __typename?: 'FeatureDrift', method: DriftMethod, score: number, detected: boolean } | null } };

export type PredictMutationVariables = Exact<{
  input: HousingFeaturesInput;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  routingKey?: InputMaybe<Scalars['String']['input']>;
}>;


export type PredictMutation = { __typename?: 'Mutation', predict: { __typename?: 'Prediction', id: string, requestId: string, value: number, modelName: string, modelVersion: number, features: unknown, imputedFeatures: Array<string>, outOfRangeFeatures: Array<string>, latencyMs: number, createdAt: string, challenger: boolean } };

export type BatchPredictMutationVariables = Exact<{
  inputs: Array<HousingFeaturesInput> | HousingFeaturesInput;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  onInvalid?: InputMaybe<InvalidRowPolicy>;
}>;


export type BatchPredictMutation = { __typename?: 'Mutation', batchPredict: { __typename?: 'BatchPrediction', count: number, modelVersion: number, totalLatencyMs: number, rows: Array<number>, predictions: Array<{ __typename?: 'Prediction', id: string, value: number, imputedFeatures: Array<string>, outOfRangeFeatures: Array<string> }>, errors: Array<{ __typename?: 'RowError', row: number, fields: Array<string>, message: string }> } };

export type BatchPredictColumnsMutationVariables = Exact<{
  input: HousingColumnsInput;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
  onInvalid?: InputMaybe<InvalidRowPolicy>;
}>;


export type BatchPredictColumnsMutation = { __typename?: 'Mutation', batchPredictColumns: { __typename?: 'ColumnarPrediction', count: number, modelVersion: number, totalLatencyMs: number, values: Array<number>, ids: Array<string>, rows: Array<number>, imputedRows: Array<number>, outOfRangeRows: Array<number>, imputedFeatures: Array<Array<string>>, outOfRangeFeatures: Array<Array<string>>, errors: Array<{ __typename?: 'RowError', row: number, fields: Array<string>, message: string }> } };

export type ExplainMutationVariables = Exact<{
  input: HousingFeaturesInput;
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ExplainMutation = { __typename?: 'Mutation', explain: { __typename?: 'Explanation', prediction: number, baseValue: number, modelVersion: number, imputedFeatures: Array<string>, contributions: Array<{ __typename?: 'FeatureContribution', feature: string, value: number, contribution: number }> } };

export type PredictionsQueryVariables = Exact<{
  filter?: InputMaybe<PredictionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type PredictionsQuery = { __typename?: 'Query', predictions: { __typename?: 'PredictionConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'PredictionEdge', cursor: string, node: { __typename?: 'Prediction', id: string, value: number, modelVersion: number, imputedFeatures: Array<string>, outOfRangeFeatures: Array<string>, latencyMs: number, createdAt: string } }> } };

export type PredictionMadeSubscriptionVariables = Exact<{
  modelVersion?: InputMaybe<Scalars['Int']['input']>;
}>;


export type PredictionMadeSubscription = { __typename?: 'Subscription', predictionMade: { __typename?: 'Prediction', id: string, value: number, modelVersion: number, latencyMs: number, imputedFeatures: Array<string>, outOfRangeFeatures: Array<string>, createdAt: string } };

export type DriftAlertSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type DriftAlertSubscription = { __typename?: 'Subscription', driftAlert: { __typename?: 'DriftAlert', id: string, message: string, driftedFeatures: Array<string>, createdAt: string, report: { __typename?: 'DriftReport', id: string, driftShare: number } } };

export type TrainingProgressSubscriptionVariables = Exact<{
  jobId: Scalars['ID']['input'];
}>;


export type TrainingProgressSubscription = { __typename?: 'Subscription', trainingProgress: { __typename?: 'TrainingProgress', jobId: string, stage: string, completed: number, total: number, message?: string | null, status: RunStatus } };

export type ModelPromotedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ModelPromotedSubscription = { __typename?: 'Subscription', modelPromoted: { __typename?: 'ModelVersion', version: number, status: ModelStatus, algorithm: string, promotedAt?: string | null } };

export const ChallengerSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Challenger"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trafficPercent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}}]}}]}}]} as unknown as DocumentNode<ChallengerSummaryFragment, unknown>;
export const VersionPerformanceSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionPerformanceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionPerformance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"predictions"}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"meanPrediction"}},{"kind":"Field","name":{"kind":"Name","value":"latency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}}]}}]}}]} as unknown as DocumentNode<VersionPerformanceSummaryFragment, unknown>;
export const ChallengerReportSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerReportSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChallengerReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challenger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"champion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"candidate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pairedRows"}},{"kind":"Field","name":{"kind":"Name","value":"pairedOutcomes"}},{"kind":"Field","name":{"kind":"Name","value":"meanAbsDifference"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Challenger"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trafficPercent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionPerformanceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionPerformance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"predictions"}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"meanPrediction"}},{"kind":"Field","name":{"kind":"Name","value":"latency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}}]}}]}}]} as unknown as DocumentNode<ChallengerReportSummaryFragment, unknown>;
export const DatasetVersionSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"missingCells"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DatasetVersionSummaryFragment, unknown>;
export const RetrainingPolicyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetrainingPolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetrainingPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"onDrift"}},{"kind":"Field","name":{"kind":"Name","value":"onPerformance"}},{"kind":"Field","name":{"kind":"Name","value":"maxRmseIncrease"}},{"kind":"Field","name":{"kind":"Name","value":"onCoverage"}},{"kind":"Field","name":{"kind":"Name","value":"coverageTolerance"}},{"kind":"Field","name":{"kind":"Name","value":"includeOutcomes"}},{"kind":"Field","name":{"kind":"Name","value":"cooldownMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"trainsOn"}},{"kind":"Field","name":{"kind":"Name","value":"lastTriggeredAt"}}]}}]} as unknown as DocumentNode<RetrainingPolicyFieldsFragment, unknown>;
export const RunResultsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunResults"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"step"}}]}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"splitSeed"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]} as unknown as DocumentNode<RunResultsFragment, unknown>;
export const ModelVersionSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationSize"}},{"kind":"Field","name":{"kind":"Name","value":"validationCoverage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"meanWidth"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]} as unknown as DocumentNode<ModelVersionSummaryFragment, unknown>;
export const DriftReportFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DriftReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"sufficientData"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"datasetDrift"}},{"kind":"Field","name":{"kind":"Name","value":"driftShare"}},{"kind":"Field","name":{"kind":"Name","value":"driftShareThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"referenceSize"}},{"kind":"Field","name":{"kind":"Name","value":"currentSize"}},{"kind":"Field","name":{"kind":"Name","value":"sampleSize"}},{"kind":"Field","name":{"kind":"Name","value":"features"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"feature"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"detected"}},{"kind":"Field","name":{"kind":"Name","value":"referenceMean"}},{"kind":"Field","name":{"kind":"Name","value":"currentMean"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictionDrift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"detected"}}]}}]}}]} as unknown as DocumentNode<DriftReportFieldsFragment, unknown>;
export const ApiKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}}]}}]}}]} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"role"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Role"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"Variable","name":{"kind":"Name","value":"role"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const ChallengerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Challenger"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challenger"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Challenger"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trafficPercent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}}]}}]}}]} as unknown as DocumentNode<ChallengerQuery, ChallengerQueryVariables>;
export const ChallengerReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ChallengerReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challengerReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerReportSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Challenger"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trafficPercent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionPerformanceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionPerformance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"predictions"}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"meanPrediction"}},{"kind":"Field","name":{"kind":"Name","value":"latency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerReportSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChallengerReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challenger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"champion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"candidate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pairedRows"}},{"kind":"Field","name":{"kind":"Name","value":"pairedOutcomes"}},{"kind":"Field","name":{"kind":"Name","value":"meanAbsDifference"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}}]}}]} as unknown as DocumentNode<ChallengerReportQuery, ChallengerReportQueryVariables>;
export const PerformanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Performance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionPerformanceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionPerformance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"predictions"}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"meanPrediction"}},{"kind":"Field","name":{"kind":"Name","value":"latency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}}]}}]}}]} as unknown as DocumentNode<PerformanceQuery, PerformanceQueryVariables>;
export const SetChallengerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetChallenger"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ChallengerMode"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"trafficPercent"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setChallenger"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"mode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mode"}}},{"kind":"Argument","name":{"kind":"Name","value":"trafficPercent"},"value":{"kind":"Variable","name":{"kind":"Name","value":"trafficPercent"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Challenger"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trafficPercent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}}]}}]}}]} as unknown as DocumentNode<SetChallengerMutation, SetChallengerMutationVariables>;
export const ClearChallengerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClearChallenger"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clearChallenger"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}]}}]} as unknown as DocumentNode<ClearChallengerMutation, ClearChallengerMutationVariables>;
export const RecordOutcomesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordOutcomes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outcomes"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OutcomeInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"replace"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordOutcomes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outcomes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outcomes"}}},{"kind":"Argument","name":{"kind":"Name","value":"replace"},"value":{"kind":"Variable","name":{"kind":"Name","value":"replace"}}}]}]}}]} as unknown as DocumentNode<RecordOutcomesMutation, RecordOutcomesMutationVariables>;
export const ChallengerReportUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ChallengerReportUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challengerReportUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerReportSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Challenger"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"trafficPercent"}},{"kind":"Field","name":{"kind":"Name","value":"since"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VersionPerformanceSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionPerformance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"predictions"}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"}},{"kind":"Field","name":{"kind":"Name","value":"rmse"}},{"kind":"Field","name":{"kind":"Name","value":"mae"}},{"kind":"Field","name":{"kind":"Name","value":"meanPrediction"}},{"kind":"Field","name":{"kind":"Name","value":"latency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ChallengerReportSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChallengerReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"challenger"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ChallengerSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"champion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"candidate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VersionPerformanceSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pairedRows"}},{"kind":"Field","name":{"kind":"Name","value":"pairedOutcomes"}},{"kind":"Field","name":{"kind":"Name","value":"meanAbsDifference"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"verdict"}}]}}]} as unknown as DocumentNode<ChallengerReportUpdatedSubscription, ChallengerReportUpdatedSubscriptionVariables>;
export const DatasetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Datasets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"datasets"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"missingCells"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DatasetsQuery, DatasetsQueryVariables>;
export const DatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Dataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetVersionSummary"}},{"kind":"Field","name":{"kind":"Name","value":"provenance"}},{"kind":"Field","name":{"kind":"Name","value":"stats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"column"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"missing"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}},{"kind":"Field","name":{"kind":"Name","value":"std"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"splitSeed"}},{"kind":"Field","name":{"kind":"Name","value":"codeVersion"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"missingCells"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DatasetQuery, DatasetQueryVariables>;
export const DatasetCsvDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DatasetCsv"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"csv"}}]}}]}}]} as unknown as DocumentNode<DatasetCsvQuery, DatasetCsvQueryVariables>;
export const RegisterDatasetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterDataset"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"csv"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerDataset"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"csv"},"value":{"kind":"Variable","name":{"kind":"Name","value":"csv"}}},{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"missingCells"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<RegisterDatasetMutation, RegisterDatasetMutationVariables>;
export const RetrainingPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RetrainingPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retrainingPolicy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RetrainingPolicyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retrainingTriggers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"trainingJobId"}},{"kind":"Field","name":{"kind":"Name","value":"datasetVersionId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetrainingPolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetrainingPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"onDrift"}},{"kind":"Field","name":{"kind":"Name","value":"onPerformance"}},{"kind":"Field","name":{"kind":"Name","value":"maxRmseIncrease"}},{"kind":"Field","name":{"kind":"Name","value":"onCoverage"}},{"kind":"Field","name":{"kind":"Name","value":"coverageTolerance"}},{"kind":"Field","name":{"kind":"Name","value":"includeOutcomes"}},{"kind":"Field","name":{"kind":"Name","value":"cooldownMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"trainsOn"}},{"kind":"Field","name":{"kind":"Name","value":"lastTriggeredAt"}}]}}]} as unknown as DocumentNode<RetrainingPolicyQuery, RetrainingPolicyQueryVariables>;
export const SetRetrainingPolicyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetRetrainingPolicy"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetrainingPolicyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setRetrainingPolicy"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RetrainingPolicyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RetrainingPolicyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetrainingPolicy"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"onDrift"}},{"kind":"Field","name":{"kind":"Name","value":"onPerformance"}},{"kind":"Field","name":{"kind":"Name","value":"maxRmseIncrease"}},{"kind":"Field","name":{"kind":"Name","value":"onCoverage"}},{"kind":"Field","name":{"kind":"Name","value":"coverageTolerance"}},{"kind":"Field","name":{"kind":"Name","value":"includeOutcomes"}},{"kind":"Field","name":{"kind":"Name","value":"cooldownMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"}},{"kind":"Field","name":{"kind":"Name","value":"trainsOn"}},{"kind":"Field","name":{"kind":"Name","value":"lastTriggeredAt"}}]}}]} as unknown as DocumentNode<SetRetrainingPolicyMutation, SetRetrainingPolicyMutationVariables>;
export const DatasetFromOutcomesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DatasetFromOutcomes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"baseId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerDatasetFromOutcomes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"baseId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"baseId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DatasetVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DatasetVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatasetVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"columns"}},{"kind":"Field","name":{"kind":"Name","value":"missingCells"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DatasetFromOutcomesMutation, DatasetFromOutcomesMutationVariables>;
export const ExperimentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Experiments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"step"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ExperimentsQuery, ExperimentsQueryVariables>;
export const ExperimentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Experiment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"experiment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"bestRun"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunResults"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunResults"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"step"}}]}},{"kind":"Field","name":{"kind":"Name","value":"artifacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"splitSeed"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]} as unknown as DocumentNode<ExperimentQuery, ExperimentQueryVariables>;
export const StartTrainingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartTraining"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TrainingRunInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startTraining"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}}]}}]}}]} as unknown as DocumentNode<StartTrainingMutation, StartTrainingMutationVariables>;
export const TrainingJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TrainingJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<TrainingJobQuery, TrainingJobQueryVariables>;
export const ChampionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Champion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"champion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationSize"}},{"kind":"Field","name":{"kind":"Name","value":"validationCoverage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"meanWidth"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]} as unknown as DocumentNode<ChampionQuery, ChampionQueryVariables>;
export const ModelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Models"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ModelStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"models"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationSize"}},{"kind":"Field","name":{"kind":"Name","value":"validationCoverage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"meanWidth"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]} as unknown as DocumentNode<ModelsQuery, ModelsQueryVariables>;
export const ModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Model"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelVersionSummary"}},{"kind":"Field","name":{"kind":"Name","value":"gate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"comparedWithVersion"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"params"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"experiment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"splitSeed"}},{"kind":"Field","name":{"kind":"Name","value":"codeVersion"}},{"kind":"Field","name":{"kind":"Name","value":"dataset"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contentHash"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationSize"}},{"kind":"Field","name":{"kind":"Name","value":"validationCoverage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"meanWidth"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]} as unknown as DocumentNode<ModelQuery, ModelQueryVariables>;
export const PromoteModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PromoteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"promoteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationSize"}},{"kind":"Field","name":{"kind":"Name","value":"validationCoverage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"meanWidth"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]} as unknown as DocumentNode<PromoteModelMutation, PromoteModelMutationVariables>;
export const RollbackModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RollbackModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelVersionSummary"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelVersionSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelVersion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"calibration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"calibrationSize"}},{"kind":"Field","name":{"kind":"Name","value":"validationCoverage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"meanWidth"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}}]}}]}}]}}]} as unknown as DocumentNode<RollbackModelMutation, RollbackModelMutationVariables>;
export const HealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"database"}},{"kind":"Field","name":{"kind":"Name","value":"championVersion"}},{"kind":"Field","name":{"kind":"Name","value":"uptimeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"replicaId"}},{"kind":"Field","name":{"kind":"Name","value":"leader"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]} as unknown as DocumentNode<HealthQuery, HealthQueryVariables>;
export const ServingMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServingMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"until"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"servingMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}},{"kind":"Argument","name":{"kind":"Name","value":"until"},"value":{"kind":"Variable","name":{"kind":"Name","value":"until"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"windowStart"}},{"kind":"Field","name":{"kind":"Name","value":"windowEnd"}},{"kind":"Field","name":{"kind":"Name","value":"totalPredictions"}},{"kind":"Field","name":{"kind":"Name","value":"predictionsPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"errorsByCode"}},{"kind":"Field","name":{"kind":"Name","value":"latency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"meanMs"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"mean"}},{"kind":"Field","name":{"kind":"Name","value":"std"}},{"kind":"Field","name":{"kind":"Name","value":"min"}},{"kind":"Field","name":{"kind":"Name","value":"max"}},{"kind":"Field","name":{"kind":"Name","value":"p25"}},{"kind":"Field","name":{"kind":"Name","value":"median"}},{"kind":"Field","name":{"kind":"Name","value":"p75"}}]}},{"kind":"Field","name":{"kind":"Name","value":"byModelVersion"}}]}}]}}]} as unknown as DocumentNode<ServingMetricsQuery, ServingMetricsQueryVariables>;
export const DriftReportsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DriftReports"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"limit"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"driftReports"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"Variable","name":{"kind":"Name","value":"limit"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftReportFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DriftReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"sufficientData"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"datasetDrift"}},{"kind":"Field","name":{"kind":"Name","value":"driftShare"}},{"kind":"Field","name":{"kind":"Name","value":"driftShareThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"referenceSize"}},{"kind":"Field","name":{"kind":"Name","value":"currentSize"}},{"kind":"Field","name":{"kind":"Name","value":"sampleSize"}},{"kind":"Field","name":{"kind":"Name","value":"features"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"feature"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"detected"}},{"kind":"Field","name":{"kind":"Name","value":"referenceMean"}},{"kind":"Field","name":{"kind":"Name","value":"currentMean"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictionDrift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"detected"}}]}}]}}]} as unknown as DocumentNode<DriftReportsQuery, DriftReportsQueryVariables>;
export const RunDriftCheckDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RunDriftCheck"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runDriftCheck"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DriftReportFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DriftReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DriftReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"sufficientData"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"datasetDrift"}},{"kind":"Field","name":{"kind":"Name","value":"driftShare"}},{"kind":"Field","name":{"kind":"Name","value":"driftShareThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"referenceSize"}},{"kind":"Field","name":{"kind":"Name","value":"currentSize"}},{"kind":"Field","name":{"kind":"Name","value":"sampleSize"}},{"kind":"Field","name":{"kind":"Name","value":"features"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"feature"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"detected"}},{"kind":"Field","name":{"kind":"Name","value":"referenceMean"}},{"kind":"Field","name":{"kind":"Name","value":"currentMean"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictionDrift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"detected"}}]}}]}}]} as unknown as DocumentNode<RunDriftCheckMutation, RunDriftCheckMutationVariables>;
export const PredictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Predict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HousingFeaturesInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"routingKey"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"modelVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"routingKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"routingKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"modelName"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"imputedFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"outOfRangeFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"challenger"}}]}}]}}]} as unknown as DocumentNode<PredictMutation, PredictMutationVariables>;
export const BatchPredictDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BatchPredict"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HousingFeaturesInput"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"onInvalid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidRowPolicy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchPredict"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"inputs"},"value":{"kind":"Variable","name":{"kind":"Name","value":"inputs"}}},{"kind":"Argument","name":{"kind":"Name","value":"modelVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"onInvalid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"onInvalid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"totalLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"predictions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"imputedFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"outOfRangeFeatures"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"row"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<BatchPredictMutation, BatchPredictMutationVariables>;
export const BatchPredictColumnsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"BatchPredictColumns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HousingColumnsInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"onInvalid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidRowPolicy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batchPredictColumns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"modelVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"onInvalid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"onInvalid"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"totalLatencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"values"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}},{"kind":"Field","name":{"kind":"Name","value":"rows"}},{"kind":"Field","name":{"kind":"Name","value":"imputedRows"}},{"kind":"Field","name":{"kind":"Name","value":"outOfRangeRows"}},{"kind":"Field","name":{"kind":"Name","value":"imputedFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"outOfRangeFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"row"}},{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<BatchPredictColumnsMutation, BatchPredictColumnsMutationVariables>;
export const ExplainDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Explain"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HousingFeaturesInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"explain"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"modelVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"prediction"}},{"kind":"Field","name":{"kind":"Name","value":"baseValue"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"contributions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"feature"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"}}]}},{"kind":"Field","name":{"kind":"Name","value":"imputedFeatures"}}]}}]}}]} as unknown as DocumentNode<ExplainMutation, ExplainMutationVariables>;
export const PredictionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Predictions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PredictionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"imputedFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"outOfRangeFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PredictionsQuery, PredictionsQueryVariables>;
export const PredictionMadeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PredictionMade"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"predictionMade"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"modelVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"modelVersion"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"imputedFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"outOfRangeFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<PredictionMadeSubscription, PredictionMadeSubscriptionVariables>;
export const DriftAlertDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DriftAlert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"driftAlert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"driftedFeatures"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"driftShare"}}]}}]}}]}}]} as unknown as DocumentNode<DriftAlertSubscription, DriftAlertSubscriptionVariables>;
export const TrainingProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TrainingProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trainingProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<TrainingProgressSubscription, TrainingProgressSubscriptionVariables>;
export const ModelPromotedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ModelPromoted"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelPromoted"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"algorithm"}},{"kind":"Field","name":{"kind":"Name","value":"promotedAt"}}]}}]}}]} as unknown as DocumentNode<ModelPromotedSubscription, ModelPromotedSubscriptionVariables>;