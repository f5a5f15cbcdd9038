/**
 * Cross-replica events over Redis (REDIS_URL): pubsub topics travel through Redis channels, so a
 * subscriber on one replica receives what another publishes. Payloads are JSON (dates arrive as
 * ISO strings, which the DateTime scalar serialises the same). Every channel is the topic behind
 * REDIS_CHANNEL_PREFIX, so deployments (and test runs) sharing one Redis stay apart.
 */
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";

export interface RedisBus {
  eventTarget: EventTarget;
  /** Replicas subscribed to a topic's channel (PUBSUB NUMSUB), refreshed in the background. */
  remoteSubscribers(topic: string): number;
  close(): Promise<void>;
}

/** An event target whose event types (topics) are channels `prefix + topic` of `inner`. */
function prefixedEventTarget(inner: EventTarget, prefix: string): EventTarget {
  if (!prefix) return inner;
  return {
    addEventListener: (topic, listener, options) => inner.addEventListener(prefix + topic, listener, options),
    removeEventListener: (topic, listener, options) => inner.removeEventListener(prefix + topic, listener, options),
    dispatchEvent: (event) => inner.dispatchEvent(new CustomEvent(prefix + event.type, { detail: (event as CustomEvent).detail })),
  };
}

export async function connectRedisBus(url: string, logger: Logger, watchedTopics: string[], channelPrefix = ""): Promise<RedisBus> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true };
  const publishClient = new Redis(url, options);
  const subscribeClient = new Redis(url, options);
  for (const c of [publishClient, subscribeClient]) c.on("error", (err) => logger.warn({ err: err.message }, "redis error"));
  await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  const eventTarget = prefixedEventTarget(createRedisEventTarget({ publishClient, subscribeClient }) as unknown as EventTarget, channelPrefix);
  const watched = watchedTopics.map((topic) => channelPrefix + topic);
  const counts = new Map<string, number>();
  const refresh = async () => {
    try {
      const reply = (await publishClient.call("PUBSUB", "NUMSUB", ...watched)) as (string | number)[];
      for (let i = 0; i < reply.length; i += 2) counts.set(String(reply[i]), Number(reply[i + 1]));
    } catch {
      // keep the last counts
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh(), 1000);
  timer.unref();
  return {
    eventTarget,
    remoteSubscribers: (topic) => counts.get(channelPrefix + topic) ?? 0,
    async close() {
      clearInterval(timer);
      await Promise.all([publishClient.quit().catch(() => undefined), subscribeClient.quit().catch(() => undefined)]);
    },
  };
}
