/**
 * Re-reading shared state from the database: concurrent `refresh()` calls share one run, and
 * polling (the fallback when a change event is lost) logs failures instead of throwing.
 */
import { PeriodicJob } from "./periodic-job.ts";

export class Refresher {
  private poller: PeriodicJob | null = null;
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
    this.poller ??= new PeriodicJob({ intervalMs, run: () => this.refresh(), onError: this.onPollError }).start();
  }

  stopPolling(): void {
    void this.poller?.stop();
    this.poller = null;
  }
}
