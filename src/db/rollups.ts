/**
 * Monitoring rollups: per ROLLUP_BUCKET_MS bucket of createdAt, model name and version and role,
 * the aggregates monitoring reads instead of raw rows (count, requests, sums, min/max, DDSketches
 * of predicted values and model compute latency, per-feature imputed and out-of-range counts).
 * The writers accumulate a transaction's rows here and upsert the result before COMMIT, so the
 * rows and their rollups are stored together or not at all. Upserting merges into the stored row
 * (read, merge, write) under the transaction's lock: SQLite's single writer, or PostgreSQL's row
 * locks taken in key order.
 */
import { type PredictionTable, forEachSegment, sqlTimestamp } from "./prediction-columns.ts";
import { bucketOf } from "./rollup-bucket.ts";
import { type Sketch, encodeSketch, mergeEncoded, newSketch } from "./sketch.ts";

export type RollupRole = "CHAMPION" | "CHALLENGER" | "SHADOW";

export interface RollupKey {
  bucketStart: number;
  modelName: string;
  modelVersion: number;
  role: RollupRole;
  pairedVersion: number;
}

export class Rollup implements RollupKey {
  count = 0;
  requests = 0;
  valueSum = 0;
  valueSumSq = 0;
  valueMin = Number.POSITIVE_INFINITY;
  valueMax = Number.NEGATIVE_INFINITY;
  latencySum = 0;
  latencyMax = 0;
  absDiffSum = 0;
  valueSketch: Sketch = newSketch();
  latencySketch: Sketch = newSketch();
  imputed: number[] = [];
  outOfRange: number[] = [];

  constructor(
    readonly bucketStart: number,
    readonly modelName: string,
    readonly modelVersion: number,
    readonly role: RollupRole,
    readonly pairedVersion: number,
  ) {}

  add(value: number, latencyMs: number): void {
    this.count++;
    this.valueSum += value;
    this.valueSumSq += value * value;
    if (value < this.valueMin) this.valueMin = value;
    if (value > this.valueMax) this.valueMax = value;
    this.latencySum += latencyMs;
    if (latencyMs > this.latencyMax) this.latencyMax = latencyMs;
    this.valueSketch.accept(value);
    this.latencySketch.accept(latencyMs);
  }

  /** Adds a stored row's aggregates (a merge). */
  mergeStored(row: StoredRollup): void {
    this.count += row.count;
    this.requests += row.requests;
    this.valueSum += row.valueSum;
    this.valueSumSq += row.valueSumSq;
    if (row.count > 0) {
      if (row.valueMin < this.valueMin) this.valueMin = row.valueMin;
      if (row.valueMax > this.valueMax) this.valueMax = row.valueMax;
    }
    this.latencySum += row.latencySum;
    if (row.latencyMax > this.latencyMax) this.latencyMax = row.latencyMax;
    this.absDiffSum += row.absDiffSum;
    mergeEncoded(this.valueSketch, row.valueSketch);
    mergeEncoded(this.latencySketch, row.latencySketch);
    addCounts(this.imputed, parseCounts(row.imputed));
    addCounts(this.outOfRange, parseCounts(row.outOfRange));
  }

  /** Column values in ROLLUP_COLUMNS order. */
  values(provider: "sqlite" | "postgresql"): (string | number)[] {
    return [
      sqlTimestamp(this.bucketStart, provider),
      this.modelName,
      this.modelVersion,
      this.role,
      this.pairedVersion,
      this.count,
      this.requests,
      this.valueSum,
      this.valueSumSq,
      this.count > 0 ? this.valueMin : 0,
      this.count > 0 ? this.valueMax : 0,
      this.latencySum,
      this.latencyMax,
      this.absDiffSum,
      encodeSketch(this.valueSketch),
      encodeSketch(this.latencySketch),
      JSON.stringify(this.imputed),
      JSON.stringify(this.outOfRange),
    ];
  }
}

/** A MonitoringRollup row as read back (numbers as stored; sketches and counts as JSON text). */
export interface StoredRollup {
  count: number;
  requests: number;
  valueSum: number;
  valueSumSq: number;
  valueMin: number;
  valueMax: number;
  latencySum: number;
  latencyMax: number;
  absDiffSum: number;
  valueSketch: string;
  latencySketch: string;
  imputed: string;
  outOfRange: string;
}

export const ROLLUP_KEY_COLUMNS = ["bucketStart", "modelName", "modelVersion", "role", "pairedVersion"] as const;
export const ROLLUP_COLUMNS = [
  ...ROLLUP_KEY_COLUMNS,
  "count",
  "requests",
  "valueSum",
  "valueSumSq",
  "valueMin",
  "valueMax",
  "latencySum",
  "latencyMax",
  "absDiffSum",
  "valueSketch",
  "latencySketch",
  "imputed",
  "outOfRange",
] as const;
const VALUE_COLUMNS = ROLLUP_COLUMNS.slice(ROLLUP_KEY_COLUMNS.length);

function parseCounts(text: string): number[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.map((x) => (typeof x === "number" ? x : 0)) : [];
  } catch {
    return [];
  }
}

function addCounts(target: number[], source: readonly number[]): void {
  for (let j = 0; j < source.length; j++) target[j] = (target[j] ?? 0) + (source[j] as number);
}

function keyString(k: RollupKey): string {
  return `${k.bucketStart}\u0000${k.modelName}\u0000${k.modelVersion}\u0000${k.role}\u0000${k.pairedVersion}`;
}

/** One shadow score, with the champion prediction it shadows. */
export interface ShadowScore {
  modelName: string;
  modelVersion: number;
  value: number;
  latencyMs: number;
  createdAt: Date;
  championVersion: number;
  championValue: number;
}

/** The rollups of one transaction's rows, gathered as they are written. */
export class RollupAccumulator {
  private readonly rollups = new Map<string, Rollup>();
  /** Requests already counted in this transaction (a request's rows never span transactions). */
  private readonly requests = new Set<string>();

  get size(): number {
    return this.rollups.size;
  }

  private rollup(key: RollupKey): Rollup {
    const k = keyString(key);
    let r = this.rollups.get(k);
    if (!r) this.rollups.set(k, (r = new Rollup(key.bucketStart, key.modelName, key.modelVersion, key.role, key.pairedVersion)));
    return r;
  }

  addTable(table: PredictionTable): void {
    const width = table.featureNames.length;
    const role: RollupRole = table.challenger ? "CHALLENGER" : "CHAMPION";
    forEachSegment(table, (segment, start, end) => {
      if (end <= start) return;
      const r = this.rollup({ bucketStart: bucketOf(segment.createdAtMs), modelName: table.modelName, modelVersion: table.modelVersion, role, pairedVersion: 0 });
      if (!this.requests.has(segment.requestId)) {
        this.requests.add(segment.requestId);
        r.requests++;
      }
      if (r.imputed.length < width) for (let j = r.imputed.length; j < width; j++) r.imputed[j] = 0;
      if (r.outOfRange.length < width) for (let j = r.outOfRange.length; j < width; j++) r.outOfRange[j] = 0;
      for (let row = start; row < end; row++) {
        r.add(table.values[row] as number, segment.latencyMs);
        const imputed = table.imputed[row] as number;
        const outOfRange = table.outOfRange[row] as number;
        if (imputed !== 0) for (let j = 0; j < width; j++) if ((imputed >>> j) & 1) (r.imputed[j] as number)++;
        if (outOfRange !== 0) for (let j = 0; j < width; j++) if ((outOfRange >>> j) & 1) (r.outOfRange[j] as number)++;
      }
    });
  }

  addShadow(rows: readonly ShadowScore[]): void {
    for (const s of rows) {
      const r = this.rollup({ bucketStart: bucketOf(s.createdAt.getTime()), modelName: s.modelName, modelVersion: s.modelVersion, role: "SHADOW", pairedVersion: s.championVersion });
      r.add(s.value, s.latencyMs);
      r.absDiffSum += Math.abs(s.championValue - s.value);
    }
  }

  /** The gathered rollups in key order (the order locks are taken in). */
  entries(): Rollup[] {
    return [...this.rollups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
  }

  clear(): void {
    this.rollups.clear();
    this.requests.clear();
  }
}

const quote = (c: string) => `"${c}"`;
const KEY_WHERE = (placeholder: (i: number) => string) => ROLLUP_KEY_COLUMNS.map((c, i) => `${quote(c)} = ${placeholder(i)}`).join(" AND ");

/** SQLite: read the stored row of a key, then insert or replace the merged row (inside the writer's transaction). */
export const SQLITE_ROLLUP_SQL = {
  select: `SELECT ${VALUE_COLUMNS.map(quote).join(", ")} FROM "MonitoringRollup" WHERE ${KEY_WHERE(() => "?")}`,
  upsert: `INSERT OR REPLACE INTO "MonitoringRollup" (${ROLLUP_COLUMNS.map(quote).join(", ")}) VALUES (${ROLLUP_COLUMNS.map(() => "?").join(", ")})`,
};

/**
 * PostgreSQL: create the key's row if missing (waiting for a concurrent creator), lock it, merge,
 * update. Keys are locked in a fixed order, so concurrent writers cannot deadlock.
 */
export const POSTGRES_ROLLUP_SQL = {
  insert: `INSERT INTO "MonitoringRollup" (${ROLLUP_COLUMNS.map(quote).join(", ")}) VALUES (${ROLLUP_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")}) ON CONFLICT DO NOTHING`,
  select: `SELECT ${VALUE_COLUMNS.map(quote).join(", ")} FROM "MonitoringRollup" WHERE ${KEY_WHERE((i) => `$${i + 1}`)} FOR UPDATE`,
  update: `UPDATE "MonitoringRollup" SET ${VALUE_COLUMNS.map((c, i) => `${quote(c)} = $${i + ROLLUP_KEY_COLUMNS.length + 1}`).join(", ")} WHERE ${KEY_WHERE((i) => `$${i + 1}`)}`,
};

/** The key's values as bound in the SQL above. */
export function keyValues(r: Rollup, provider: "sqlite" | "postgresql"): (string | number)[] {
  return r.values(provider).slice(0, ROLLUP_KEY_COLUMNS.length);
}

/** An empty stored row: what a new key merges with. */
export function emptyRollupValues(r: Rollup, provider: "sqlite" | "postgresql"): (string | number)[] {
  return new Rollup(r.bucketStart, r.modelName, r.modelVersion, r.role, r.pairedVersion).values(provider);
}

/** SQLite (synchronous, better-sqlite3 statements): merges each rollup into its stored row. */
export function upsertRollupsSqlite(
  rollups: readonly Rollup[],
  statements: { select: { get(...p: unknown[]): unknown }; upsert: { run(...p: unknown[]): unknown } },
): void {
  for (const r of rollups) {
    const stored = statements.select.get(...keyValues(r, "sqlite")) as StoredRollup | undefined;
    if (stored) r.mergeStored(stored);
    statements.upsert.run(...r.values("sqlite"));
  }
}

/** PostgreSQL (a client inside an open transaction): merges each rollup into its stored row. */
export async function upsertRollupsPostgres(rollups: readonly Rollup[], query: (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>): Promise<void> {
  for (const r of rollups) {
    const key = keyValues(r, "postgresql");
    await query(POSTGRES_ROLLUP_SQL.insert, emptyRollupValues(r, "postgresql"));
    const { rows } = await query(POSTGRES_ROLLUP_SQL.select, key);
    const stored = rows[0] as StoredRollup | undefined;
    if (stored) r.mergeStored(stored);
    await query(POSTGRES_ROLLUP_SQL.update, [...key, ...r.values("postgresql").slice(ROLLUP_KEY_COLUMNS.length)]);
  }
}
