/** A raw graphql-transport-ws client for tests that need close codes and exact messages. */
import WebSocket from "ws";

export interface WsMessage {
  id?: string;
  type: string;
  payload?: any;
}

export class RawSocket {
  readonly messages: WsMessage[] = [];
  closeCode: number | null = null;
  closeReason = "";
  private waiters: (() => void)[] = [];
  private nextId = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.messages.push(JSON.parse(String(data)) as WsMessage);
      this.wake();
    });
    ws.on("close", (code, reason) => {
      this.closeCode = code;
      this.closeReason = String(reason);
      this.wake();
    });
    ws.on("error", () => this.wake());
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Connects and, with `apiKey` !== undefined, sends connection_init; resolves once acknowledged or closed. */
  static async open(baseUrl: string, apiKey?: string | null, headers: Record<string, string> = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/graphql`, "graphql-transport-ws", { headers });
    const socket = new RawSocket(ws);
    await socket.until(() => ws.readyState === WebSocket.OPEN || socket.closeCode !== null);
    if (apiKey === undefined || socket.closeCode !== null) return socket;
    ws.send(JSON.stringify({ type: "connection_init", payload: apiKey === null ? {} : { apiKey } }));
    await socket.until(() => socket.messages.some((m) => m.type === "connection_ack") || socket.closeCode !== null);
    return socket;
  }

  get acknowledged(): boolean {
    return this.messages.some((m) => m.type === "connection_ack") && this.closeCode === null;
  }

  /** Waits (polling messages, never a fixed sleep) until `done()` or the deadline. */
  async until(done: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms (close ${this.closeCode}, ${this.messages.length} messages)`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  /** Sends a subscribe message; returns its id. */
  subscribe(query: string, variables?: Record<string, unknown>): string {
    const id = String(++this.nextId);
    this.ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
    return id;
  }

  of(id: string): WsMessage[] {
    return this.messages.filter((m) => m.id === id);
  }

  /** Runs one operation: its first `next` payload, or its `error` payload (an array of errors). */
  async request(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: { message: string; extensions: { code: string; [k: string]: unknown } }[] }> {
    const id = this.subscribe(query, variables);
    await this.until(() => this.of(id).some((m) => m.type === "next" || m.type === "error") || this.closeCode !== null);
    const first = this.of(id).find((m) => m.type === "next" || m.type === "error");
    if (!first) throw new Error(`socket closed (${this.closeCode} ${this.closeReason}) before an answer`);
    return first.type === "error" ? { errors: first.payload } : first.payload;
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Runs `work` while polling GET /healthz; every poll must be answered (200) within its deadline.
 * Returns the work's result and how many polls were answered (no timing is asserted beyond that).
 */
export async function whileHealthzAnswers<T>(baseUrl: string, work: () => Promise<T>, deadlineMs = 10_000): Promise<{ result: T; polls: number }> {
  let done = false;
  let polls = 0;
  const poller = (async () => {
    do {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(deadlineMs) });
      if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
      await res.arrayBuffer();
      polls++;
    } while (!done);
  })();
  let result: T;
  try {
    result = await work();
  } finally {
    done = true;
  }
  await poller; // rethrows a poll that was not answered
  return { result, polls };
}
