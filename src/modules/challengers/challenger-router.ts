/**
 * The serving side of a challenger, on every replica: which version answers a request (CANARY:
 * a stable hash of the routing key, so the same key gets the same version on every replica and
 * every request), and the shadow scoring of the champion's rows (SHADOW), after their commit and
 * off the response path. The challenger is re-read from the database on a `challengerChanged`
 * or `modelPromoted` event from any replica, and by polling as the fallback — like the champion.
 */
import { createHash } from "node:crypto";
import type { TabularModel } from "../../../models/tabular-model.ts";
import type { Db } from "../../db/client.ts";
import { uuidv7s } from "../../ids.ts";
import type { Logger } from "../../logger.ts";
import { Refresher } from "../common/refresher.ts";
import { SERVING_SELECT, type ServingModel, toServingModel } from "../models/model-store.ts";
import type { ChallengerHook } from "../predictions/predictions.service.ts";
import { toModelOrder } from "../predictions/model-order.ts";
import type { PredictionTable } from "../../db/prediction-columns.ts";
import { ChallengerMode } from "./challenger.type.ts";
import type { ShadowLog } from "./shadow-log.ts";

export interface ActiveChallenger {
  name: string;
  mode: ChallengerMode;
  trafficPercent: number;
  since: Date;
  serving: ServingModel;
}

/** A key's position in [0, 100): the first 32 bits of SHA-256(salt, key). Same key and salt, same position, on any machine. */
export function canaryPosition(key: string, salt: string): number {
  const digest = createHash("sha256").update(salt).update("\u0000").update(key).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/** Whether a canary with this share answers the key. Salted with the challenger's identity: a new challenger draws a new sample. */
export function routesToChallenger(key: string, challenger: { name: string; version: number; trafficPercent: number }): boolean {
  return canaryPosition(key, `${challenger.name}:${challenger.version}`) < challenger.trafficPercent;
}

/**
 * Predicts the rows `which` of a matrix in canonical feature order (row-major; NaN = missing,
 * prepared like a served prediction: imputed, or NaN kept for a model trained with `missing: "learn"`).
 */
export function predictCanonical(model: TabularModel, canonical: Float64Array, which: ArrayLike<number>): Float64Array {
  return model.predictPreparedFlat(toModelOrder(model, canonical, which).matrix, which.length);
}

export interface ChallengerRouterOptions {
  db: Db;
  /** The served model, whose challenger this routes. */
  modelName: string;
  logger: Logger;
  /** Where SHADOW scores go; null: none are computed (PREDICTION_LOG_ENABLED=false). */
  shadowLog: ShadowLog | null;
  /** Called when challenger traffic happened (the report may have changed). Default: nothing. */
  onActivity?: () => void;
}

export class ChallengerRouter implements ChallengerHook {
  private current: ActiveChallenger | null = null;
  private loadedKey: string | null = null;
  private readonly refresher = new Refresher(
    () => this.doRefresh(),
    (err) => this.logger.warn({ err }, "challenger refresh failed"),
  );

  private readonly db: Db;
  readonly modelName: string;
  private readonly logger: Logger;
  private readonly shadowLog: ShadowLog | null;
  private readonly onActivity: () => void;

  constructor({ db, modelName, logger, shadowLog, onActivity = () => undefined }: ChallengerRouterOptions) {
    this.db = db;
    this.modelName = modelName;
    this.logger = logger;
    this.shadowLog = shadowLog;
    this.onActivity = onActivity;
  }

  get active(): ActiveChallenger | null {
    return this.current;
  }

  /** Re-reads the challenger of the served model; loads its version when it changed. Errors are logged, the last state stays. */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  private async doRefresh(): Promise<void> {
    const row = await this.db.modelChallenger.findUnique({
      where: { name: this.modelName },
      select: { mode: true, trafficPercent: true, since: true, modelVersionRef: { select: SERVING_SELECT } },
    });
    if (!row) {
      if (this.current) this.logger.info({ version: this.current.serving.version }, "challenger cleared");
      this.current = null;
      this.loadedKey = null;
      return;
    }
    const key = `${row.modelVersionRef.id}`;
    const serving = key === this.loadedKey && this.current ? this.current.serving : toServingModel(row.modelVersionRef);
    const changed = key !== this.loadedKey || this.current?.mode !== row.mode || this.current?.trafficPercent !== row.trafficPercent;
    this.current = { name: this.modelName, mode: row.mode as ChallengerMode, trafficPercent: row.trafficPercent, since: row.since, serving };
    this.loadedKey = key;
    if (row.mode === ChallengerMode.SHADOW) this.shadowLog?.warm();
    if (changed) this.logger.info({ version: serving.version, mode: row.mode, trafficPercent: row.trafficPercent }, "challenger active");
  }

  startPolling(intervalMs: number): void {
    this.refresher.startPolling(intervalMs);
  }

  stopPolling(): void {
    this.refresher.stopPolling();
  }

  route(champion: ServingModel, routingKey: string): { serving: ServingModel; challenger: boolean } {
    const c = this.current;
    if (!c || c.mode !== ChallengerMode.CANARY || c.serving.id === champion.id) return { serving: champion, challenger: false };
    return routesToChallenger(routingKey, { name: c.name, version: c.serving.version, trafficPercent: c.trafficPercent })
      ? { serving: c.serving, challenger: true }
      : { serving: champion, challenger: false };
  }

  afterCommit(served: ServingModel, canonical: Float64Array, which: ArrayLike<number>, table: PredictionTable): void {
    const n = table.rows;
    const c = this.current;
    if (!c) return;
    if (c.mode !== ChallengerMode.SHADOW || !this.shadowLog || c.serving.id === served.id) {
      this.onActivity();
      return;
    }
    const shadowLog = this.shadowLog;
    // After the response: the request already has its (unchanged) answer.
    setImmediate(() => {
      try {
        const t0 = performance.now();
        const values = predictCanonical(c.serving.model, canonical, which);
        const latencyMs = n > 0 ? (performance.now() - t0) / n : 0;
        const now = new Date();
        const rows = new Array(n);
        const ids = uuidv7s(n);
        for (let i = 0; i < n; i++) {
          rows[i] = {
            id: ids[i] as string,
            predictionId: table.ids[i] as string,
            modelVersionId: c.serving.id,
            modelName: c.serving.name,
            modelVersion: c.serving.version,
            value: values[i] as number,
            latencyMs,
            createdAt: now,
            championVersion: table.modelVersion,
            championValue: table.values[i] as number,
          };
        }
        shadowLog.append(rows);
      } catch (err) {
        this.logger.warn({ err, version: c.serving.version }, "shadow scoring failed");
      }
    });
  }
}
