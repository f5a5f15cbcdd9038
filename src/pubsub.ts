/**
 * Domus's event bus: one factory, so the in-process EventTarget can be swapped for a
 * Redis-backed event target (scale-out) without touching publishers or subscribers.
 *
 * Every subscriber gets its own bounded buffer: when a slow client falls `subscriberBuffer`
 * events behind, its oldest undelivered events are dropped (sliding window), so a slow subscriber
 * never blocks or slows publishers such as predict. (@graphql-yoga/subscription's createPubSub
 * takes a single buffer *instance* and would share it between all subscribers, hence this
 * wrapper.)
 */
import { Repeater, SlidingBuffer } from "@graphql-yoga/subscription";

export enum Topic {
  PredictionMade = "PREDICTION_MADE",
  DriftAlert = "DRIFT_ALERT",
  TrainingProgress = "TRAINING_PROGRESS",
  ModelPromoted = "MODEL_PROMOTED",
  ChallengerReportUpdated = "CHALLENGER_REPORT_UPDATED",
  /** Internal: a challenger was set or cleared (every replica re-reads it). */
  ChallengerChanged = "CHALLENGER_CHANGED",
  /** Internal: an API key was revoked (every replica drops it from its cache and closes its sockets). */
  KeyRevoked = "KEY_REVOKED",
}

export interface DomusPubSub {
  publish(topic: Topic, payload: unknown): void;
  /** An async iterable of the topic's payloads from now on; `return()` unsubscribes. */
  subscribe<T = unknown>(topic: Topic): AsyncIterableIterator<T>;
  /** Live subscriptions on this replica. */
  subscriberCount(topic: Topic): number;
  /** Whether anyone in the cluster listens (publishers skip building events for nobody). */
  hasSubscribers(topic: Topic): boolean;
}

/** An EventTarget whose events carry their payload in `detail` (CustomEvent) or `data`. */
export function createDomusPubSub(
  options: { subscriberBuffer?: number; eventTarget?: EventTarget; remoteSubscribers?: (topic: string) => number } = {},
): DomusPubSub {
  const target = options.eventTarget ?? new EventTarget();
  const capacity = options.subscriberBuffer ?? 1024;
  const counts = new Map<Topic, number>();
  return {
    publish(topic, payload) {
      target.dispatchEvent(new CustomEvent(topic, { detail: payload }));
    },
    subscribe<T>(topic: Topic) {
      return new Repeater<T>((push, stop) => {
        const listener = (event: Event) => {
          const e = event as CustomEvent<T> & { data?: T };
          push(e.detail ?? (e.data as T)).catch(() => undefined);
        };
        target.addEventListener(topic, listener);
        counts.set(topic, (counts.get(topic) ?? 0) + 1);
        stop.then(() => {
          target.removeEventListener(topic, listener);
          counts.set(topic, (counts.get(topic) ?? 1) - 1);
        });
      }, new SlidingBuffer(capacity)) as unknown as AsyncIterableIterator<T>;
    },
    subscriberCount(topic) {
      return counts.get(topic) ?? 0;
    },
    hasSubscribers(topic) {
      return (counts.get(topic) ?? 0) > 0 || (options.remoteSubscribers?.(topic) ?? 0) > 0;
    },
  };
}
