/** Output helpers for every `domus` command: aligned tables and progress bars for people, JSON for scripts. */

type Cell = string | number | null | undefined;

/**
 * An aligned text table: a header, a dashed rule, one line per row; null/undefined cells print
 * "-". Columns listed in `rightAligned` (by index) are padded on the left, for numbers.
 */
export function table(headers: string[], rows: Cell[][], options: { rightAligned?: number[] } = {}): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? "-" : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const right = new Set(options.rightAligned ?? []);
  const line = (r: string[]) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export function num(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits);
}

/** A metric in a key/value table: counts (folds, rows) as integers, measurements with `digits` decimals. */
export function metricValue(key: string, value: number, digits = 4): string {
  return Number.isInteger(value) && /(^|_)(folds|rows|count|features|n|version)$|^n_/.test(key) ? String(value) : num(value, digits);
}

export function metric(metrics: { key: string; value: number; step?: number }[], key: string): number | undefined {
  return metrics.find((m) => m.key === key && (m.step ?? 0) === 0)?.value;
}

/** Prints `data` as indented JSON, or the human rendering. */
export function out(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human()}\n`);
}

export interface ProgressEvent {
  stage: string;
  completed: number;
  total: number;
  message?: string | null;
}

/** `[#####-----]  12/40` */
export function progressBar(completed: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.min(width, Math.round((completed / total) * width)) : width;
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(completed).padStart(String(total).length)}/${total}`;
}

/**
 * Progress bars, one per stage, on a stream (stderr): redrawn in place on a terminal; elsewhere
 * (logs, CI) one line per finished stage.
 */
export function createProgressRenderer(stream: NodeJS.WriteStream, options: { labelWidth?: number } = {}): { update(event: ProgressEvent): void; done(): void } {
  const stages = new Map<string, ProgressEvent>();
  let drawn = 0;
  const line = (e: ProgressEvent) => `${e.stage.padEnd(options.labelWidth ?? 0)} ${progressBar(e.completed, e.total)} ${e.message ?? ""}`.trimEnd();
  return {
    update(event) {
      stages.set(event.stage, event);
      if (!stream.isTTY) {
        if (event.completed === event.total) stream.write(`${line(event)}\n`);
        return;
      }
      if (drawn > 0) stream.write(`\x1b[${drawn}A`);
      const lines = [...stages.values()].map(line);
      for (const text of lines) stream.write(`\x1b[2K${text.slice(0, (stream.columns ?? 160) - 1)}\n`);
      drawn = lines.length;
    },
    done() {
      drawn = 0;
      stages.clear();
    },
  };
}
