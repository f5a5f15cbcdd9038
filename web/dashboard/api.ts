// GraphQL over HTTP (plain fetch + X-API-Key) and over WebSocket (graphql-ws) for the dashboard.
import { createClient, type Client } from "graphql-ws";

export const KEY_STORAGE = "domus.dashboardKey";

/** The key lives in this tab's sessionStorage only (never localStorage or cookies). */
export function loadKey(): string | null {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function saveKey(key: string | null): void {
  try {
    if (key === null) window.sessionStorage.removeItem(KEY_STORAGE);
    else window.sessionStorage.setItem(KEY_STORAGE, key);
  } catch {
    // storage disabled: the key then lives in memory for this page only
  }
}

/** A GraphQL or transport error; `code` is the contract's extensions.code when there is one. */
export class GqlError extends Error {
  readonly code: string | null;
  constructor(message: string, code: string | null) {
    super(message);
    this.code = code;
  }
}

export const isAuthError = (err: unknown): boolean =>
  err instanceof GqlError && (err.code === "UNAUTHENTICATED" || err.code === "FORBIDDEN");

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function gql<T>(apiKey: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", "x-api-key": apiKey },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new GqlError(`cannot reach the server (${err instanceof Error ? err.message : String(err)})`, "NETWORK");
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new GqlError(`unexpected HTTP ${res.status} response from the server`, "NETWORK");
  }
  const first = body.errors?.[0];
  if (first) throw new GqlError(first.message, first.extensions?.code ?? null);
  if (!body.data) throw new GqlError(`empty response (HTTP ${res.status})`, null);
  return body.data;
}

export type WsStatus = "connecting" | "live" | "reconnecting";

const closeCode = (event: unknown): number | null =>
  typeof event === "object" && event !== null && "code" in event && typeof (event as { code: unknown }).code === "number"
    ? (event as { code: number }).code
    : null;

/** 4401: no valid key; 4403: the key was revoked. Neither is retried. */
export const AUTH_CLOSE_CODES = new Set([4401, 4403]);

export function createWsClient(
  apiKey: string,
  handlers: { onStatus: (status: WsStatus) => void; onAuthClose: (code: number) => void },
): Client {
  const url = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/graphql`;
  let authFailed = false;
  return createClient({
    url,
    connectionParams: () => ({ apiKey }),
    lazy: false,
    onNonLazyError: () => undefined,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryWait: async (retries) => {
      const ms = Math.min(1000 * 2 ** retries, 10_000) + Math.random() * 500;
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    shouldRetry: (event) => {
      const code = closeCode(event);
      return !authFailed && !(code !== null && AUTH_CLOSE_CODES.has(code));
    },
    on: {
      connecting: () => handlers.onStatus("connecting"),
      connected: () => handlers.onStatus("live"),
      closed: (event) => {
        const code = closeCode(event);
        if (code !== null && AUTH_CLOSE_CODES.has(code)) {
          authFailed = true;
          handlers.onAuthClose(code);
        } else handlers.onStatus("reconnecting");
      },
    },
  });
}

// ---- response types -------------------------------------------------------------------------

export interface MetricKV {
  key: string;
  value: number;
}

export interface Champion {
  version: number;
  algorithm: string;
  features: string[];
  metrics: MetricKV[];
  promotedAt: string | null;
}

export interface PredictionEvent {
  id: string;
  value: number;
  modelVersion: number;
  latencyMs: number;
  createdAt: string;
}

export interface ServingMetrics {
  totalPredictions: number;
  predictionsPerMinute: number;
  errorRate: number;
  latency: { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
  predictions: { mean: number; min: number; max: number };
}

export interface FeatureDrift {
  feature: string;
  method: string;
  score: number;
  threshold: number;
  detected: boolean;
  currentMean: number | null;
  referenceMean: number | null;
}

export interface DriftReport {
  id: string;
  createdAt: string;
  modelVersion: number;
  sufficientData: boolean;
  message: string | null;
  datasetDrift: boolean;
  driftShare: number;
  driftShareThreshold: number;
  currentSize: number;
  features: FeatureDrift[];
  predictionDrift: { method: string; score: number; detected: boolean } | null;
}

export interface DriftAlertEvent {
  message: string;
  driftedFeatures: string[];
  createdAt: string;
  report: { id: string };
}

export interface Run {
  id: string;
  name: string;
  algorithm: string;
  status: string;
  features: string[];
  metrics: Array<{ key: string; value: number; step: number }>;
  artifacts: Array<{ name: string; url: string }>;
  modelVersion: { version: number; status: string } | null;
}

export interface Experiment {
  name: string;
  description: string | null;
  runs: Run[];
}

// ---- documents --------------------------------------------------------------------------------

const CHAMPION_FIELDS = "version algorithm features metrics { key value } promotedAt";

export const CHAMPION_QUERY = `query DashboardChampion { champion { ${CHAMPION_FIELDS} } }`;
export const MODEL_PROMOTED = `subscription DashboardModelPromoted { modelPromoted { ${CHAMPION_FIELDS} } }`;

export const PREDICTION_MADE = `subscription DashboardPredictions { predictionMade { id value modelVersion latencyMs createdAt } }`;

export const SERVING_METRICS_QUERY = `query DashboardServing($since: DateTime) {
  servingMetrics(since: $since) {
    totalPredictions predictionsPerMinute errorRate
    latency { p50Ms p95Ms p99Ms maxMs }
    predictions { mean min max }
  }
}`;

export const DRIFT_REPORTS_QUERY = `query DashboardDrift {
  driftReports(limit: 20) {
    id createdAt modelVersion sufficientData message datasetDrift driftShare driftShareThreshold currentSize
    features { feature method score threshold detected currentMean referenceMean }
    predictionDrift { method score detected }
  }
}`;

export const DRIFT_ALERT = `subscription DashboardDriftAlert { driftAlert { message driftedFeatures createdAt report { id } } }`;

export const EXPERIMENTS_QUERY = `query DashboardExperiments {
  experiments {
    name description
    runs {
      id name algorithm status features
      metrics { key value step }
      artifacts { name url }
      modelVersion { version status }
    }
  }
}`;
