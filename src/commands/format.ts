/** Output helpers for the CLI: aligned tables for people, JSON for scripts. */

export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? "-" : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export function num(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits);
}

export function metric(metrics: { key: string; value: number; step?: number }[], key: string): number | undefined {
  return metrics.find((m) => m.key === key && (m.step ?? 0) === 0)?.value;
}

/** A one-line progress bar on stderr (redrawn on a TTY). */
export function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  const text = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${text}${done >= total ? "\n" : ""}`);
  else if (done >= total) process.stderr.write(`${text}\n`);
}
