/** Liveness and readiness: what /healthz, /readyz and the `health` query report. */
import type { Database } from "../../db/client.ts";
import { PACKAGE_VERSION } from "../../paths.ts";
import type { ModelStore } from "../models/model-store.ts";
import type { Health } from "./health.type.ts";


export interface Readiness {
  ready: boolean;
  database: boolean;
  championVersion: number | null;
  reasons: string[];
}

export class HealthService {
  private readonly startedAt = Date.now();
  /** Set during shutdown: the server stops advertising readiness before it stops serving. */
  draining = false;

  constructor(
    private readonly database: Database,
    private readonly models: ModelStore,
    /** `warnings`: conditions reported as health reasons without making the replica unready (an unusable DATA_PATH). */
    private readonly options: { timeoutMs: number; replicaId: string; isLeader: () => boolean; warnings?: readonly string[]; writerStalledMs?: () => number; writerStallBoundMs?: number } = { timeoutMs: 1000, replicaId: "local", isLeader: () => true },
  ) {}

  async databaseReachable(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.options.timeoutMs);
    });
    try {
      return await Promise.race([this.database.ping().then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async readiness(): Promise<Readiness> {
    const database = await this.databaseReachable();
    const championVersion = this.models.champion?.version ?? null;
    const reasons: string[] = [];
    if (!database) reasons.push("database unreachable");
    if (championVersion === null) reasons.push("no champion model loaded");
    if (this.draining) reasons.push("shutting down");
    const stalled = this.options.writerStalledMs?.() ?? 0;
    const bound = this.options.writerStallBoundMs ?? Infinity;
    if (stalled > bound) reasons.push(`the prediction writer has waited ${Math.round(stalled)} ms for a commit (READY_WRITER_STALL_MS=${bound})`);
    const ready = reasons.length === 0;
    // Serving the previous champion is still ready, but the reason is reported.
    if (this.models.loadError) reasons.push(this.models.loadError);
    reasons.push(...(this.options.warnings ?? []));
    return { ready, database, championVersion, reasons };
  }

  async health(): Promise<Health> {
    const r = await this.readiness();
    return {
      status: r.ready && r.reasons.length === 0 ? "ok" : "degraded",
      reasons: r.reasons,
      replicaId: this.options.replicaId,
      leader: this.options.isLeader(),
      version: PACKAGE_VERSION,
      database: r.database,
      championVersion: r.championVersion,
      uptimeSeconds: (Date.now() - this.startedAt) / 1000,
    };
  }
}
