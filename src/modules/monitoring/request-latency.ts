/**
 * End-to-end request latency per 10-second bucket, operation and transport (RequestRollup): what a
 * client waited, from the first byte read to the last byte written (HTTP) or from `subscribe` to
 * `complete` (WebSocket queries and mutations), as opposed to the model compute time the
 * prediction rollups carry. Accumulated in memory and written every flushMs: each replica owns its
 * rows (replicaId in the key) and writes a bucket's totals so far, so a write is idempotent and a
 * crash loses at most flushMs of timings (never rows of the log). servingMetrics merges replicas.
 *
 * Operation: the root fields of a GraphQL operation, sorted and joined with "+" (at most
 * MAX_LABEL_FIELDS, then "+…"), or the route of any other request ("/healthz").
 */
import type { FieldNode, OperationDefinitionNode } from "graphql";
import type { Db } from "../../db/client.ts";
import { bucketOf } from "../../db/rollup-bucket.ts";
import { type Sketch, encodeSketch, newSketch } from "../../db/sketch.ts";
import type { Logger } from "../../logger.ts";
import { PeriodicFlush } from "../common/periodic-flush.ts";
import { writeTransaction } from "../../db/retry.ts";

export type Transport = "HTTP" | "WS";

const MAX_LABEL_FIELDS = 3;

/** The operation label of a GraphQL operation: its root field names, sorted, deduplicated. */
export function operationLabel(operation: OperationDefinitionNode): string {
  const names = new Set<string>();
  for (const s of operation.selectionSet.selections) names.add(s.kind === "Field" ? (s as FieldNode).name.value : "…");
  const sorted = [...names].sort();
  return sorted.length > MAX_LABEL_FIELDS ? `${sorted.slice(0, MAX_LABEL_FIELDS).join("+")}+…` : sorted.join("+");
}

class Entry {
  count = 0;
  failed = 0;
  latencySum = 0;
  latencyMax = 0;
  readonly sketch: Sketch = newSketch();
  dirty = false;

  constructor(
    readonly bucketStart: number,
    readonly operation: string,
    readonly transport: Transport,
  ) {}
}

export interface RequestLatencyLogOptions {
  db: Db;
  /** This replica's rows: the replica id is part of every row's key. */
  replicaId: string;
  logger: Logger;
  /** REQUEST_LATENCY_FLUSH_MS: how often changed buckets are written. */
  flushMs: number;
  /** Default: Date.now. */
  now?: () => number;
}

export class RequestLatencyLog extends PeriodicFlush {
  private readonly entries = new Map<string, Entry>();
  private readonly db: Db;
  private readonly replicaId: string;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor({ db, replicaId, logger, flushMs, now = Date.now }: RequestLatencyLogOptions) {
    super(flushMs);
    this.db = db;
    this.replicaId = replicaId;
    this.logger = logger;
    this.now = now;
  }

  /** One finished request: `ms` from start to answer; failed: answered with an error status. */
  record(operation: string, transport: Transport, ms: number, failed: boolean): void {
    const bucketStart = bucketOf(this.now());
    const key = `${bucketStart}|${transport}|${operation}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = new Entry(bucketStart, operation, transport)));
    e.count++;
    if (failed) e.failed++;
    e.latencySum += ms;
    if (ms > e.latencyMax) e.latencyMax = ms;
    e.sketch.accept(Math.max(ms, 0));
    e.dirty = true;
    this.schedule();
  }

  /** Writes every bucket changed since the last write (its totals so far); forgets buckets that can no longer change. */
  protected write(): Promise<void> | null {
    const dirty = [...this.entries.values()].filter((e) => e.dirty);
    const closedBefore = bucketOf(this.now());
    for (const [key, e] of this.entries) if (e.bucketStart < closedBefore) this.entries.delete(key);
    if (dirty.length === 0) return null;
    for (const e of dirty) e.dirty = false;
    // Upserts read before they write: on SQLite the write lock is taken first (writeTransaction), or
    // the prediction writer's commits would make them fail under load.
    return writeTransaction(this.db, async (tx) => {
      for (const e of dirty) {
        const key = { bucketStart: new Date(e.bucketStart), operation: e.operation, transport: e.transport, replicaId: this.replicaId };
        const values = { count: e.count, failed: e.failed, latencySum: e.latencySum, latencyMax: e.latencyMax, latencySketch: encodeSketch(e.sketch) };
        await tx.requestRollup.upsert({ where: { bucketStart_operation_transport_replicaId: key }, create: { ...key, ...values }, update: values });
      }
    })
      .then(() => undefined)
      .catch((err) => this.logger.warn({ err, rows: dirty.length }, "could not store request latency rollups"));
  }
}
