/**
 * The rollup bucket: monitoring rollups aggregate rows per ROLLUP_BUCKET_MS of createdAt, and reads
 * widen windows to whole buckets. Dependency-free, so the dashboard aligns its polled windows on
 * the same edges (web/dashboard) from the same constant.
 */

/** Width of a rollup bucket. Windows read from rollups are widened to whole buckets. */
export const ROLLUP_BUCKET_MS = 10_000;

/** The start of the bucket holding `ms`. */
export function bucketOf(ms: number): number {
  return Math.floor(ms / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
}
