/**
 * Re-reading shared state from the database: concurrent `refresh()` calls share one run, and
 * polling (the fallback when a change event is lost) logs failures instead of throwing.
 */
export class Refresher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly onPollError: (err: unknown) => void,
  ) {}

  refresh(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  startPolling(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch(this.onPollError);
    }, intervalMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
