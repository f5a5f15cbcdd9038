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
      const bus = await connectRedisBus({ url: REDIS_URL as string, logger, watchedTopics: [Topic.PredictionMade], channelPrefix: prefix });
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

/** A redis-server of the test's own on a free port (never the machine's shared one), to kill and restart. */
async function ownRedis(): Promise<{ url: string; start(): Promise<void>; kill(): Promise<void> }> {
  const { spawn } = await import("node:child_process");
  const { createServer } = await import("node:net");
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  let child: import("node:child_process").ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      const { Redis } = await import("ioredis");
      await waitFor("own redis-server to answer", async () => {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on("error", () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === "PONG";
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      }, { intervalMs: 100 });
    },
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((resolve) => c.once("exit", resolve));
      c.kill("SIGKILL");
      await exited;
    },
  };
}

const haveRedisServer = (await import("node:child_process")).spawnSync("redis-server", ["--version"]).status === 0;

describe.runIf(haveRedisServer || process.env.DOMUS_DRILLS === "required")("Redis killed with subscriptions open", () => {
  it("never crashes: publish/subscribe/unsubscribe during the outage are caught, subscriptions come back, a publish made during it is delivered after", async () => {
    const redis = await ownRedis();
    await redis.start();
    const logger = createLogger({ logLevel: (process.env.DRILL_LOG as "warn") ?? "silent" });
    const lost: string[] = [];
    const bus = await connectRedisBus({ url: redis.url, logger, watchedTopics: [Topic.PredictionMade], channelPrefix: "drill:", onLost: (topic) => lost.push(topic) });
    const pubsub = createDomusPubSub({ eventTarget: bus.eventTarget });
    const received: number[] = [];
    const events = pubsub.subscribe<{ n: number }>(Topic.DriftAlert);
    const loop = (async () => {
      for await (const e of events) received.push(e.n);
    })();
    try {
      await waitFor("the subscription to work", () => {
        pubsub.publish(Topic.DriftAlert, { n: 0 });
        return received.length > 0;
      }, { intervalMs: 100 });
      await redis.kill();
      // Everything that used to leave a rejected promise behind (exit 3-6 s later): a publish, a
      // subscribe and an unsubscribe while Redis is down. An unhandled rejection fails this test.
      pubsub.publish(Topic.DriftAlert, { n: 1 });
      const other = pubsub.subscribe(Topic.ModelPromoted);
      const pending = other.next();
      await other.return?.();
      await pending.catch(() => undefined);
      // Long enough for the former 2-retry limit to give up (a crash 3-6 s later): the bus's own reconnect attempts.
      const before = bus.reconnectAttempts();
      await waitFor("16 reconnect attempts (past the former limit)", () => bus.reconnectAttempts() >= before + 16, { timeoutMs: 60_000 });
      await redis.start();
      // The publish made during the outage arrives once Redis is back, or (when the outage outlasts
      // its retry window, as on a loaded host) its loss is counted: never silently dropped, never twice.
      await waitFor("the outage's publish to arrive or be counted lost", () => received.includes(1) || lost.length > 0, { timeoutMs: 90_000 });
      // Never delivered twice. A copy may be counted lost while another was delivered: ioredis
      // resends a PUBLISH written to the dying connection, and a copy that reached no subscriber
      // (this replica's subscription not yet restored) is counted, never silently dropped.
      expect(received.filter((n) => n === 1).length, JSON.stringify({ received, lost })).toBeLessThanOrEqual(1);
      await waitFor("events after the restart", () => {
        pubsub.publish(Topic.DriftAlert, { n: 2 });
        return received.includes(2);
      }, { intervalMs: 200, timeoutMs: 60_000 });
      expect(lost.filter((t) => t !== Topic.DriftAlert)).toEqual([]);
    } finally {
      await events.return?.();
      await loop;
      await bus.close();
      await redis.kill();
    }
  }, 180_000);
});
