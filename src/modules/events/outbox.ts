/**
 * Events from every process (the outbox). A change that other servers must hear about — a
 * promotion or rollback (whichever process made it: a server, `domus train`), a challenger set or
 * cleared, a key revoked, a drift alert that feeds the retraining policy — writes an OutboxEvent
 * row in the SAME transaction as the change, so the event exists exactly when the change does.
 *
 * Every server reads the table (a cheap indexed poll every EVENTS_POLL_MS, and at once after its
 * own writes) and hands each row to its own subscribers exactly once: it remembers the ids it has
 * seen. Ids are assigned before commit, so on PostgreSQL a row can become visible after a higher
 * id: the poll also re-reads the last GAP_WINDOW_MS of rows and skips those already seen. An event
 * this server wrote itself travels the same path (no second, in-process publish).
 *
 * Rows older than RETENTION_MS are pruned (by the leader). Start-up does not replay history: the
 * state the events describe is read from the database when the server starts.
 */
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../logger.ts";
import { Topic } from "../../pubsub.ts";

/** Topics carried by the outbox (never by the Redis bus: each replica publishes them locally). */
export const OUTBOX_TOPICS: readonly Topic[] = [Topic.ModelPromoted, Topic.ChallengerChanged, Topic.KeyRevoked, Topic.DriftAlert];

/** How far back a poll re-reads for rows committed out of id order (PostgreSQL). */
export const GAP_WINDOW_MS = 60_000;
/** Rows older than this are deleted. */
export const RETENTION_MS = 24 * 3600_000;
const PRUNE_EVERY_MS = 60_000;

/** What a transaction needs to record an event (a Prisma transaction client or the client). */
type OutboxWriter = Pick<Db, "outboxEvent">;

/** Writes `topic` with `payload` (JSON) inside the caller's transaction. */
export async function recordEvent(tx: OutboxWriter, topic: Topic, payload: unknown): Promise<void> {
  await tx.outboxEvent.create({ data: { topic, payload: JSON.stringify(payload ?? null) } });
}

/** Acts on one event, then publishes it to this replica's subscribers (e.g. swap the champion first). */
/** Reads the outbox now (after a write of this process), resolving once its new events are handed out. */
export interface EventsOutbox {
  poll(): Promise<void>;
}

export type EventDispatcher = (topic: Topic, payload: unknown) => Promise<void>;

export interface OutboxOptions {
  db: Db;
  logger: Logger;
  /** EVENTS_POLL_MS: how often startPolling reads the table (0: only on poll()). */
  pollMs: number;
  /** Old rows are pruned by the cluster leader only. Default: always the leader. */
  isLeader?: () => boolean;
  /** Default: Date.now. */
  now?: () => number;
}

export class OutboxReader implements EventsOutbox {
  private cursor = 0;
  /** id → createdAt (ms) of rows handed out in the gap window. */
  private readonly seen = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastPrune = 0;
  private readonly now: () => number;
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly options: OutboxOptions;
  /** Nothing until startPolling: what a poll reads before then is marked seen, not handed out. */
  private dispatch: EventDispatcher = async () => undefined;

  constructor(options: OutboxOptions) {
    this.db = options.db;
    this.logger = options.logger;
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /** Marks what already exists as seen (no replay): call before reading the state the events describe. */
  async start(): Promise<void> {
    const since = new Date(this.now() - GAP_WINDOW_MS);
    this.cursor = (await this.db.outboxEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0;
    const recent = await this.db.outboxEvent.findMany({ where: { createdAt: { gte: since } }, select: { id: true, createdAt: true } });
    for (const r of recent) this.seen.set(r.id, r.createdAt.getTime());
  }

  /**
   * Hands events to `dispatch` from now on and polls every pollMs: called once the dispatcher's
   * targets exist (the WebSocket endpoint closes a revoked key's sockets); events since start() come first.
   */
  startPolling(dispatch: EventDispatcher): void {
    this.dispatch = dispatch;
    void this.poll().catch((err) => this.logger.warn({ err }, "outbox poll failed"));
    if (this.options.pollMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.poll().catch((err) => this.logger.warn({ err }, "outbox poll failed")), this.options.pollMs);
      this.timer.unref();
    }
  }

  /** Reads and dispatches new rows; concurrent calls share a run, and a call during a run runs once more after it (nothing committed before the call is missed). */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.readOnce();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async readOnce(): Promise<void> {
    const now = this.now();
    const since = new Date(now - GAP_WINDOW_MS);
    const rows = await this.db.outboxEvent.findMany({
      where: { OR: [{ id: { gt: this.cursor } }, { createdAt: { gte: since } }] },
      orderBy: { id: "asc" },
      select: { id: true, topic: true, payload: true, createdAt: true },
    });
    for (const row of rows) {
      if (this.seen.has(row.id)) continue;
      this.seen.set(row.id, row.createdAt.getTime());
      if (row.id > this.cursor) this.cursor = row.id;
      let payload: unknown;
      try {
        payload = JSON.parse(row.payload);
      } catch {
        this.logger.warn({ id: row.id, topic: row.topic }, "outbox event payload is not JSON: skipped");
        continue;
      }
      await this.dispatch(row.topic as Topic, payload).catch((err) => this.logger.error({ err, id: row.id, topic: row.topic }, "outbox event handling failed"));
    }
    for (const [id, at] of this.seen) if (at < since.getTime() - GAP_WINDOW_MS && id <= this.cursor) this.seen.delete(id);
    if ((this.options.isLeader?.() ?? true) && now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await this.db.outboxEvent.deleteMany({ where: { createdAt: { lt: new Date(now - RETENTION_MS) } } }).catch((err) => this.logger.warn({ err }, "outbox prune failed"));
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
