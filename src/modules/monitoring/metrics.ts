/**
 * Prometheus metrics (prom-client), one registry per app so tests and several apps in one
 * process never share counters. Served as text at GET /metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Request-duration buckets from 0.25 ms to 10 s: predict is sub-millisecond, batches and training reads take longer. */
export const DURATION_BUCKETS_SECONDS = [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface DomusMetrics {
  registry: Registry;
  requestDuration: Histogram<"route" | "status">;
  predictions: Counter<"model_version">;
  errors: Counter<"code">;
  refusals: Counter<"reason" | "bucket">;
  championVersion: Gauge;
  featureDrift: Gauge<"feature" | "method">;
  datasetDrift: Gauge;
  predictionLogFlushes: Counter;
  predictionLogRows: Counter;
  /** Model versions refused because their artifact fails its SHA-256 check, by version. */
  artifactIntegrityFailures: Counter;
  /** Events Redis could not take (it stayed unreachable through the retries), by topic. */
  eventsLost: Counter<"topic">;
  /** Shadow challenger scores stored or dropped. */
  shadowPredictions: Counter<"result">;
  /** What the scrape-time gauges read (set by the composition root once the services exist). */
  sources: MetricSources;
}

/** Scrape-time sources of the live-performance gauges. */
export interface MetricSources {
  /** RMSE against recorded outcomes per model version (domus_live_rmse). */
  liveRmse?: () => Promise<Map<number, number>>;
  /** Interval coverage against recorded outcomes per model version and level (domus_live_coverage). */
  liveCoverage?: () => Promise<{ version: number; level: number; coverage: number | null }[]>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): DomusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "domus_" });
  const sources: MetricSources = {};
  new Gauge({
    name: "domus_live_rmse",
    help: "RMSE against recorded outcomes over the last 24 h, per model version (served and shadow rows)",
    labelNames: ["model_version"],
    registers: [registry],
    async collect() {
      const rmse = (await sources.liveRmse?.()) ?? new Map<number, number>();
      this.reset();
      for (const [version, value] of rmse) this.set({ model_version: String(version) }, value);
    },
  });
  new Gauge({
    name: "domus_live_coverage",
    help: "Share of recorded outcomes inside the served prediction interval over the last 24 h, per model version and level",
    labelNames: ["model_version", "level"],
    registers: [registry],
    async collect() {
      const coverage = (await sources.liveCoverage?.()) ?? [];
      this.reset();
      for (const c of coverage) if (c.coverage !== null) this.set({ model_version: String(c.version), level: String(c.level) }, c.coverage);
    },
  });
  return {
    registry,
    sources,
    eventsLost: new Counter({ name: "domus_events_lost_total", help: "Events that could not be published to Redis (it stayed unreachable through the retries), by topic", labelNames: ["topic"], registers: [registry] }),
    shadowPredictions: new Counter({ name: "domus_shadow_predictions_total", help: "Shadow challenger scores stored (stored) or dropped (dropped)", labelNames: ["result"], registers: [registry] }),
    requestDuration: new Histogram({
      name: "domus_http_request_duration_seconds",
      help: "HTTP request duration by route and status code",
      labelNames: ["route", "status"],
      buckets: DURATION_BUCKETS_SECONDS,
      registers: [registry],
    }),
    predictions: new Counter({ name: "domus_predictions_total", help: "Logged predictions by model version", labelNames: ["model_version"], registers: [registry] }),
    errors: new Counter({ name: "domus_errors_total", help: "Errors returned to clients by contract error code", labelNames: ["code"], registers: [registry] }),
    refusals: new Counter({
      name: "domus_refusals_total",
      help: "Failed key checks (reason=invalid_key) and rate-limit refusals (reason=rate_limited) by bucket (key or client address)",
      labelNames: ["reason", "bucket"],
      registers: [registry],
    }),
    championVersion: new Gauge({ name: "domus_champion_version", help: "Version of the champion model being served (0 = none)", registers: [registry] }),
    featureDrift: new Gauge({
      name: "domus_feature_drift_score",
      help: "Latest drift score per feature (p-value for KS/chi-square/z tests, distance for Wasserstein/PSI)",
      labelNames: ["feature", "method"],
      registers: [registry],
    }),
    datasetDrift: new Gauge({ name: "domus_dataset_drift_share", help: "Share of drifted features in the latest drift report", registers: [registry] }),
    predictionLogFlushes: new Counter({ name: "domus_prediction_log_flushes_total", help: "Group-commit transactions of the prediction log", registers: [registry] }),
    predictionLogRows: new Counter({ name: "domus_prediction_log_rows_total", help: "Prediction rows committed by the prediction log", registers: [registry] }),
    artifactIntegrityFailures: new Counter({
      name: "domus_artifact_integrity_failures_total",
      help: "Model versions refused because their stored artifact no longer matches the SHA-256 recorded at registration, by version",
      labelNames: ["version"],
      registers: [registry],
    }),
  };
}
