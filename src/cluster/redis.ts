/**
 * Cross-replica events over Redis (REDIS_URL): pubsub topics travel through Redis channels, so a
 * subscriber on one replica receives what another publishes. Payloads are JSON (dates arrive as
 * ISO strings, which the DateTime scalar serialises the same). Every channel is the topic behind
 * REDIS_CHANNEL_PREFIX, so deployments (and test runs) sharing one Redis stay apart.
 *
 * Redis going away never takes a replica down: every PUBLISH, SUBSCRIBE and UNSUBSCRIBE is caught
 * (@graphql-yoga/redis-event-target dropped their promises: an unhandled rejection killed the
 * process 3–6 s into an outage). Both connections reconnect with backoff for ever; subscriptions
 * are restored on reconnect (ioredis autoResubscribe) and a subscribe issued during the outage
 * waits for it (no retry limit on that connection). A publish waits through ~PUBLISH_RETRIES
 * reconnect attempts (delivered once Redis is back), then is dropped: counted
 * (domus_events_lost_total{topic}) and logged.
 */
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";
import { PeriodicJob } from "../modules/common/periodic-job.ts";

export interface RedisBus {
  eventTarget: EventTarget;
  /** Replicas subscribed to a topic's channel (PUBSUB NUMSUB), refreshed in the background. */
  remoteSubscribers(topic: string): number;
  /** Reconnect attempts of both connections since start (an outage's progress, for logs and drills). */
  reconnectAttempts(): number;
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

/** Reconnect attempts a publish waits through before it counts as lost (backoff up to 2 s: ~30 s). */
const PUBLISH_RETRIES = 20;
/** How long a publish waits for this replica's subscriptions to come back after an outage. */
const SUBSCRIBER_WAIT_MS = 30_000;
/** Reconnect delay: 100 ms more per attempt, at most 2 s, for ever. */
const backoff = (attempt: number) => Math.min(attempt * 100, 2000);

type Listener = NonNullable<Parameters<EventTarget["addEventListener"]>[1]>;

/** An EventTarget over Redis channels (payloads JSON in `detail`) whose every command is caught. */
function redisEventTarget(publishClient: Redis, subscribeClient: Redis, logger: Logger, onLost: (topic: string) => void): EventTarget {
  const listeners = new Map<string, Set<Listener>>();
  subscribeClient.on("message", (channel: string, message: string) => {
    const set = listeners.get(channel);
    if (!set) return;
    let detail: unknown;
    try {
      detail = message === "" ? null : JSON.parse(message);
    } catch {
      return logger.warn({ channel }, "redis message is not JSON: ignored");
    }
    const event = new CustomEvent(channel, { detail });
    for (const listener of set) {
      if (typeof listener === "function") listener(event);
      else listener.handleEvent(event);
    }
  });
  // A publish queued during an outage must not reach Redis before this replica's subscriptions are
  // back (the publishing connection may reconnect first: the event would reach nobody, silently).
  // It waits for the subscribing connection (at most SUBSCRIBER_WAIT_MS), and a publish that still
  // reached no subscriber while this replica listens on its channel is counted lost.
  /** Channels whose SUBSCRIBE Redis acknowledged (a publish to them must reach this replica at least). */
  const confirmed = new Set<string>();
  let subscriberUp: Promise<void> = Promise.resolve();
  let markUp: (() => void) | null = null;
  subscribeClient.on("close", () => {
    if (!markUp) subscriberUp = new Promise((resolve) => (markUp = resolve));
  });
  subscribeClient.on("ready", () => {
    markUp?.();
    markUp = null;
  });
  const whenSubscribed = () => {
    if (!markUp) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([subscriberUp, new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBER_WAIT_MS)))]).finally(() => clearTimeout(timer));
  };
  const command = (what: string, channel: string, run: () => Promise<unknown>) =>
    run().catch((err: Error) => logger.warn({ err: err.message, channel }, `redis ${what} failed`));
  return {
    addEventListener(topic, listener) {
      if (!listener) return;
      let set = listeners.get(topic);
      if (!set) {
        listeners.set(topic, (set = new Set()));
        void command("subscribe", topic, () => subscribeClient.subscribe(topic).then(() => void (listeners.has(topic) && confirmed.add(topic))));
      }
      set.add(listener);
    },
    removeEventListener(topic, listener) {
      const set = listeners.get(topic);
      if (!set || !listener) return;
      set.delete(listener);
      if (set.size > 0) return;
      listeners.delete(topic);
      confirmed.delete(topic);
      void command("unsubscribe", topic, () => subscribeClient.unsubscribe(topic));
    },
    dispatchEvent(event) {
      const detail = (event as CustomEvent).detail;
      const channel = event.type;
      // Whether this replica's own subscription was acknowledged when the PUBLISH was sent (not
      // when its reply came: a publish sent just before the acknowledgement rightly reaches nobody).
      let listening = false;
      whenSubscribed()
        .then(() => {
          listening = confirmed.has(channel);
          return publishClient.publish(channel, detail === undefined ? "" : JSON.stringify(detail));
        })
        .then(
          (receivers) => {
            if (receivers === 0 && listening) {
              onLost(channel);
              logger.warn({ channel }, "redis publish reached no subscriber while this replica listens: event lost (domus_events_lost_total)");
            }
          },
          (err: Error) => {
            onLost(channel);
            logger.warn({ err: err.message, channel }, "redis publish failed: event lost (domus_events_lost_total)");
          },
        );
      return true;
    },
  };
}

export interface RedisBusOptions {
  /** REDIS_URL. */
  url: string;
  logger: Logger;
  /** Topics whose remote subscriber counts this replica follows (publish only when someone listens). */
  watchedTopics: string[];
  /** REDIS_CHANNEL_PREFIX: prepended to every channel. Default "". */
  channelPrefix?: string;
  /** Called with the topic of each event that was lost (a metric). Default: nothing. */
  onLost?: (topic: string) => void;
}

export async function connectRedisBus({ url, logger, watchedTopics, channelPrefix = "", onLost = () => undefined }: RedisBusOptions): Promise<RedisBus> {
  const common = { lazyConnect: true, enableAutoPipelining: true, retryStrategy: backoff };
  const publishClient = new Redis(url, { ...common, maxRetriesPerRequest: PUBLISH_RETRIES });
  const subscribeClient = new Redis(url, { ...common, maxRetriesPerRequest: null });
  let down = false;
  let reconnects = 0;
  for (const c of [publishClient, subscribeClient]) {
    c.on("reconnecting", () => reconnects++);
    c.on("error", (err: Error) => {
      if (!down) logger.warn({ err: err.message }, "redis error: reconnecting with backoff; events wait or are counted as lost");
      down = true;
    });
    c.on("ready", () => {
      if (down) logger.info("redis reconnected");
      down = false;
    });
  }
  await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  const lost = (channel: string) => onLost(channelPrefix && channel.startsWith(channelPrefix) ? channel.slice(channelPrefix.length) : channel);
  const eventTarget = prefixedEventTarget(redisEventTarget(publishClient, subscribeClient, logger, lost), channelPrefix);
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
  const counting = new PeriodicJob({ intervalMs: 1000, run: refresh, onError: () => undefined }).start();
  return {
    eventTarget,
    remoteSubscribers: (topic) => counts.get(channelPrefix + topic) ?? 0,
    reconnectAttempts: () => reconnects,
    async close() {
      await counting.stop();
      await Promise.all([publishClient.quit().catch(() => undefined), subscribeClient.quit().catch(() => undefined)]);
    },
  };
}
