/**
 * The rows a drift check tests (issue 23 item 4). With DRIFT_SAMPLE_SIZE=0 (the default: no
 * reservoirs are written) the most recent DRIFT_WINDOW_SIZE predictions (since `since`) are read
 * from the log. Otherwise a window of at most DRIFT_SAMPLE_SIZE
 * predictions (the most recent DRIFT_WINDOW_SIZE, when that is no more) is read whole from the log,
 * as before. A longer one (DRIFT_WINDOW_SIZE above DRIFT_SAMPLE_SIZE, or `since`) is tested on a
 * uniform sample of at most DRIFT_SAMPLE_SIZE of its rows, merged from the reservoirs the writer
 * keeps per sample window (src/db/drift-sample.ts): each window contributes in proportion to its
 * row count, so every row of the span has the same chance to be tested.
 */
import type { Db } from "../../db/client.ts";
import { WindowDraws } from "../../db/drift-sample.ts";

/** A tested row, as the log stores it (features and imputed names as JSON text). */
export interface WindowRow {
  features: string;
  imputedFeatures: string;
  value: number;
  createdAt: Date;
}

export interface DriftWindow {
  /** The rows tested, newest first. */
  rows: WindowRow[];
  /** Predictions in the window (estimated for a sample window that `since` cuts and whose reservoir overflowed). */
  currentSize: number;
}

/** One sample window's part of a check: its rows in the span, and how many of them a sample can take. */
export interface Stratum {
  rows: number;
  available: number;
}

/**
 * Proportional allocation: the merged sample's size m (at most `size`, and small enough that no
 * stratum must give more rows than it has) and each stratum's count, m·rows/N rounded by largest
 * remainder.
 */
export function allocate(strata: readonly Stratum[], size: number): number[] {
  const total = strata.reduce((n, s) => n + s.rows, 0);
  if (total === 0) return strata.map(() => 0);
  let m = Math.min(size, total);
  for (const s of strata) if (s.rows > 0 && s.available < s.rows) m = Math.min(m, Math.floor((s.available * total) / s.rows));
  const quotas = strata.map((s) => (m * s.rows) / total);
  const counts = quotas.map((q, i) => Math.min(Math.floor(q), (strata[i] as Stratum).available));
  let left = m - counts.reduce((n, c) => n + c, 0);
  const order = quotas.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let pass = 0; left > 0 && pass < 2; pass++) {
    for (const { i } of order) {
      if (left === 0) break;
      if ((counts[i] as number) < (strata[i] as Stratum).available && (pass === 1 || (quotas[i] as number) > (counts[i] as number))) {
        counts[i] = (counts[i] as number) + 1;
        left--;
      }
    }
  }
  return counts;
}

/** `k` distinct indices of 0…n−1, uniformly (a partial Fisher–Yates shuffle on `draw`), ascending. */
export function choose(n: number, k: number, draw: (i: number) => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const index = new Map<number, number>(); // sparse swaps: n may be large, k small
  const at = (i: number) => index.get(i) ?? i;
  const chosen: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(draw(i) * (n - i));
    const picked = at(j);
    index.set(j, at(i));
    chosen.push(picked);
  }
  return chosen.sort((a, b) => a - b);
}

/** Draws for choosing slots: far above any row's seq, so independent of the draws that filled the reservoir. */
const CHOICE_OFFSET = 2 ** 31;

const ROW_SELECT = { features: true, imputedFeatures: true, value: true, createdAt: true, seq: true } as const;
/** Slot numbers per `IN` list. */
const IN_CHUNK = 900;

export interface DriftWindowOptions {
  windowSize: number;
  sampleSize: number;
  sampleWindowMs: number;
}

export class DriftWindowReader {
  constructor(
    private readonly db: Db,
    private readonly options: DriftWindowOptions,
  ) {}

  /** The rows to test for a model version: the most recent DRIFT_WINDOW_SIZE, or every one since `since`. */
  read(modelName: string, modelVersion: number, since?: Date | null): Promise<DriftWindow> {
    // Without reservoirs (DRIFT_SAMPLE_SIZE=0): the most recent DRIFT_WINDOW_SIZE (since `since`).
    if (this.options.sampleSize <= 0) return this.fromLog(modelName, modelVersion, since ?? null);
    if (!since && this.options.windowSize <= this.options.sampleSize) return this.fromLog(modelName, modelVersion, null);
    return this.fromSamples(modelName, modelVersion, since ?? null);
  }

  private async fromLog(modelName: string, modelVersion: number, since: Date | null): Promise<DriftWindow> {
    const rows = await this.db.prediction.findMany({
      // (modelVersion, createdAt) is indexed; the name check keeps other models' versions out.
      where: { modelVersion, modelName, ...(since ? { createdAt: { gte: since } } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: this.options.windowSize,
      select: { features: true, imputedFeatures: true, value: true, createdAt: true },
    });
    return { rows, currentSize: rows.length };
  }

  /**
   * The sample windows of the span, newest first: those since `since` (the oldest one cut at
   * `since`), or without it the newest ones until they hold DRIFT_WINDOW_SIZE rows (whole windows).
   */
  private async spanWindows(modelName: string, modelVersion: number, since: Date | null) {
    const where = { modelName, modelVersion, ...(since ? { windowStart: { gt: new Date(since.getTime() - this.options.sampleWindowMs) } } : {}) };
    const windows: { windowStart: Date; size: number; seen: number }[] = [];
    let rows = 0;
    for (let skip = 0; ; skip += 256) {
      const page = await this.db.driftSampleWindow.findMany({ where, orderBy: { windowStart: "desc" }, select: { windowStart: true, size: true, seen: true }, skip, take: 256 });
      for (const w of page) {
        if (!since && rows >= this.options.windowSize) return windows;
        windows.push(w);
        rows += w.seen;
      }
      if (page.length < 256) return windows;
    }
  }

  private async fromSamples(modelName: string, modelVersion: number, since: Date | null): Promise<DriftWindow> {
    const windows = await this.spanWindows(modelName, modelVersion, since);
    type Part = Stratum & { key: { windowStart: Date; modelName: string; modelVersion: number }; slots: number; kept: (WindowRow & { seq: number })[] | null };
    const parts: Part[] = [];
    for (const w of windows) {
      const key = { windowStart: w.windowStart, modelName, modelVersion };
      const slots = Math.min(w.seen, w.size);
      if (since && w.windowStart < since) {
        // Cut at `since`: the slots logged since then are a uniform sample of the window's rows since
        // then; their count is exact when the reservoir holds every row, else estimated from the share.
        const all = await this.db.driftSample.findMany({ where: key, select: ROW_SELECT, orderBy: { seq: "desc" } });
        const kept = all.filter((r) => r.createdAt >= since);
        const rows = all.length >= w.seen ? kept.length : Math.round((w.seen * kept.length) / Math.max(1, all.length));
        parts.push({ key, rows, available: kept.length, slots, kept });
      } else {
        parts.push({ key, rows: w.seen, available: slots, slots, kept: null });
      }
    }
    const counts = allocate(parts, this.options.sampleSize);
    const rows: WindowRow[] = [];
    for (const [i, part] of parts.entries()) {
      const k = counts[i] as number;
      if (k === 0) continue;
      const draws = new WindowDraws({ windowStart: part.key.windowStart.getTime(), modelName, modelVersion });
      const draw = (j: number) => draws.draw(CHOICE_OFFSET + j);
      if (part.kept) {
        for (const j of choose(part.kept.length, k, draw)) rows.push(part.kept[j] as WindowRow);
        continue;
      }
      if (k >= part.slots) {
        rows.push(...(await this.db.driftSample.findMany({ where: part.key, select: ROW_SELECT, orderBy: { seq: "desc" } })));
        continue;
      }
      // A uniform choice of slot numbers is a uniform choice of the rows they hold, whatever their arrangement.
      const chosen = choose(part.slots, k, draw);
      const read: (WindowRow & { seq: number })[] = [];
      for (let c = 0; c < chosen.length; c += IN_CHUNK) {
        read.push(...(await this.db.driftSample.findMany({ where: { ...part.key, slot: { in: chosen.slice(c, c + IN_CHUNK) } }, select: ROW_SELECT })));
      }
      rows.push(...read.sort((a, b) => b.seq - a.seq));
    }
    return { rows, currentSize: parts.reduce((n, p) => n + p.rows, 0) };
  }
}
