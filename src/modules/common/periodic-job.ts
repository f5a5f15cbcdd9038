/**
 * A task run every `intervalMs`: gated (e.g. on leadership: `when` is asked at every tick),
 * never overlapping (a tick while the previous run is still going is skipped), failures reported
 * to `onError` instead of thrown, the timer unref'd (it never keeps a process alive), and
 * `stop()` resolves once a run under way has finished. The one loop behind retention, the
 * retraining and drift schedules, the stale-job sweeper and the refreshers' polling.
 */
export interface PeriodicJobOptions {
  intervalMs: number;
  /** The task; its promise is awaited before the next tick may run it again. */
  run: () => Promise<unknown>;
  /** Asked at every tick; false skips it (default: always run). */
  when?: () => boolean;
  /** A failed run (the job keeps its schedule). */
  onError: (err: unknown) => void;
}

export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: PeriodicJobOptions) {}

  /** Starts the schedule (idempotent). A non-positive interval never starts. */
  start(): this {
    if (this.timer || this.options.intervalMs <= 0) return this;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
    return this;
  }

  get started(): boolean {
    return this.timer !== null;
  }

  /** One gated, non-overlapping run now (what a tick does); resolves when it has finished. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    if (this.options.when && !this.options.when()) return Promise.resolve();
    this.running = Promise.resolve()
      .then(this.options.run)
      .then(
        () => undefined,
        (err: unknown) => this.options.onError(err),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the schedule; resolves once a run under way has finished. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
