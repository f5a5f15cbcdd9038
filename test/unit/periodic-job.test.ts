import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PeriodicJob } from "../../src/modules/common/periodic-job.ts";

describe("PeriodicJob", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A run that stays under way until `finish()` is called. */
  function controllableRun() {
    const started: number[] = [];
    let finish: () => void = () => undefined;
    const run = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          started.push(started.length + 1);
          finish = resolve;
        }),
    );
    return { run, started, finish: () => finish() };
  }

  it("runs every interval, skips ticks while a run is under way, and never overlaps", async () => {
    const { run, finish } = controllableRun();
    const job = new PeriodicJob({ intervalMs: 100, run, onError: () => undefined }).start();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300); // three ticks while the first run is still going
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await job.stop();
  });

  it("asks its gate at every tick (a follower skips, a leader runs)", async () => {
    let leader = false;
    const run = vi.fn(async () => undefined);
    const job = new PeriodicJob({ intervalMs: 50, when: () => leader, run, onError: () => undefined }).start();
    await vi.advanceTimersByTimeAsync(200);
    expect(run).not.toHaveBeenCalled();
    leader = true;
    await vi.advanceTimersByTimeAsync(50);
    expect(run).toHaveBeenCalledTimes(1);
    await job.stop();
  });

  it("reports a failed run and keeps its schedule", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const job = new PeriodicJob({
      intervalMs: 10,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("database down");
      },
      onError: (err) => errors.push(err),
    }).start();
    await vi.advanceTimersByTimeAsync(30);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("database down");
    expect(calls).toBe(3);
    await job.stop();
  });

  it("stop() waits for the run under way, and no tick runs after it", async () => {
    const { run, finish } = controllableRun();
    const job = new PeriodicJob({ intervalMs: 10, run, onError: () => undefined }).start();
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    const stopping = job.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(1);
    expect(job.started).toBe(false);
  });

  it("never starts with a non-positive interval, and start() is idempotent", async () => {
    const run = vi.fn(async () => undefined);
    expect(new PeriodicJob({ intervalMs: 0, run, onError: () => undefined }).start().started).toBe(false);
    const job = new PeriodicJob({ intervalMs: 10, run, onError: () => undefined }).start().start();
    await vi.advanceTimersByTimeAsync(10);
    expect(run).toHaveBeenCalledTimes(1);
    await job.stop();
  });
});
