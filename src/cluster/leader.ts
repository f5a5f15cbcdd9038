/**
 * One leader per cluster for background work (automatic drift checks, retention pruning, the
 * first-start training). With PostgreSQL the leader holds a session-level advisory lock on a
 * dedicated connection: if its process dies, PostgreSQL drops the session and the lock, and
 * another replica takes it on its next attempt (every `checkMs`). Embedded SQLite means one host,
 * one process: always the leader.
 */
import pg from "pg";
import type { Logger } from "../logger.ts";
import { PeriodicJob } from "../modules/common/periodic-job.ts";

export interface LeaderElector {
  isLeader(): boolean;
  /** Tries once, then keeps trying in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function singleNodeLeader(): LeaderElector {
  return { isLeader: () => true, start: async () => undefined, stop: async () => undefined };
}

// Arbitrary constant shared by every replica: the leadership lock.
const LEADER_LOCK_KEY = 7_264_002;

export function postgresLeader(url: string, logger: Logger, options: { checkMs: number; replicaId: string }): LeaderElector {
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;

  const lose = (why: string) => {
    if (leader) logger.warn({ replica: options.replicaId, why }, "lost cluster leadership");
    leader = false;
    const c = client;
    client = null;
    c?.end().catch(() => undefined);
  };

  const attempt = async () => {
    if (stopped || leader) return;
    try {
      if (!client) {
        const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
        c.on("error", (err) => lose(err.message));
        c.on("end", () => lose("connection ended"));
        await c.connect();
        client = c;
      }
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [LEADER_LOCK_KEY]);
      if (rows[0]?.locked && !stopped) {
        leader = true;
        logger.info({ replica: options.replicaId }, "this replica is the cluster leader");
      }
    } catch (err) {
      lose((err as Error).message);
    }
  };

  // attempt() catches its own errors.
  const retry = new PeriodicJob({ intervalMs: options.checkMs, run: attempt, onError: () => undefined });
  return {
    isLeader: () => leader,
    async start() {
      await attempt();
      retry.start();
    },
    async stop() {
      stopped = true;
      await retry.stop();
      const c = client;
      client = null;
      leader = false;
      // Ending the session releases the lock for the next leader at once.
      await c?.end().catch(() => undefined);
    },
  };
}
