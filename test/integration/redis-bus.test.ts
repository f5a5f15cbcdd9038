/**
 * REDIS_CHANNEL_PREFIX: buses on one Redis hear each other only under the same prefix, so test
 * runs (and deployments) sharing a Redis do not cross-talk.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisBus, connectRedisBus } from "../../src/cluster/redis.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { type DomusPubSub, Topic, createDomusPubSub } from "../../src/pubsub.ts";
import { waitFor } from "../helpers/wait.ts";

const REDIS_URL = process.env.TEST_REDIS_URL;

describe("REDIS_CHANNEL_PREFIX configuration", () => {
  it("defaults to none and rejects spaces", () => {
    expect(loadConfig({}).redisChannelPrefix).toBe("");
    expect(loadConfig({ REDIS_CHANNEL_PREFIX: "staging:" }).redisChannelPrefix).toBe("staging:");
    expect(() => loadConfig({ REDIS_CHANNEL_PREFIX: "two words" })).toThrow(ConfigError);
    expect(() => loadConfig({ REDIS_CHANNEL_PREFIX: "two words" })).toThrow(/REDIS_CHANNEL_PREFIX/);
  });
});

describe.runIf(Boolean(REDIS_URL))("Redis buses with channel prefixes", () => {
  const logger = createLogger({ logLevel: "silent" });
  const run = randomBytes(4).toString("hex");
  const buses: RedisBus[] = [];
  let a1: DomusPubSub;
  let a2: DomusPubSub;
  let b: DomusPubSub;
  beforeAll(async () => {
    const connect = async (prefix: string) => {
      const bus = await connectRedisBus(REDIS_URL as string, logger, [Topic.PredictionMade], prefix);
      buses.push(bus);
      return bus;
    };
    const [busA1, busA2, busB] = await Promise.all([connect(`test-${run}-a:`), connect(`test-${run}-a:`), connect(`test-${run}-b:`)]);
    const pubsub = (bus: RedisBus) => createDomusPubSub({ eventTarget: bus.eventTarget, remoteSubscribers: (t) => bus.remoteSubscribers(t) });
    a1 = pubsub(busA1);
    a2 = pubsub(busA2);
    b = pubsub(busB);
  });
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
  });

  it("delivers within one prefix and never across prefixes", async () => {
    const onA2 = a2.subscribe<{ n: number }>(Topic.PredictionMade);
    const onB = b.subscribe<{ n: number }>(Topic.PredictionMade);
    const receivedA2: number[] = [];
    const receivedB: number[] = [];
    const drain = (it: AsyncIterableIterator<{ n: number }>, into: number[]) =>
      (async () => {
        for await (const e of it) into.push(e.n);
      })();
    const loops = [drain(onA2, receivedA2), drain(onB, receivedB)];
    try {
      // a1 learns of a2's subscription under their prefix (PUBSUB NUMSUB, refreshed every second).
      await waitFor("a1 to see a2's subscription", () => a1.hasSubscribers(Topic.PredictionMade));
      // Publish on a1 until a2 hears it: the subscribe command may still be in flight at first.
      let n = 0;
      await waitFor("a2 to receive an event published on a1", () => {
        a1.publish(Topic.PredictionMade, { n: ++n });
        return receivedA2.length > 0;
      }, { intervalMs: 50 });
      // b subscribed to the same topic under another prefix and heard none of a1's events. A
      // marker published on b after them reaches b's subscriber, first (Redis keeps order per connection).
      b.publish(Topic.PredictionMade, { n: -1 });
      await waitFor("b's own marker", () => receivedB.length > 0);
      expect(receivedB).toEqual([-1]);
    } finally {
      await onA2.return?.();
      await onB.return?.();
      await Promise.all(loops);
    }
  });
});
