/**
 * Items gathered in memory and written in batches: a write starts once `maxSize` units wait or
 * the oldest item has waited `maxWaitMs` (0: at the end of the current event-loop turn, so items
 * arriving together share a write); one write at a time, and items arriving meanwhile gather for
 * the next. `write` owns its failures (log, count, drop): a rejected write is passed to `onError`.
 * The buffer behind the shadow log, the error log and API keys' last-used times (the prediction
 * log's group commit acknowledges each request and overlaps writes: it keeps its own queue).
 */
export interface BatcherOptions<T> {
  /** Units (sizeOf, default one per item) that start a write at once. */
  maxSize: number;
  /** How long the oldest item may wait before a write starts (0: this event-loop turn). */
  maxWaitMs: number;
  /** Items taken by one write (default: everything waiting). */
  maxPerWrite?: number;
  sizeOf?: (item: T) => number;
  write: (items: T[]) => Promise<void>;
  onError?: (err: unknown, items: number) => void;
}

export class Batcher<T> {
  private items: T[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly options: BatcherOptions<T>) {}

  /** Items waiting (not yet handed to a write). */
  get length(): number {
    return this.items.length;
  }

  add(item: T): void {
    this.items.push(item);
    this.size += this.options.sizeOf ? this.options.sizeOf(item) : 1;
    this.schedule();
  }

  addAll(items: readonly T[]): void {
    for (const item of items) {
      this.items.push(item);
      this.size += this.options.sizeOf ? this.options.sizeOf(item) : 1;
    }
    if (items.length > 0) this.schedule();
  }

  /** Writes everything waiting now; resolves when nothing waits and no write is under way. */
  async flush(): Promise<void> {
    while (this.writing || this.items.length > 0) {
      this.kick();
      await this.writing;
    }
  }

  private schedule(): void {
    if (this.size >= this.options.maxSize) this.kick();
    else if (!this.timer && !this.writing) {
      const timer = this.options.maxWaitMs > 0 ? setTimeout(() => this.kick(), this.options.maxWaitMs) : setImmediate(() => this.kick());
      timer.unref();
      this.timer = timer;
    }
  }

  private kick(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    if (this.writing || this.items.length === 0) return;
    const take = Math.min(this.items.length, this.options.maxPerWrite ?? this.items.length);
    const batch = this.items.splice(0, take);
    this.size = this.options.sizeOf ? this.items.reduce((s, item) => s + (this.options.sizeOf as (item: T) => number)(item), 0) : this.items.length;
    this.writing = this.options
      .write(batch)
      .catch((err: unknown) => this.options.onError?.(err, batch.length))
      .finally(() => {
        this.writing = null;
        // What arrived during the write: at once if a batch is full, else after its wait.
        if (this.items.length > 0) this.schedule();
      });
  }
}
