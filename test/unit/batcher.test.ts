import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Batcher } from "../../src/modules/common/batcher.ts";

describe("Batcher", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A batcher whose writes are recorded and finish when told. */
  function recording(options: { maxSize: number; maxWaitMs: number; maxPerWrite?: number; sizeOf?: (n: number) => number }) {
    const writes: number[][] = [];
    const pending: (() => void)[] = [];
    const batcher = new Batcher<number>({
      ...options,
      write: (items) =>
        new Promise<void>((resolve) => {
          writes.push(items);
          pending.push(resolve);
        }),
    });
    const finish = () => pending.shift()?.();
    return { batcher, writes, finish };
  }

  it("writes once maxSize units wait, or after maxWaitMs for fewer", async () => {
    const { batcher, writes, finish } = recording({ maxSize: 3, maxWaitMs: 100 });
    batcher.addAll([1, 2, 3]);
    expect(writes).toEqual([[1, 2, 3]]);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    batcher.add(4);
    await vi.advanceTimersByTimeAsync(99);
    expect(writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([[1, 2, 3], [4]]);
    finish();
    await batcher.flush();
  });

  it("with maxWaitMs 0 gathers what arrives in one event-loop turn into one write", async () => {
    const { batcher, writes, finish } = recording({ maxSize: 100, maxWaitMs: 0 });
    batcher.add(1);
    batcher.add(2);
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([[1, 2]]);
    finish();
    await batcher.flush();
  });

  it("never overlaps writes: items arriving during a write go in the next one", async () => {
    const { batcher, writes, finish } = recording({ maxSize: 2, maxWaitMs: 50 });
    batcher.addAll([1, 2]);
    batcher.addAll([3, 4, 5]);
    expect(writes).toEqual([[1, 2]]);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    // A full batch waited during the write: written at once, and the limit per write holds only when set.
    expect(writes).toEqual([[1, 2], [3, 4, 5]]);
    finish();
    await batcher.flush();
  });

  it("takes at most maxPerWrite items per write and counts units by sizeOf", async () => {
    const { batcher, writes, finish } = recording({ maxSize: 10, maxWaitMs: 50, maxPerWrite: 2, sizeOf: (n) => n });
    batcher.addAll([4, 4]); // 8 units: waits
    expect(writes).toHaveLength(0);
    batcher.add(4); // 12 units: writes two items, 4 units left
    expect(writes).toEqual([[4, 4]]);
    finish();
    await vi.advanceTimersByTimeAsync(50);
    expect(writes).toEqual([[4, 4], [4]]);
    finish();
    await batcher.flush();
  });

  it("flush() writes everything waiting and resolves when no write is under way", async () => {
    const { batcher, writes, finish } = recording({ maxSize: 100, maxWaitMs: 10_000 });
    batcher.addAll([1, 2, 3]);
    let done = false;
    const flushing = batcher.flush().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(writes).toEqual([[1, 2, 3]]);
    expect(done).toBe(false);
    finish();
    await flushing;
    expect(batcher.length).toBe(0);
  });

  it("passes a failed write to onError and keeps going", async () => {
    const errors: [string, number][] = [];
    let calls = 0;
    const batcher = new Batcher<number>({
      maxSize: 2,
      maxWaitMs: 10,
      write: async () => {
        calls++;
        if (calls === 1) throw new Error("disk full");
      },
      onError: (err, items) => errors.push([(err as Error).message, items]),
    });
    batcher.addAll([1, 2]);
    await vi.advanceTimersByTimeAsync(0);
    batcher.add(3);
    await batcher.flush();
    expect(errors).toEqual([["disk full", 2]]);
    expect(calls).toBe(2);
  });
});
