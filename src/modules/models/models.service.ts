/** Reads of the model registry. */
import type { Db } from "../../db/client.ts";
import { parseJsonText } from "../../db/json.ts";
import type { ModelStatus } from "../common/enums.ts";
import { metricsFromRecord } from "../common/metric.type.ts";
import { gateResultFromJson } from "./gate-result.type.ts";
import type { ModelVersion } from "./model-version.type.ts";
import type { Calibration } from "../intervals/interval.type.ts";

type ModelVersionRow = {
  id: string;
  name: string;
  version: number;
  status: string;
  aliases: string;
  algorithm: string;
  features: string;
  metrics: string;
  gate: string | null;
  calibration: string | null;
  runId: string | null;
  createdAt: Date;
  promotedAt: Date | null;
};

// Everything but the (large) artifact and reference statistics.
const SUMMARY = {
  id: true,
  name: true,
  version: true,
  status: true,
  aliases: true,
  algorithm: true,
  features: true,
  metrics: true,
  gate: true,
  calibration: true,
  runId: true,
  createdAt: true,
  promotedAt: true,
} as const;

export function toModelVersion(row: ModelVersionRow): ModelVersion {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    status: row.status as ModelStatus,
    aliases: parseJsonText<string[]>(row.aliases, []),
    algorithm: row.algorithm,
    features: parseJsonText<string[]>(row.features, []),
    metrics: metricsFromRecord(parseJsonText<Record<string, number>>(row.metrics, {})),
    gate: gateResultFromJson(row.gate),
    calibration: parseJsonText<Calibration | null>(row.calibration, null),
    runId: row.runId,
    createdAt: row.createdAt,
    promotedAt: row.promotedAt,
  };
}

export class ModelsService {
  constructor(
    private readonly db: Db,
    /** The model name used when a query names none. */
    readonly defaultName: string,
  ) {}

  async list(filter: { name?: string | null; status?: ModelStatus | null }, limit?: number): Promise<ModelVersion[]> {
    const rows = await this.db.modelVersion.findMany({
      where: { ...(filter.name ? { name: filter.name } : {}), ...(filter.status ? { status: filter.status } : {}) },
      orderBy: [{ name: "asc" }, { version: "desc" }],
      select: SUMMARY,
      ...(limit ? { take: limit } : {}),
    });
    return rows.map(toModelVersion);
  }

  async get(version: number, name?: string | null): Promise<ModelVersion | null> {
    const row = await this.db.modelVersion.findUnique({ where: { name_version: { name: name ?? this.defaultName, version } }, select: SUMMARY });
    return row ? toModelVersion(row) : null;
  }

  async champion(name?: string | null): Promise<ModelVersion | null> {
    const row = await this.db.modelVersion.findFirst({ where: { name: name ?? this.defaultName, status: "CHAMPION" }, select: SUMMARY });
    return row ? toModelVersion(row) : null;
  }

  /** The version that serves on this replica (what predict uses), or null: the `champion` query's one source of truth. */
  async served(serving: { name: string; version: number } | null): Promise<ModelVersion | null> {
    return serving ? this.get(serving.version, serving.name) : null;
  }

  async byRunIds(runIds: readonly string[]): Promise<(ModelVersion | null)[]> {
    const rows = await this.db.modelVersion.findMany({ where: { runId: { in: [...runIds] } }, select: SUMMARY });
    const byRun = new Map(rows.map((r) => [r.runId, toModelVersion(r)]));
    return runIds.map((id) => byRun.get(id) ?? null);
  }
}
