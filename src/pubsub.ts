/**
 * Domus's event bus: one factory, so the in-process EventTarget can be swapped for a
 * Redis-backed event target (scale-out) without touching publishers or subscribers.
 *
 * Every subscriber gets its own bounded buffer: when a slow client falls `subscriberBuffer`
 * publications (batches of events) behind, its oldest undelivered ones are dropped (sliding window), so a slow subscriber
 * never blocks or slows publishers such as predict. (@graphql-yoga/subscription's createPubSub
 * takes a single buffer *instance* and would share it between all subscribers, hence this
 * wrapper.)
 *
 * Fan-out is batched and yields: what is published in one turn of the event loop (a 200-row batch
 * is 200 predictionMade events) travels as one event per topic, and subscribers take their items
 * through one scheduler that lets at most DELIVERIES_PER_TURN through per event-loop turn, so a
 * big fan-out (hundreds of subscriptions × a batch) is spread over many turns and HTTP requests
 * (/healthz, predict) are served between them.
 */
import { Repeater, SlidingBuffer } from "@graphql-yoga/subscription";
import { setMaxListeners } from "node:events";

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

/** Deliveries to subscribers per event-loop turn, before the rest wait for the next turn. */
export const DELIVERIES_PER_TURN = 256;

/** Lets `budget` deliveries through per event-loop turn; the others wait, in order, for the next turns. */
export class FairScheduler {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly budget: number = DELIVERIES_PER_TURN) {}

  /** Undefined: go on now; a promise: wait for it first. */
  turn(): Promise<void> | undefined {
    this.schedule();
    if (this.waiting.length === 0 && this.used < this.budget) {
      this.used++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.waiting.splice(0, this.budget);
      this.used = next.length;
      for (const resume of next) resume();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}

/** Items of an iterator of batches, one at a time, each after the scheduler's turn. `return()` stops at once, even while waiting. */
function flatten<T>(batches: AsyncIterableIterator<T[]>, scheduler: FairScheduler): AsyncIterableIterator<T> {
  let batch: T[] = [];
  let index = 0;
  const finished = (): IteratorResult<T> => ({ done: true, value: undefined });
  return {
    async next() {
      while (index >= batch.length) {
        const result = await batches.next();
        if (result.done) return finished();
        batch = result.value;
        index = 0;
      }
      const wait = scheduler.turn();
      if (wait) await wait;
      if (index >= batch.length) return finished(); // returned while waiting
      return { done: false, value: batch[index++] as T };
    },
    async return() {
      batch = [];
      index = 0;
      await batches.return?.();
      return finished();
    },
    async throw(error: unknown) {
      batch = [];
      await batches.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** An EventTarget whose events carry their payload in `detail` (CustomEvent) or `data`: here always an array of payloads. */
export function createDomusPubSub(
  options: {
    subscriberBuffer?: number;
    eventTarget?: EventTarget;
    remoteSubscribers?: (topic: string) => number;
    deliveriesPerTurn?: number;
    /** Topics that stay in this process even with a shared `eventTarget` (the outbox carries them to every replica). */
    localTopics?: readonly string[];
  } = {},
): DomusPubSub {
  const shared = options.eventTarget ?? new EventTarget();
  const local = new EventTarget();
  const localTopics = new Set(options.localTopics ?? []);
  const targetOf = (topic: string): EventTarget => (localTopics.has(topic) ? local : shared);
  // One listener per subscription: 11+ predictionMade subscribers are normal, not a leak.
  for (const t of [shared, local]) if (t instanceof EventTarget) setMaxListeners(0, t);
  const capacity = options.subscriberBuffer ?? 1024;
  const counts = new Map<Topic, number>();
  const scheduler = new FairScheduler(options.deliveriesPerTurn);
  const pending = new Map<Topic, unknown[]>();
  const flush = () => {
    const topics = [...pending];
    pending.clear();
    for (const [topic, payloads] of topics) targetOf(topic).dispatchEvent(new CustomEvent(topic, { detail: payloads }));
  };
  return {
    publish(topic, payload) {
      if (pending.size === 0) queueMicrotask(flush);
      let payloads = pending.get(topic);
      if (!payloads) pending.set(topic, (payloads = []));
      payloads.push(payload);
    },
    subscribe<T>(topic: Topic) {
      const batches = new Repeater<T[]>((push, stop) => {
        const listener = (event: Event) => {
          const e = event as CustomEvent<T[]> & { data?: T[] };
          const payloads = e.detail ?? e.data;
          if (Array.isArray(payloads) && payloads.length > 0) push(payloads).catch(() => undefined);
        };
        const target = targetOf(topic);
        target.addEventListener(topic, listener);
        counts.set(topic, (counts.get(topic) ?? 0) + 1);
        stop.then(() => {
          target.removeEventListener(topic, listener);
          counts.set(topic, (counts.get(topic) ?? 1) - 1);
        });
      }, new SlidingBuffer(capacity)) as unknown as AsyncIterableIterator<T[]>;
      return flatten(batches, scheduler);
    },
    subscriberCount(topic) {
      return counts.get(topic) ?? 0;
    },
    hasSubscribers(topic) {
      return (counts.get(topic) ?? 0) > 0 || (!localTopics.has(topic) && (options.remoteSubscribers?.(topic) ?? 0) > 0);
    },
  };
}
