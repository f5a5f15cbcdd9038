/**
 * The composition root, wired once in three parts and started here: infrastructure (database,
 * cluster, metrics, events, writers: src/app/infrastructure.ts), services (the model store and
 * every service: src/app/services.ts), transports (schema, request pipeline, Apollo, HTTP,
 * WebSocket: src/app/transports.ts). This file starts the schedules and holds the shutdown order.
 * `createApp` is what `domus serve` and the integration tests run.
 */
import "reflect-metadata";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLSchema } from "graphql";
import { closeInfrastructure, createInfrastructure, type Infrastructure } from "./app/infrastructure.ts";
import { createServices, type ServiceGraph } from "./app/services.ts";
import { createTransports, outboxDispatcher } from "./app/transports.ts";
import type { Config } from "./config.ts";
import type { Services } from "./context.ts";
import type { Database } from "./db/client.ts";
import type { Logger } from "./logger.ts";
import type { RetentionJob } from "./modules/monitoring/retention.ts";
import type { PredictionLog } from "./modules/predictions/prediction-log.ts";
import type { RequestPipeline } from "./server/request-pipeline.ts";
import type { WebSocketEndpoint } from "./server/websocket.ts";

export interface DomusApp {
  config: Config;
  logger: Logger;
  database: Database;
  services: Services;
  predictionLog: PredictionLog;
  schema: GraphQLSchema;
  http: Server;
  websocket: WebSocketEndpoint;
  /** The request pipeline both transports share (its document cache, its limits). */
  pipeline: RequestPipeline;
  retention: RetentionJob;
  /** Listens on config.port/host; resolves with the base URL (http://host:port). */
  listen(): Promise<string>;
  /** Stops accepting requests, finishes in-flight ones, flushes the prediction log, closes the database. */
  stop(): Promise<void>;
}

/** Polling and schedules (each unref'd, leader-gated where it matters), then the start-up sweep of jobs the last shutdown interrupted. */
async function startBackgroundWork({ config, logger, leader }: Infrastructure, { services, challengerRouter, retention }: ServiceGraph): Promise<void> {
  services.modelStore.startPolling(config.championRefreshMs);
  challengerRouter.startPolling(config.championRefreshMs);
  retention.start();
  services.drift.startSchedule();
  services.retraining.startSchedule();
  services.training.startSweeper(() => leader.isLeader());
  const interrupted = await services.training.failInterruptedJobs();
  if (interrupted > 0) logger.warn({ jobs: interrupted }, "marked training jobs interrupted by the last shutdown as FAILED");
}

export async function createApp(config: Config, options: { logger?: Logger; database?: Database } = {}): Promise<DomusApp> {
  const infrastructure = await createInfrastructure(config, options);
  const graph = await createServices(infrastructure);
  await startBackgroundWork(infrastructure, graph);
  const { schema, pipeline, apollo, http, websocket } = await createTransports(infrastructure, graph);
  // Events are handed out once their targets exist (the WebSocket endpoint closes a revoked key's sockets).
  infrastructure.outbox.startPolling(outboxDispatcher(infrastructure, graph, websocket));

  const { logger, database, predictionLog, outbox } = infrastructure;
  const { services, challengerRouter, shadowLog, retention } = graph;
  let stopping: Promise<void> | null = null;
  return {
    config,
    logger,
    database,
    services,
    predictionLog,
    schema,
    http,
    websocket,
    pipeline,
    retention,
    listen() {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(config.port, config.host, () => {
          http.off("error", reject);
          const { port } = http.address() as AddressInfo;
          const host = config.host.includes(":") ? `[${config.host}]` : config.host;
          resolve(`http://${host}:${port}`);
        });
      });
    },
    // The order matters: stop taking work (readiness fails, schedules stop), close the transports
    // (WebSockets with 1001, in-flight requests answered), wait for background work, flush the
    // writers, then release the cluster and the databases.
    stop() {
      stopping ??= (async () => {
        services.health.draining = true;
        services.modelStore.stopPolling();
        challengerRouter.stopPolling();
        services.challengers.stop();
        void services.drift.stopSchedule();
        void services.retraining.stopSchedule();
        await outbox.stop();
        await retention.stop();
        await websocket.close();
        await new Promise<void>((resolve) => {
          if (!http.listening) return resolve();
          http.close(() => resolve());
          http.closeIdleConnections();
        });
        await apollo.stop();
        await services.retraining.idle();
        await services.training.stopSweeper();
        await services.training.idle();
        await services.drift.idle();
        await predictionLog.close();
        await shadowLog?.close();
        await services.errorLog.flush();
        await services.requestLatency.flush();
        await services.apiKeys.close();
        await closeInfrastructure(infrastructure);
      })();
      return stopping;
    },
  };
}
