import { describe, expect, it } from "vitest";
import { WriterThread } from "../../src/db/writer-thread.ts";

type Message = { fail?: boolean; exit?: boolean; throw?: boolean; close?: boolean };
const start = { url: new URL("../fixtures/workers/echo-writer.worker.mjs", import.meta.url), workerData: {} };

describe("WriterThread", () => {
  it("answers requests by id, and reports a write's error with its label", async () => {
    const thread = new WriterThread<Message>({ start, workerData: {}, label: "test" });
    try {
      await expect(Promise.all([thread.request({}), thread.request({}), thread.request({})])).resolves.toHaveLength(3);
      await expect(thread.request({ fail: true })).rejects.toThrow("test failed: disk full");
      thread.post({}); // not answered, and nothing waits for it
      await expect(thread.request({})).resolves.toBeUndefined();
    } finally {
      await thread.close({ close: true });
    }
    expect(thread.running).toBe(false);
  });

  it("rejects every pending request when the thread dies, and starts a new one on the next request", async () => {
    const thread = new WriterThread<Message>({ start, workerData: {}, label: "test" });
    try {
      const pending = thread.request({ exit: true });
      await expect(pending).rejects.toThrow("the test thread exited (code 7)");
      expect(thread.running).toBe(false);
      await expect(thread.request({})).resolves.toBeUndefined();
      await expect(thread.request({ throw: true })).rejects.toThrow("thread crashed");
      await expect(thread.request({})).resolves.toBeUndefined();
    } finally {
      await thread.close({ close: true });
    }
  });
});
