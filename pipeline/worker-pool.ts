/**
 * A fixed pool of training workers fed from one queue. Workers are threads by default; with
 * `lowPriority` (training inside the server) they are child processes at the lowest CPU priority
 * (nice 19), so a training job only gets the cores serving leaves idle and predict latency holds.
 * Size 0 runs every task inline on the calling thread (tests, tiny jobs). From TypeScript sources
 * workers load through tsx; compiled, they run the JavaScript directly.
 */
import { type ChildProcess, fork } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { workerStart } from "./worker-url.ts";
import { type Task, type TaskData, type TaskResult, runTask } from "./tasks.ts";

interface Pending {
  task: Task;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** What the pool needs of a worker, thread or process. */
interface Channel {
  post(message: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<unknown>;
}

export class TaskPool {
  private readonly channels: Channel[] = [];
  private readonly idle: Channel[] = [];
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<Channel, Pending>();
  private closed = false;

  constructor(
    private readonly data: TaskData,
    readonly size: number,
    options: { lowPriority?: boolean } = {},
  ) {
    const fromSources = import.meta.url.endsWith(".ts");
    const entry = new URL(fromSources ? "./worker.ts" : "./worker.js", import.meta.url);
    for (let i = 0; i < size; i++) {
      const channel = options.lowPriority ? this.spawnProcess(entry, fromSources) : this.spawnThread(entry);
      channel.unref();
      this.channels.push(channel);
      this.idle.push(channel);
    }
  }

  private settle(channel: Channel, message: { result?: unknown; error?: string }): void {
    const pending = this.inFlight.get(channel);
    this.inFlight.delete(channel);
    if (pending) {
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result);
    }
    this.release(channel);
  }

  private fail(channel: Channel, err: Error): void {
    const pending = this.inFlight.get(channel);
    this.inFlight.delete(channel);
    pending?.reject(err);
  }

  private spawnThread(entry: URL): Channel {
    const start = workerStart(entry);
    const worker = new Worker(start.url, { workerData: { ...start.workerData, data: this.data } });
    const channel: Channel = { post: (m) => worker.postMessage(m), ref: () => worker.ref(), unref: () => worker.unref(), terminate: () => worker.terminate() };
    worker.on("message", (m) => this.settle(channel, m));
    worker.on("error", (err) => this.fail(channel, err));
    return channel;
  }

  private spawnProcess(entry: URL, fromSources: boolean): Channel {
    const child: ChildProcess = fork(fileURLToPath(entry), [], {
      execArgv: fromSources ? ["--import", "tsx"] : [],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    try {
      if (child.pid) setPriority(child.pid, 19);
    } catch {
      // Not permitted here: the worker runs at normal priority.
    }
    child.send({ init: this.data });
    const channel: Channel = {
      post: (m) => child.send(m as never),
      ref: () => {
        child.ref();
        child.channel?.ref();
      },
      unref: () => {
        child.unref();
        child.channel?.unref();
      },
      terminate: async () => {
        child.kill();
      },
    };
    child.on("message", (m) => this.settle(channel, m as { result?: unknown; error?: string }));
    child.on("error", (err) => this.fail(channel, err));
    child.on("exit", (code) => {
      if (!this.closed) this.fail(channel, new Error(`training worker process exited with code ${code}`));
    });
    return channel;
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
      const channel = this.idle.pop() as Channel;
      const pending = this.queue.shift() as Pending;
      this.inFlight.set(channel, pending);
      channel.ref();
      channel.post({ id: 0, task: pending.task });
    }
  }

  private release(channel: Channel): void {
    channel.unref();
    this.idle.push(channel);
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("the task pool was closed"));
    await Promise.all(this.channels.map((c) => c.terminate()));
  }
}
