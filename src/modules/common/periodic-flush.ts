/**
 * Dirty state written after a delay (RequestLatencyLog's per-bucket totals, API keys' last-used times): the
 * first buffered entry arms a timer (unref'd: it never keeps the process alive), a flush disarms
 * it and waits for the write in flight, so writes never overlap.
 */
export abstract class PeriodicFlush {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly flushMs: number) {}

  /** Arms the timer if it is not armed. */
  protected schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Writes what is buffered (never concurrently with another write). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    await this.writing;
    const write = this.write();
    if (!write) return;
    this.writing = write.finally(() => {
      this.writing = null;
    });
    await this.writing;
  }

  /** Starts writing what is buffered (errors handled inside), or null when there is nothing. */
  protected abstract write(): Promise<void> | null;
}
