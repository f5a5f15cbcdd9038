/**
 * Cross-replica events over Redis (REDIS_URL): pubsub topics travel through Redis channels, so a
 * subscriber on one replica receives what another publishes. Payloads are JSON (dates arrive as
 * ISO strings, which the DateTime scalar serialises the same).
 */
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";

export interface RedisBus {
  eventTarget: EventTarget;
  /** Replicas subscribed to a channel (PUBSUB NUMSUB), refreshed in the background. */
  remoteSubscribers(channel: string): number;
  close(): Promise<void>;
}

export async function connectRedisBus(url: string, logger: Logger, watched: string[]): Promise<RedisBus> {
  const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true };
  const publishClient = new Redis(url, options);
  const subscribeClient = new Redis(url, options);
  for (const c of [publishClient, subscribeClient]) c.on("error", (err) => logger.warn({ err: err.message }, "redis error"));
  await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient }) as unknown as EventTarget;
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
    remoteSubscribers: (channel) => counts.get(channel) ?? 0,
    async close() {
      clearInterval(timer);
      await Promise.all([publishClient.quit().catch(() => undefined), subscribeClient.quit().catch(() => undefined)]);
    },
  };
}
