/**
 * A fixed pool of worker threads for training tasks, fed from one queue. Size 0 runs every task
 * inline on the calling thread (tests, tiny jobs). Workers load TypeScript through tsx when
 * running from sources, plain JavaScript when compiled.
 */
import { Worker } from "node:worker_threads";
import { workerStart } from "../src/worker-url.ts";
import { type Task, type TaskData, type TaskResult, runTask } from "./tasks.ts";

interface Pending {
  task: Task;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class TaskPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private closed = false;

  constructor(
    private readonly data: TaskData,
    readonly size: number,
  ) {
    const entry = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);
    const start = workerStart(entry);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(start.url, { workerData: { ...start.workerData, data } });
      worker.unref();
      worker.on("message", (message: { result?: unknown; error?: string }) => {
        const pending = this.inFlight.get(worker);
        this.inFlight.delete(worker);
        if (pending) {
          if (message.error !== undefined) pending.reject(new Error(message.error));
          else pending.resolve(message.result);
        }
        this.release(worker);
      });
      worker.on("error", (err) => {
        const pending = this.inFlight.get(worker);
        this.inFlight.delete(worker);
        pending?.reject(err);
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run<T extends Task>(task: T): Promise<TaskResult<T>> {
    if (this.closed) return Promise.reject(new Error("the task pool is closed"));
    if (this.size === 0) {
      // Inline, but asynchronous, so callers behave the same with or without workers.
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          try {
            resolve(runTask(this.data, task));
          } catch (err) {
            reject(err);
          }
        });
      });
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const pending = this.queue.shift() as Pending;
      this.inFlight.set(worker, pending);
      worker.ref();
      worker.postMessage({ id: 0, task: pending.task });
    }
  }

  private release(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("the task pool was closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
