/**
 * The main-thread side of a database worker (the SQLite prediction writer, the SQLite shadow
 * writer, the SQLite read thread): one RPC protocol. Every request carries an id (> 0) and the
 * thread answers `{ id }`, `{ id, result }` or `{ id, error }`; messages posted with id 0 are not
 * answered (the chunks of a streamed batch). The thread starts on first use (or `warm()`); when it fails or exits, every
 * pending request is rejected and the next request starts a new thread.
 */
import { type ResourceLimits, type Transferable, Worker } from "node:worker_threads";

export interface WriterThreadOptions {
  /** From workerStart/siblingWorker (pipeline/worker-url.ts). */
  start: { url: URL; workerData: Record<string, unknown> };
  /** Extra workerData (the database path, settings). */
  workerData: Record<string, unknown>;
  resourceLimits?: ResourceLimits;
  /** What the thread does, for error messages ("prediction log write": "prediction log write failed: …"). */
  label: string;
}

/** A thread's answer. */
export interface WriterAnswer {
  id: number;
  result?: unknown;
  error?: string;
}

export class WriterThread<M extends object> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: (result: unknown) => void; reject: (err: Error) => void }>();

  constructor(private readonly options: WriterThreadOptions) {}

  /** Starts the thread now, so the first request does not wait for it. */
  warm(): void {
    this.thread();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Sends `message` and resolves once the thread has answered (rejects with its error). */
  request(message: M, transfer: readonly Transferable[] = []): Promise<void> {
    return this.call<unknown>(message, transfer).then(() => undefined);
  }

  /** Sends `message` and resolves with the thread's `result` (structured-cloned). */
  call<R>(message: M, transfer: readonly Transferable[] = []): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const id = this.nextId++;
      const worker = this.thread();
      this.pending.set(id, { worker, resolve: resolve as (result: unknown) => void, reject });
      worker.postMessage({ ...message, id }, [...transfer]);
    });
  }

  /** Sends `message` without an answer (id 0). */
  post(message: M, transfer: readonly Transferable[] = []): void {
    this.thread().postMessage({ ...message, id: 0 }, [...transfer]);
  }

  /** Sends the closing message (answered once the thread has closed its database), then ends the thread. */
  async close(closing: M): Promise<void> {
    const w = this.worker;
    if (!w) return;
    await this.request(closing);
    await w.terminate();
    if (this.worker === w) this.worker = null;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const { start, workerData, resourceLimits, label } = this.options;
    const w = new Worker(start.url, { workerData: { ...start.workerData, ...workerData }, ...(resourceLimits ? { resourceLimits } : {}) });
    w.on("message", (m: WriterAnswer) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`${label} failed: ${m.error}`));
      else p.resolve(m.result);
    });
    // A dying thread fails only its own requests: a new thread may already be serving the next ones.
    w.on("error", (err) => {
      if (this.worker === w) this.worker = null;
      this.failAll(w, err);
    });
    w.on("exit", (code) => {
      if (this.worker === w) this.worker = null;
      this.failAll(w, new Error(`the ${label} thread exited (code ${code})`));
    });
    this.worker = w;
    return w;
  }

  private failAll(worker: Worker, err: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker !== worker) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }
}
