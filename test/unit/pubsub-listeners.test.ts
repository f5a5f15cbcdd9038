/** 11+ subscribers of one topic are normal (one listener each): no MaxListenersExceededWarning. */
import { describe, expect, it } from "vitest";
import { createDomusPubSub } from "../../src/pubsub.ts";

describe("pubsub listeners", () => {
  it("15 predictionMade subscribers raise no MaxListenersExceededWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const ps = createDomusPubSub();
      const iterators = Array.from({ length: 15 }, () => ps.subscribe<{ n: number }>("predictionMade" as never)[Symbol.asyncIterator]());
      const firsts = iterators.map((it) => it.next());
      ps.publish("predictionMade" as never, { n: 1 } as never);
      const got = await Promise.all(firsts);
      expect(got.every((r) => r.done === false)).toBe(true);
      await Promise.all(iterators.map((it) => it.return?.()));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });
});
