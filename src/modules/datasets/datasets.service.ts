/**
 * Dataset versions in the database: registration (validated with the feature specs, normalised,
 * content-hashed; the same rows under the same name return the existing version), reads, export
 * of the exact normalised rows, and the rows a training job runs on.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { CsvFormatError, type HousingData } from "../../../pipeline/dataset.ts";
import { type ColumnStats, type NormalisedDataset, compressDataset, datasetFromContent, decompressDataset, normaliseCsv, normaliseDataset } from "../../../pipeline/dataset-version.ts";
import { FEATURES } from "../../../pipeline/features.ts";
import { isUniqueViolation } from "../../db/availability.ts";
import type { Db } from "../../db/client.ts";
import { parseJsonText, toJsonText } from "../../db/json.ts";
import { BadUserInputError, NotFoundError } from "../../errors.ts";
import { toRun } from "../experiments/experiments.service.ts";
import type { Run } from "../experiments/run.type.ts";
import type { DatasetVersion } from "./dataset-version.type.ts";
import { writeTransaction } from "../../db/retry.ts";

/** The name the bundled (or DATA_PATH) CSV is registered under on first start. */
export const DEFAULT_DATASET_NAME = "boston-housing";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Row = Awaited<ReturnType<Db["datasetVersion"]["findFirstOrThrow"]>>;
const WITHOUT_CONTENT = {
  id: true,
  name: true,
  version: true,
  contentHash: true,
  rows: true,
  columns: true,
  missingCells: true,
  source: true,
  provenance: true,
  stats: true,
  size: true,
  createdAt: true,
} as const;
type Summary = Omit<Row, "content">;

export function toDatasetVersion(row: Summary): DatasetVersion {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    contentHash: row.contentHash,
    rows: row.rows,
    columns: parseJsonText<string[]>(row.columns, []),
    missingCells: row.missingCells,
    source: row.source,
    createdAt: row.createdAt,
    stats: parseJsonText<ColumnStats[]>(row.stats, []),
    provenance: parseJsonText<unknown>(row.provenance, null),
    sizeBytes: row.size,
  };
}


export interface Registration {
  dataset: DatasetVersion;
  /** False when the same rows were already registered under this name. */
  created: boolean;
}

export class DatasetsService {
  constructor(
    private readonly db: Db,
    /** The configured training file (DATA_PATH): what training uses when no dataset is named. */
    private readonly trainingFile: { path: string; bundled: boolean } | null = null,
  ) {}

  /**
   * The dataset version training uses when none is named — by `domus train`, `startTraining` and
   * the retraining policy alike: the training file DATA_PATH as registered (a changed file is a
   * new version). Without a usable file, the latest version of the default dataset name.
   */
  async trainingDefault(): Promise<DatasetVersion | null> {
    if (this.trainingFile) {
      try {
        return (await this.ensureFile(this.trainingFile.path, this.trainingFile.bundled)).dataset;
      } catch {
        // DATA_PATH unusable (the start-up warning says so): fall back to what is registered.
      }
    }
    return this.latest();
  }

  async list(name?: string | null, limit?: number): Promise<DatasetVersion[]> {
    const rows = await this.db.datasetVersion.findMany({ where: name ? { name } : {}, select: WITHOUT_CONTENT, orderBy: [{ name: "asc" }, { version: "desc" }], ...(limit ? { take: limit } : {}) });
    return rows.map(toDatasetVersion);
  }

  async byIds(ids: readonly string[]): Promise<(DatasetVersion | null)[]> {
    const rows = await this.db.datasetVersion.findMany({ where: { id: { in: [...ids] } }, select: WITHOUT_CONTENT });
    const byId = new Map(rows.map((r) => [r.id, toDatasetVersion(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async get(id: string): Promise<DatasetVersion | null> {
    const row = await this.db.datasetVersion.findUnique({ where: { id }, select: WITHOUT_CONTENT });
    return row ? toDatasetVersion(row) : null;
  }

  /** The newest version of `name`, or null. */
  async latest(name: string = DEFAULT_DATASET_NAME): Promise<DatasetVersion | null> {
    const row = await this.db.datasetVersion.findFirst({ where: { name }, orderBy: { version: "desc" }, select: WITHOUT_CONTENT });
    return row ? toDatasetVersion(row) : null;
  }

  /**
   * Finds a version by id, `name@version` or `name` (its latest version).
   */
  async resolve(ref: string): Promise<DatasetVersion> {
    const at = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})@(\d+)$/.exec(ref);
    let found: DatasetVersion | null;
    if (at) {
      const row = await this.db.datasetVersion.findUnique({ where: { name_version: { name: at[1] as string, version: Number(at[2]) } }, select: WITHOUT_CONTENT });
      found = row ? toDatasetVersion(row) : null;
    } else {
      found = (await this.get(ref)) ?? (NAME.test(ref) ? await this.latest(ref) : null);
    }
    if (!found) throw new NotFoundError(`no dataset version ${JSON.stringify(ref)} (give an id, a name, or name@version; \`domus datasets list\` shows them)`);
    return found;
  }

  /** The exact normalised rows of a version (CSV text with a header). */
  async exportCsv(id: string): Promise<string> {
    const row = await this.db.datasetVersion.findUnique({ where: { id }, select: { content: true } });
    if (!row) throw new NotFoundError(`no dataset version ${id}`);
    return decompressDataset(row.content);
  }

  /** The rows a training job runs on. */
  async load(id: string): Promise<{ dataset: DatasetVersion; data: HousingData }> {
    const row = await this.db.datasetVersion.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no dataset version ${id}`);
    return { dataset: toDatasetVersion(row), data: datasetFromContent(row.content, `dataset ${row.name}@${row.version}`) };
  }

  /**
   * Validates, normalises and registers CSV text under `name`. Nothing is stored when a row is
   * invalid (BAD_USER_INPUT naming the line and column); the same rows under the same name return
   * the existing version.
   */
  async register(name: string, csv: string, source: string, provenance: unknown = null): Promise<Registration> {
    if (!NAME.test(name)) throw new BadUserInputError("name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", [{ field: "name", message: "invalid dataset name" }]);
    if (source.length === 0 || source.length > 200 || /[\u0000-\u001f]/.test(source)) {
      throw new BadUserInputError("source must be 1-200 printable characters", [{ field: "source", message: "invalid source" }]);
    }
    let normalised: NormalisedDataset;
    try {
      normalised = normaliseCsv(csv, source);
    } catch (err) {
      if (err instanceof CsvFormatError) {
        throw new BadUserInputError(`invalid dataset CSV: ${err.message}; nothing was stored`, [{ field: "csv", message: err.message }]);
      }
      throw err;
    }
    return this.store(name, normalised, source, provenance);
  }

  private async store(name: string, normalised: NormalisedDataset, source: string, provenance: unknown): Promise<Registration> {
    const existing = await this.db.datasetVersion.findUnique({ where: { name_contentHash: { name, contentHash: normalised.contentHash } }, select: WITHOUT_CONTENT });
    if (existing) return { dataset: toDatasetVersion(existing), created: false };
    const content = compressDataset(normalised.text);
    // Two registrations racing for the same version number: the loser retries with the next one
    // (or finds the winner's identical rows).
    for (let attempt = 0; ; attempt++) {
      try {
        const created = await writeTransaction(this.db, async (tx) => {
          const latest = await tx.datasetVersion.findFirst({ where: { name }, orderBy: { version: "desc" }, select: { version: true } });
          return tx.datasetVersion.create({
            data: {
              name,
              version: (latest?.version ?? 0) + 1,
              contentHash: normalised.contentHash,
              rows: normalised.rows,
              columns: toJsonText(normalised.columns),
              missingCells: normalised.missingCells,
              source,
              provenance: provenance === null ? null : toJsonText(provenance),
              stats: toJsonText(normalised.stats),
              content,
              size: Buffer.byteLength(normalised.text),
            },
            select: WITHOUT_CONTENT,
          });
        });
        return { dataset: toDatasetVersion(created), created: true };
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 3) throw err;
        const winner = await this.db.datasetVersion.findUnique({ where: { name_contentHash: { name, contentHash: normalised.contentHash } }, select: WITHOUT_CONTENT });
        if (winner) return { dataset: toDatasetVersion(winner), created: false };
      }
    }
  }

  /**
   * Registers the training file the server was configured with (the bundled CSV unless DATA_PATH
   * says otherwise), so every run can point at its rows. A changed file becomes a new version.
   */
  async ensureFile(path: string, bundled: boolean, name: string = DEFAULT_DATASET_NAME): Promise<Registration> {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      throw new Error(`cannot read the dataset ${path}: ${(err as Error).message}`);
    }
    const source = bundled ? "bundled" : basename(path);
    return this.store(name, normaliseCsv(text, path), source, bundled ? null : { path });
  }

  /**
   * Outcomes become data: a new version of the base dataset's name holding the base rows followed
   * by every labelled production row (a prediction with a recorded outcome: its features as the
   * client sent them — imputed ones back to NA — and the actual value as MEDV), oldest first.
   * Null when no outcome exists; the existing version when nothing changed since the last time.
   */
  async withOutcomes(baseId: string): Promise<Registration | null> {
    const base = await this.load(baseId);
    const labelled = await this.db.outcome.findMany({
      select: { actual: true, createdAt: true, prediction: { select: { features: true, imputedFeatures: true } } },
      orderBy: [{ createdAt: "asc" }, { predictionId: "asc" }],
    });
    if (labelled.length === 0) return null;
    const rows = base.data.rows.map((r) => [...r]);
    const target = [...base.data.target];
    for (const o of labelled) {
      const features = parseJsonText<Record<string, number | null>>(o.prediction.features, {});
      const imputed = new Set(parseJsonText<string[]>(o.prediction.imputedFeatures, []));
      rows.push(FEATURES.map((f) => (imputed.has(f) || typeof features[f] !== "number" ? Number.NaN : (features[f] as number))));
      target.push(o.actual);
    }
    const normalised = normaliseDataset({ features: base.data.features, rows, target });
    const provenance = { base: { id: base.dataset.id, name: base.dataset.name, version: base.dataset.version }, outcomes: labelled.length, through: labelled.at(-1)?.createdAt.toISOString() };
    return this.store(base.dataset.name, normalised, "outcomes", provenance);
  }

  /** Top-level runs trained on each version, newest first (DataLoader batch). */
  async runsByDatasetIds(ids: readonly string[]): Promise<Run[][]> {
    const rows = await this.db.run.findMany({ where: { datasetVersionId: { in: [...ids] }, parentRunId: null }, orderBy: { startedAt: "desc" } });
    const by = new Map<string, Run[]>();
    for (const r of rows) {
      const list = by.get(r.datasetVersionId as string) ?? [];
      list.push(toRun(r));
      by.set(r.datasetVersionId as string, list);
    }
    return ids.map((id) => by.get(id) ?? []);
  }
}
