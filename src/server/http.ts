/**
 * The HTTP front: Apollo Server's core on plain node:http (no framework: it is several times
 * faster here), plus /healthz, /readyz and artifact downloads.
 */
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import type { BlockList } from "node:net";
import type { Context } from "../context.ts";
import { DomusError, RequestRejectedError, UnauthenticatedError, domusErrorOf } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { clientAddress } from "./client-address.ts";
import { PAGE_CSP, asset, pageHtml } from "./pages.ts";
import type { Identity } from "./request-pipeline.ts";

export interface HttpOptions {
  bodyLimitBytes: number;
  logger: Logger;
  /**
   * Who is asking (the request pipeline's first step, before anything is parsed): every key check
   * (/graphql, /metrics, /artifacts) goes through it, so failed ones are rate-limited per address.
   */
  identify: (apiKey: string | null, clientAddress: string) => Promise<Identity>;
  /** Refuses a query text over MAX_QUERY_BYTES (413) before anything parses it. */
  checkQuerySize: (query: unknown) => void;
  /** Builds the GraphQL context of one request. */
  context: (requestId: string, identity: Identity) => Context;
  /** Proxies whose X-Forwarded-For is believed (TRUST_PROXY); null: none. */
  trustedProxies: BlockList | null;
  /** Verifies a signed artifact URL. */
  artifactSignatureValid: (id: string, expires: string | null, signature: string | null) => boolean;
  /** GET /metrics without a key. */
  metricsPublic: boolean;
  /** Allowed browser origins ("*" = any, without credentials). */
  corsOrigins: string[];
  /** True once shutdown began: new requests get 503. */
  draining: () => boolean;
  requestTimeoutMs: number;
  /** Serve the GraphiQL playground at /playground (and for browsers on GET /graphql). */
  playground: boolean;
  /** Serve the dashboard at /dashboard. */
  dashboard: boolean;
  apollo: ApolloServer<Context>;
  readiness: () => Promise<{ ready: boolean; reasons: string[]; database: boolean; championVersion: number | null }>;
  artifact: (id: string) => Promise<{ name: string; contentType: string; content: Uint8Array } | null>;
  /** Prometheus exposition text for GET /metrics. */
  metricsText: () => Promise<{ contentType: string; body: string }>;
  /** Observes every finished request (duration histogram). */
  /** A request answered: its route, status, seconds from first byte to last, and GraphQL operation label (src/modules/monitoring/request-latency.ts) if any. */
  onRequestDone?: (route: string, status: number, seconds: number, operation: string | undefined) => void;
  /** Requests refused before GraphQL ran (bad JSON, content type, size, rate limit): counted as errors. */
  onRequestError?: (requestId: string, code: string) => void;
}

/** Low-cardinality route label for metrics. */
function routeLabel(path: string): string {
  if (path === "/graphql" || path === "/healthz" || path === "/readyz" || path === "/metrics" || path === "/playground" || path === "/dashboard") return path;
  if (path.startsWith("/assets/")) return "/assets";
  if (path.startsWith("/artifacts/")) return "/artifacts";
  return "other";
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The API key of a request: X-API-Key, or Authorization: Bearer (for Prometheus scrapers). */
export function apiKeyOf(req: IncomingMessage): string | null {
  const header = req.headers["x-api-key"];
  if (typeof header === "string" && header.length > 0) return header.trim();
  const auth = req.headers.authorization;
  if (typeof auth === "string" && auth.startsWith("Bearer ")) return auth.slice(7).trim();
  return null;
}

/** CORS: echo an allowed Origin; "*" allows any origin but never with credentials. */
function applyCors(req: IncomingMessage, res: ServerResponse, origins: string[]): void {
  const origin = req.headers.origin;
  if (!origin || origins.length === 0) return;
  if (origins.includes(origin)) {
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-allow-credentials", "true");
    res.setHeader("vary", "Origin");
  } else if (origins.includes("*")) {
    res.setHeader("access-control-allow-origin", "*");
  } else {
    return;
  }
  res.setHeader("access-control-allow-headers", "content-type, x-api-key, x-request-id, authorization, apollo-require-preflight");
  res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
  res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
  res.setHeader("access-control-max-age", "600");
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error body for refusals before GraphQL runs (bad JSON, content type, size, rate limit, no key), with the error's own status. */
function sendRequestError(res: ServerResponse, error: DomusError, requestId: string): void {
  sendJson(res, error.http?.status ?? 400, { errors: [{ message: error.message, extensions: { ...error.clientExtensions, requestId } }] }, error.http?.headers);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new RequestRejectedError(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes (BODY_LIMIT_BYTES)`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new RequestRejectedError(413, `request body exceeds the limit of ${limit} bytes (BODY_LIMIT_BYTES)`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * A request target's path and query, as WHATWG `URL` gives them (`pathname`, `search`), without
 * building one (~3 µs) for the common target: an origin-form path and query of plain URL
 * characters. Anything else — percent-encoding, dot or empty segments, other characters the
 * parser would encode or normalise, a fragment, a bare "?" — takes the full parser.
 */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*(\?[A-Za-z0-9\-._~!$&()*+,;=:@/?]+)?$/;

export function splitTarget(target: string | undefined): { path: string; search: string } {
  const raw = target ?? "/";
  if (PLAIN_TARGET.test(raw)) {
    const q = raw.indexOf("?");
    const path = q < 0 ? raw : raw.slice(0, q);
    if (!path.includes("/.") && !path.includes("//")) return { path, search: q < 0 ? "" : raw.slice(q) };
  }
  const url = new URL(raw, "http://localhost");
  return { path: url.pathname, search: url.search };
}

/** The GraphQL operation label of a response, for onRequestDone. */
const operations = new WeakMap<ServerResponse, string>();

async function handleGraphQL(req: IncomingMessage, res: ServerResponse, requestId: string, options: HttpOptions, search: string): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  let body: unknown;
  if (method === "POST") {
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    if (!type.startsWith("application/json") && !type.startsWith("application/graphql-response+json")) {
      throw new RequestRejectedError(415, `unsupported content type ${JSON.stringify(type || "(none)")}; send application/json`);
    }
    const text = await readBody(req, options.bodyLimitBytes);
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new RequestRejectedError(400, `malformed JSON body: ${(err as Error).message}`);
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new RequestRejectedError(400, "the JSON body must be an object with a `query` string (batched operations are not supported)");
    }
  } else if (method !== "GET") {
    throw new RequestRejectedError(405, `method ${method} is not allowed on /graphql; use POST (or GET for queries)`, { allow: "GET, POST" });
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const context = options.context(requestId, await options.identify(apiKeyOf(req), clientAddress(req, options.trustedProxies)));
  options.checkQuerySize(method === "POST" ? (body as { query?: unknown }).query : new URLSearchParams(search).get("query"));
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search, body },
    context: async () => context,
  });
  const operation = context.observed?.operation;
  if (operation) operations.set(res, operation);
  const outHeaders: Record<string, string> = { "x-request-id": requestId };
  for (const [key, value] of response.headers) outHeaders[key] = value;
  if (response.body.kind === "complete") {
    outHeaders["content-length"] = String(Buffer.byteLength(response.body.string));
    res.writeHead(response.status ?? 200, outHeaders);
    res.end(response.body.string);
    return;
  }
  res.writeHead(response.status ?? 200, outHeaders);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function createHttpServer(options: HttpOptions): Server {
  const { logger } = options;
  const server = createServer((req, res) => {
    const startedAt = process.hrtime.bigint();
    if (options.onRequestDone) {
      const done = options.onRequestDone;
      res.once("finish", () => done(routeLabel(route), res.statusCode, Number(process.hrtime.bigint() - startedAt) / 1e9, operations.get(res)));
    }
    const header = req.headers["x-request-id"];
    const requestId = typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
    const { path: route, search } = splitTarget(req.url);
    applyCors(req, res, options.corsOrigins);
    const work = async () => {
      if (req.method === "OPTIONS") {
        res.writeHead(204);
        return void res.end();
      }
      if (options.draining() && route !== "/healthz" && route !== "/readyz") {
        res.setHeader("connection", "close");
        return sendJson(res, 503, { errors: [{ message: "the server is shutting down; retry on another replica", extensions: { code: "INTERNAL_SERVER_ERROR", reason: "SHUTTING_DOWN", requestId } }] }, { "retry-after": "1" });
      }
      if (route === "/graphql" && req.method === "GET" && options.playground && (req.headers.accept ?? "").includes("text/html")) {
        res.writeHead(302, { location: "/playground" });
        return void res.end();
      }
      if (route === "/graphql") return handleGraphQL(req, res, requestId, options, search);
      if ((route === "/playground" && options.playground) || (route === "/dashboard" && options.dashboard)) {
        const html = pageHtml(route === "/playground" ? "playground" : "dashboard", route === "/playground" ? "Domus — GraphQL playground" : "Domus — dashboard");
        if (!html) return sendJson(res, 404, { error: "the web pages are not built; run npm run build:web" });
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": PAGE_CSP, "x-content-type-options": "nosniff", "cache-control": "no-cache" });
        return void res.end(html);
      }
      if (route.startsWith("/assets/") && (req.method === "GET" || req.method === "HEAD")) {
        const file = asset(route.slice("/assets/".length));
        if (!file) return sendJson(res, 404, { error: "no such asset" });
        res.writeHead(200, { "content-type": file.contentType, "content-length": file.body.byteLength, "cache-control": "public, max-age=300", "x-content-type-options": "nosniff" });
        return void res.end(req.method === "HEAD" ? undefined : file.body);
      }
      if (route === "/healthz") return sendJson(res, 200, { status: "ok" });
      if (route === "/metrics") {
        if (!options.metricsPublic && !(await options.identify(apiKeyOf(req), clientAddress(req, options.trustedProxies))).principal) {
          throw new UnauthenticatedError("GET /metrics needs an API key (X-API-Key or Authorization: Bearer), or METRICS_PUBLIC=true");
        }
        const { contentType, body } = await options.metricsText();
        res.writeHead(200, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
        return void res.end(body);
      }
      if (route === "/readyz") {
        const r = await options.readiness();
        return sendJson(res, r.ready ? 200 : 503, { status: r.ready ? "ready" : "not ready", ...r });
      }
      if (route.startsWith("/artifacts/") && (req.method === "GET" || req.method === "HEAD")) {
        let id: string;
        try {
          id = decodeURIComponent(route.slice("/artifacts/".length));
        } catch {
          throw new RequestRejectedError(400, "the artifact id in the path is not valid percent-encoding");
        }
        const params = new URLSearchParams(search);
        const signed = options.artifactSignatureValid(id, params.get("expires"), params.get("signature"));
        if (!signed && !(await options.identify(apiKeyOf(req), clientAddress(req, options.trustedProxies))).principal) {
          throw new UnauthenticatedError("artifacts need an API key (X-API-Key) or a valid signed URL from Run.artifacts");
        }
        const artifact = await options.artifact(id);
        if (!artifact) return sendJson(res, 404, { error: "no such artifact" });
        // A stored SVG (or JSON) must never run script in the app's origin: sandboxed, no sniffing,
        // and SVG/JSON downloaded rather than rendered.
        const disposition = /svg|json/i.test(artifact.contentType) ? "attachment" : "inline";
        res.writeHead(200, {
          "content-type": artifact.contentType,
          "content-length": artifact.content.byteLength,
          "content-disposition": `${disposition}; filename="${artifact.name.replace(/["\\\r\n]/g, "_")}"`,
          "content-security-policy": "default-src 'none'; sandbox",
          "x-content-type-options": "nosniff",
        });
        return void res.end(req.method === "HEAD" ? undefined : artifact.content);
      }
      sendJson(res, 404, { error: `no route ${route}; try POST /graphql, GET /healthz or GET /readyz` });
    };
    work().catch((thrown: unknown) => {
      // An unreachable database (a key lookup at the door) answers 503 with Retry-After, not 500.
      const err = thrown instanceof DomusError ? thrown : (domusErrorOf(thrown) ?? thrown);
      if (err instanceof DomusError) {
        // A client's mistake or a refusal: counted, logged without a stack, answered with its own status.
        options.onRequestError?.(requestId, err.code);
        // Refusals a flood repeats (no key, rate limit) are counted in /metrics; mistakes logged once each.
        const level = err.code === "RATE_LIMITED" || err.code === "UNAUTHENTICATED" ? "debug" : "info";
        logger[level]({ requestId, route, code: err.code, status: err.http?.status }, err.message);
        if (!res.headersSent) sendRequestError(res, err, requestId);
        return;
      }
      logger.error({ err, requestId, route }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] });
      else res.destroy();
    });
  });
  // Slow or stalled clients cannot hold a connection forever.
  server.requestTimeout = options.requestTimeoutMs;
  server.headersTimeout = Math.min(options.requestTimeoutMs, 10_000);
  server.keepAliveTimeout = 5_000;
  return server;
}
