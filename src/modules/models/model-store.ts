/**
 * Holds the servable models in memory: the champion (swapped atomically by replacing one
 * reference, so a request sees either the old or the new model, never a mix) and a small cache
 * of other versions requested explicitly.
 */
import type { Db } from "../../db/client.ts";
import { parseJsonText } from "../../db/json.ts";
import type { Logger } from "../../logger.ts";
import { type CvPlusCalibration, loadCalibratedModel } from "../../../models/calibration.ts";
import type { TabularModel } from "../../../models/tabular-model.ts";
import type { ReferenceStats } from "../../../pipeline/reference.ts";
import { BadUserInputError, NotFoundError } from "../../errors.ts";
import { Refresher } from "../common/refresher.ts";
import { ArtifactIntegrityError, verifyArtifact } from "./artifact-digest.ts";
import { LRUCache } from "lru-cache";

export interface ServingModel {
  id: string;
  name: string;
  version: number;
  algorithm: string;
  model: TabularModel;
  /** CV+ intervals; null for versions registered before calibration existed (artifact format 1). */
  calibration: CvPlusCalibration | null;
  /** Training-split range per feature (model order), behind `outOfRangeFeatures`. */
  rangeMin: Float64Array;
  rangeMax: Float64Array;
}

type VersionRow = { id: string; name: string; version: number; status: string; algorithm: string; artifact: string; artifactSha256: string | null; referenceStats: string };
/** The columns a servable version is loaded from. */
export const SERVING_SELECT = { id: true, name: true, version: true, status: true, algorithm: true, artifact: true, artifactSha256: true, referenceStats: true } as const;
const SELECT = SERVING_SELECT;

/** Loads a version for serving; an artifact that fails its SHA-256 check throws ArtifactIntegrityError. */
export function toServingModel(row: VersionRow): ServingModel {
  verifyArtifact(row);
  const { model, calibration } = loadCalibratedModel(parseJsonText<unknown>(row.artifact, null));
  const reference = parseJsonText<ReferenceStats | null>(row.referenceStats, null);
  const rangeMin = new Float64Array(model.features.length).fill(Number.NEGATIVE_INFINITY);
  const rangeMax = new Float64Array(model.features.length).fill(Number.POSITIVE_INFINITY);
  model.features.forEach((feature, j) => {
    const column = reference?.columns?.[feature];
    if (column && Number.isFinite(column.min) && Number.isFinite(column.max)) {
      rangeMin[j] = column.min;
      rangeMax[j] = column.max;
    }
  });
  return { id: row.id, name: row.name, version: row.version, algorithm: row.algorithm, model, calibration, rangeMin, rangeMax };
}

const CACHE_SIZE = 8;

export interface ModelStoreOptions {
  db: Db;
  /** The registry name whose champion this serves. */
  modelName: string;
  logger: Logger;
  /** Called once per version refused because its artifact fails its SHA-256 check (a metric). Default: nothing. */
  onIntegrityFailure?: (version: number) => void;
}

export class ModelStore {
  private current: ServingModel | null = null;
  /** Loaded versions (the champion, pinned versions, challengers): concurrent first loads of one version share one read. */
  private readonly cache = new LRUCache<number, ServingModel>({ max: CACHE_SIZE, fetchMethod: (version) => this.load(version) });
  private readonly refresher = new Refresher(
    () => this.doRefresh(),
    (err) => this.logger.warn({ err }, "champion refresh failed"),
  );
  /** Why the champion in the database is not the one serving (its artifact failed to load), or null. */
  loadError: string | null = null;
  /** The champion row refused for a failed integrity check (not retried until the champion changes). */
  private refusedId: string | null = null;

  private readonly db: Db;
  readonly modelName: string;
  private readonly logger: Logger;
  private readonly onIntegrityFailure: (version: number) => void;

  constructor({ db, modelName, logger, onIntegrityFailure = () => undefined }: ModelStoreOptions) {
    this.db = db;
    this.modelName = modelName;
    this.logger = logger;
    this.onIntegrityFailure = onIntegrityFailure;
  }

  /** The champion in memory, or null before one is loaded. */
  get champion(): ServingModel | null {
    return this.current;
  }

  /** Re-reads which version is champion and loads it when it changed. Errors are logged, the old champion keeps serving. */
  refresh(): Promise<void> {
    return this.refresher.refresh();
  }

  private async doRefresh(): Promise<void> {
    const head = await this.db.modelVersion.findFirst({ where: { name: this.modelName, status: "CHAMPION" }, select: { id: true } });
    if (!head) {
      if (this.current) this.logger.warn({ version: this.current.version }, "no champion in the database any more; keeping the loaded one");
      return;
    }
    if (head.id === this.current?.id) {
      this.loadError = null;
      return;
    }
    if (head.id === this.refusedId) return;
    const row = await this.db.modelVersion.findUnique({ where: { id: head.id }, select: SELECT });
    if (!row) return;
    try {
      const serving = toServingModel(row);
      this.current = serving;
      this.loadError = null;
      this.cache.set(serving.version, serving);
      this.logger.info({ name: serving.name, version: serving.version, algorithm: serving.algorithm }, "champion loaded");
    } catch (err) {
      if (err instanceof ArtifactIntegrityError) {
        this.refusedId = row.id;
        this.onIntegrityFailure(row.version);
        if (!this.current) await this.fallBack(row.version);
      }
      this.loadError = `champion version ${row.version} cannot be loaded (${(err as Error).message}); ${this.current ? `version ${this.current.version} keeps serving` : "nothing is served"}`;
      this.logger.error({ err, version: row.version }, "champion artifact cannot be loaded; keeping the previous champion");
    }
  }

  /** The newest earlier version that was champion (ARCHIVED now) and still passes its checks serves instead. */
  private async fallBack(refused: number): Promise<void> {
    const rows = await this.db.modelVersion.findMany({
      where: { name: this.modelName, version: { lt: refused }, status: "ARCHIVED", promotedAt: { not: null } },
      orderBy: { version: "desc" },
      select: SELECT,
    });
    for (const row of rows) {
      try {
        const serving = toServingModel(row);
        this.current = serving;
        this.cache.set(serving.version, serving);
        this.logger.warn({ version: serving.version, refused }, "champion artifact refused: the previous good version serves");
        return;
      } catch (err) {
        if (err instanceof ArtifactIntegrityError) this.onIntegrityFailure(row.version);
        this.logger.error({ err, version: row.version }, "earlier version cannot be loaded either");
      }
    }
  }

  /** A specific version of this model, loaded on first use. */
  async get(version: number): Promise<ServingModel> {
    const current = this.current;
    if (current?.version === version) return current;
    return (await this.cache.fetch(version)) as ServingModel;
  }

  private async load(version: number): Promise<ServingModel> {
    const row = await this.db.modelVersion.findUnique({ where: { name_version: { name: this.modelName, version } }, select: SELECT });
    if (!row) throw new NotFoundError(`model ${this.modelName} has no version ${version}`);
    if (row.status === "REJECTED") throw new BadUserInputError(`version ${version} of ${this.modelName} was rejected by the quality gate and cannot serve`, [{ field: "modelVersion", message: "rejected version" }]);
    try {
      return toServingModel(row);
    } catch (err) {
      if (!(err instanceof ArtifactIntegrityError)) throw err;
      this.onIntegrityFailure(version);
      this.logger.error({ err, version }, "model artifact refused: it fails its integrity check");
      throw new BadUserInputError(`version ${version} of ${this.modelName} cannot serve: ${err.message}`, [{ field: "modelVersion", message: "artifact fails its integrity check" }]);
    }
  }

  /** Polls the database for champion changes made by other processes. */
  startPolling(intervalMs: number): void {
    this.refresher.startPolling(intervalMs);
  }

  stopPolling(): void {
    this.refresher.stopPolling();
  }
}
