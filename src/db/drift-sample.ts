/**
 * Drift samples (issue 23 item 4): per DRIFT_SAMPLE_WINDOW_MS window of createdAt, model name and
 * version, a uniform reservoir sample (Algorithm R) of at most `size` of the window's logged
 * predictions, so a drift check over a long, busy window reads a bounded number of rows. The
 * writers gather a transaction's rows here and write the sample before COMMIT, like the rollups
 * (src/db/rollups.ts): rows, window count and sample are stored together or not at all.
 *
 * The draws are deterministic: row `seq` of a window (its arrival index, assigned under the
 * window row's lock) replaces slot ⌊u·(seq+1)⌋ when that is below `size`, with u a hash of the
 * window's key and `seq`. So the sample does not depend on how rows were grouped into
 * transactions or which replica wrote them, needs no random state stored, and tests can check it.
 */
import { type PredictionSegment, type PredictionTable, PredictionText, forEachSegment, sqlTimestamp } from "./prediction-columns.ts";

/** DRIFT_SAMPLE_SIZE's default: rows kept per window and model version. */
/**
 * Off by default (0): filling a reservoir costs the writer 20–40 % in each window's first rows
 * (docs/monitoring.md), and the default drift window (DRIFT_WINDOW_SIZE 500) is read from the log
 * whole anyway. Set it (e.g. 5000) to test long windows and `runDriftCheck(since)` on a sample.
 */
export const DEFAULT_DRIFT_SAMPLE_SIZE = 0;
/** DRIFT_SAMPLE_WINDOW_MS's default: one window per hour of createdAt. */
export const DEFAULT_DRIFT_SAMPLE_WINDOW_MS = 3_600_000;

export interface DriftSampleSettings {
  /** Slots of a new window's reservoir (a window keeps the size it was opened with). */
  size: number;
  /** Width of a window of createdAt, ms. */
  windowMs: number;
}

export const DEFAULT_DRIFT_SAMPLE: DriftSampleSettings = { size: DEFAULT_DRIFT_SAMPLE_SIZE, windowMs: DEFAULT_DRIFT_SAMPLE_WINDOW_MS };

export interface SampleWindowKey {
  windowStart: number;
  modelName: string;
  modelVersion: number;
}

/** Chris Wellons' lowbias32: a 32-bit integer hash with near-ideal avalanche. */
function lowbias32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a of a string, then mixed: the window key's part of every draw. */
function hashString(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return lowbias32(h);
}

/** The draws of one window: `draw(seq)` is uniform in [0, 1) with 53 bits, the same for the same key and seq. */
export class WindowDraws {
  private readonly a: number;
  private readonly b: number;

  constructor(key: SampleWindowKey) {
    const text = `${key.windowStart}\u0000${key.modelName}\u0000${key.modelVersion}`;
    this.a = hashString(text, 0x2545f491);
    this.b = hashString(text, 0x9e3779b9);
  }

  draw(seq: number): number {
    // seq·odd constant is a bijection modulo 2^32, so distinct seqs below 2^32 hash distinct inputs.
    const hi = lowbias32((this.a + Math.imul(seq, 0x9e3779b9)) >>> 0);
    const lo = lowbias32((this.b ^ Math.imul(seq, 0x85ebca6b) ^ hi) >>> 0);
    return ((hi >>> 5) * 67_108_864 + (lo >>> 6)) / 9_007_199_254_740_992;
  }

  /** Algorithm R: the slot row `seq` takes, or -1 when it is not kept. */
  slotOf(seq: number, size: number): number {
    if (seq < size) return seq;
    const j = Math.floor(this.draw(seq) * (seq + 1));
    return j < size ? j : -1;
  }
}

/**
 * Rows `seen` … `seen + rows − 1` of a window, offered in order: the slot each one that is kept
 * ends in, as slot → offset of the row (a later row replacing an earlier one of the same call
 * leaves only the later one).
 */
export function placeRows(draws: WindowDraws, seen: number, rows: number, size: number): Map<number, number> {
  const placed = new Map<number, number>();
  for (let k = 0; k < rows; k++) {
    const slot = draws.slotOf(seen + k, size);
    if (slot >= 0) placed.set(slot, k);
  }
  return placed;
}

interface Part {
  table: PredictionTable;
  segment: PredictionSegment;
  start: number;
  end: number;
}

/** One window's rows in one transaction, in the order they are written. */
class PendingWindow implements SampleWindowKey {
  readonly parts: Part[] = [];
  rows = 0;

  constructor(
    readonly windowStart: number,
    readonly modelName: string,
    readonly modelVersion: number,
  ) {}
}

/** A window's size and its count of rows before this transaction's, as claimed under its lock. */
export interface StoredSampleWindow {
  size: number;
  seen: number;
}

export const SAMPLE_WINDOW_COLUMNS = ["windowStart", "modelName", "modelVersion", "size", "seen"] as const;
export const SAMPLE_COLUMNS = ["windowStart", "modelName", "modelVersion", "slot", "seq", "createdAt", "features", "imputedFeatures", "value"] as const;

/** The drift samples of one transaction's rows, gathered as they are written. */
export class SampleAccumulator {
  private readonly windows = new Map<string, PendingWindow>();

  constructor(readonly settings: DriftSampleSettings) {}

  get size(): number {
    return this.windows.size;
  }

  addTable(table: PredictionTable): void {
    const { windowMs, size } = this.settings;
    if (size <= 0) return; // DRIFT_SAMPLE_SIZE=0: no reservoirs

    forEachSegment(table, (segment, start, end) => {
      if (end <= start) return;
      const windowStart = Math.floor(segment.createdAtMs / windowMs) * windowMs;
      const k = `${windowStart}\u0000${table.modelName}\u0000${table.modelVersion}`;
      let w = this.windows.get(k);
      if (!w) this.windows.set(k, (w = new PendingWindow(windowStart, table.modelName, table.modelVersion)));
      w.parts.push({ table, segment, start, end });
      w.rows += end - start;
    });
  }

  /** The gathered windows in key order (the order locks are taken in). */
  entries(): SampleWindowKey[] {
    return [...this.windows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, w]) => w);
  }

  /** The window's key values and row count: what its claim binds (windowStart, modelName, modelVersion, size, rows). */
  claim(key: SampleWindowKey, provider: "sqlite" | "postgresql"): (string | number)[] {
    return [sqlTimestamp(key.windowStart, provider), key.modelName, key.modelVersion, this.settings.size, (key as PendingWindow).rows];
  }

  /**
   * The slots the window's rows take, with their values, given the window as it was before them
   * (its size, and its rows so far: the first of this transaction's rows is number `before.seen`).
   */
  samples(key: SampleWindowKey, before: StoredSampleWindow, provider: "sqlite" | "postgresql"): (string | number)[][] {
    const w = key as PendingWindow;
    const placed = placeRows(new WindowDraws(w), before.seen, w.rows, before.size);
    const windowStart = sqlTimestamp(w.windowStart, provider);
    const bySlot = [...placed.entries()].sort((a, b) => a[1] - b[1]);
    const samples: (string | number)[][] = [];
    const texts = new Map<PredictionTable, PredictionText>();
    let partIndex = 0;
    let partOffset = 0; // offset of parts[partIndex]'s first row
    for (const [slot, offset] of bySlot) {
      let part = w.parts[partIndex] as Part;
      while (offset >= partOffset + (part.end - part.start)) {
        partOffset += part.end - part.start;
        part = w.parts[++partIndex] as Part;
      }
      const row = part.start + (offset - partOffset);
      let text = texts.get(part.table);
      if (!text) texts.set(part.table, (text = new PredictionText(part.table)));
      samples.push([
        windowStart,
        w.modelName,
        w.modelVersion,
        slot,
        before.seen + offset,
        text.timestamp(part.segment, provider),
        text.features(row),
        text.names(part.table.imputed[row] as number),
        part.table.values[row] as number,
      ]);
    }
    return samples;
  }

  clear(): void {
    this.windows.clear();
  }
}

const quote = (c: string) => `"${c}"`;

/**
 * Claims the window's next `rows` row numbers in one statement: creates the window (with the
 * configured size) or adds to its count, locking its row until COMMIT, and returns its size and
 * new count (the transaction's rows are numbers seen − rows … seen − 1).
 */
const claimSql = (p: (i: number) => string) =>
  `INSERT INTO "DriftSampleWindow" (${SAMPLE_WINDOW_COLUMNS.map(quote).join(", ")}) VALUES (${SAMPLE_WINDOW_COLUMNS.map((_c, i) => p(i)).join(", ")}) ON CONFLICT ("windowStart", "modelName", "modelVersion") DO UPDATE SET "seen" = "DriftSampleWindow"."seen" + excluded."seen" RETURNING "size", "seen"`;

/** The window as it was before this transaction's rows, from its claim's answer. */
function before(claimed: StoredSampleWindow, rows: number): StoredSampleWindow {
  return { size: Number(claimed.size), seen: Number(claimed.seen) - rows };
}

/** SQLite: claim each window's rows, then insert or replace the slots they take (inside the writer's transaction). */
export const SQLITE_SAMPLE_SQL = {
  claim: claimSql(() => "?"),
  /** `rows` slots in one statement. */
  upsertSamples: (rows: number) =>
    `INSERT OR REPLACE INTO "DriftSample" (${SAMPLE_COLUMNS.map(quote).join(", ")}) VALUES ${new Array(rows).fill(`(${SAMPLE_COLUMNS.map(() => "?").join(", ")})`).join(", ")}`,
};

/** Slots per SQLite statement: a full chunk's statement is prepared once, shorter ones as they come. */
export const SQLITE_SAMPLE_CHUNK = 64;

/** SQLite (synchronous, better-sqlite3 statements): claims each window's rows and writes the slots they take. */
export function upsertSamplesSqlite(samples: SampleAccumulator, statements: { claim: { get(...p: unknown[]): unknown }; upsertSamples(rows: number): { run(p: unknown[]): unknown } }): void {
  for (const key of samples.entries()) {
    const claim = samples.claim(key, "sqlite");
    const claimed = statements.claim.get(...claim) as StoredSampleWindow;
    const rows = samples.samples(key, before(claimed, claim[4] as number), "sqlite");
    for (let i = 0; i < rows.length; i += SQLITE_SAMPLE_CHUNK) {
      const chunk = rows.slice(i, i + SQLITE_SAMPLE_CHUNK);
      statements.upsertSamples(chunk.length).run(chunk.flat());
    }
  }
}

/** Slots per PostgreSQL upsert statement (9 parameters each). */
const PG_SAMPLE_CHUNK = 500;
const pgSampleUpsert = (rows: number) =>
  `INSERT INTO "DriftSample" (${SAMPLE_COLUMNS.map(quote).join(", ")}) VALUES ${Array.from({ length: rows }, (_, r) => `(${SAMPLE_COLUMNS.map((_c, i) => `$${r * SAMPLE_COLUMNS.length + i + 1}`).join(", ")})`).join(", ")} ON CONFLICT ("windowStart", "modelName", "modelVersion", "slot") DO UPDATE SET ${SAMPLE_COLUMNS.slice(4)
    .map((c) => `${quote(c)} = EXCLUDED.${quote(c)}`)
    .join(", ")}`;

/**
 * PostgreSQL: the claim locks the window's row (waiting for a concurrent writer's COMMIT). Windows
 * are claimed in a fixed order, after the rollups, which every writer also locks in order, so
 * concurrent writers cannot deadlock.
 */
export const POSTGRES_SAMPLE_SQL = { claim: claimSql((i) => `$${i + 1}`) };

/** PostgreSQL (a client inside an open transaction): claims each window's rows and writes the slots they take. */
export async function upsertSamplesPostgres(samples: SampleAccumulator, query: (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>): Promise<void> {
  for (const key of samples.entries()) {
    const claim = samples.claim(key, "postgresql");
    const { rows: answer } = await query(POSTGRES_SAMPLE_SQL.claim, claim);
    const rows = samples.samples(key, before(answer[0] as StoredSampleWindow, claim[4] as number), "postgresql");
    for (let i = 0; i < rows.length; i += PG_SAMPLE_CHUNK) {
      const chunk = rows.slice(i, i + PG_SAMPLE_CHUNK);
      await query(pgSampleUpsert(chunk.length), chunk.flat());
    }
  }
}
