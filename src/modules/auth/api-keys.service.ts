/**
 * API keys: 32 random bytes shown once, stored only as a SHA-256 hash (a fast hash is enough for
 * 256 random bits), looked up by that hash and compared in constant time. The one user-chosen
 * secret, ADMIN_API_KEY, is stored as a salted scrypt hash instead (a leaked database does not
 * give it away to a dictionary): the server knows it from its environment and recognises it in
 * memory. Stored prefixes are fixed and non-secret: "domus_" + 4 characters of a generated secret,
 * "custom_" + a random tag for ADMIN_API_KEY. Authentication is served from a short-lived in-memory LRU cache (no
 * database read per request; random keys cannot flush the valid ones, the least recently used go
 * first); revocation clears the cache entry at once, so it takes effect on the next request in
 * this process and within `cacheTtlMs` elsewhere. `lastUsedAt` is written in
 * batches (at most once per key per flush interval), not once per request.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Db } from "../../db/client.ts";
import { BadUserInputError, NotFoundError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { Topic } from "../../pubsub.ts";
import { type EventsOutbox, recordEvent } from "../events/outbox.ts";
import { Role } from "../common/enums.ts";
import type { ApiKey, ApiKeyWithSecret } from "./api-key.type.ts";
import { PeriodicFlush } from "../common/periodic-flush.ts";

export interface Principal {
  keyId: string;
  role: Role;
  name: string;
}

export const SECRET_PREFIX = "domus_";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

const GENERATED = /^domus_[A-Za-z0-9_-]{43}$/;

/** The stored, displayed prefix: never more than 4 characters of a random secret, nothing of a chosen one. */
export function keyPrefix(secret: string): string {
  return GENERATED.test(secret) ? secret.slice(0, SECRET_PREFIX.length + 4) : `custom_${randomBytes(2).toString("hex")}`;
}

const SCRYPT = "scrypt$";

/** "scrypt$<salt>$<hash>" of a user-chosen secret (node's scrypt defaults: N=16384, r=8, p=1). */
export function scryptHash(secret: string, salt: Buffer = randomBytes(16)): string {
  return `${SCRYPT}${salt.toString("hex")}$${scryptSync(secret, salt, 32).toString("hex")}`;
}

function scryptMatches(secret: string, stored: string): boolean {
  const [, salt, hash] = stored.split("$");
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, "hex");
  return timingSafeEqual(scryptSync(secret, Buffer.from(salt, "hex"), expected.length), expected);
}

type KeyRow = { id: string; name: string; role: string; prefix: string; secretHash: string; createdAt: Date; revokedAt: Date | null; lastUsedAt: Date | null };

export function toApiKey(row: KeyRow): ApiKey {
  return { id: row.id, name: row.name, role: row.role as Role, prefix: row.prefix, createdAt: row.createdAt, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt };
}

interface CacheEntry {
  principal: Principal | null;
  hash: Buffer;
}

export interface ApiKeyServiceOptions {
  db: Db;
  logger: Logger;
  /** API_KEY_CACHE_TTL_MS: how long an answer for a secret is kept in memory. Default 5000. */
  cacheTtlMs?: number;
  /** API_KEY_LAST_USED_FLUSH_MS: how often keys' lastUsedAt is written. Default 60000. */
  lastUsedFlushMs?: number;
  /** Reads the outbox at once after a revocation (this replica drops the key and closes its sockets). Default: none. */
  events?: EventsOutbox | null;
}

export class ApiKeyService {
  /** Valid and revoked keys by secret hash. */
  private readonly cache: LRUCache<string, CacheEntry>;
  /** Unknown secrets, apart: a flood of random keys evicts only other random keys, never a valid one. */
  private readonly unknown: LRUCache<string, true>;
  /** ADMIN_API_KEY, recognised in memory by its SHA-256 (the database holds only its scrypt hash). */
  private envKey: { hash: Buffer; keyId: string } | null = null;
  private readonly lastUsed: LastUsedTimes;
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly events: EventsOutbox | null;

  constructor({ db, logger, cacheTtlMs = 5000, lastUsedFlushMs = 60_000, events = null }: ApiKeyServiceOptions) {
    this.db = db;
    this.logger = logger;
    this.events = events;
    this.cache = new LRUCache<string, CacheEntry>({ max: 10_000, ttl: Math.max(1, cacheTtlMs) });
    this.unknown = new LRUCache<string, true>({ max: 10_000, ttl: Math.max(1, cacheTtlMs) });
    this.lastUsed = new LastUsedTimes(db, logger, lastUsedFlushMs);
  }

  /** Drops a key from this replica's cache (after a revocation anywhere in the cluster). */
  forget(keyId: string): void {
    for (const [hash, entry] of this.cache.entries()) if (entry.principal?.keyId === keyId) this.cache.delete(hash);
  }

  /** The cached answer for a secret without a database read: the principal, null (known bad), undefined (not cached). */
  cached(secret: string): Principal | null | undefined {
    if (secret.length > 200) return null;
    // Hashed every time (~5 µs): no plaintext secret is kept in memory to skip it.
    const hash = hashSecret(secret);
    const entry = this.cache.get(hash);
    if (!entry?.principal) return entry || this.unknown.has(hash) ? null : undefined;
    this.touch(entry.principal.keyId);
    return entry.principal;
  }

  /** The principal of a secret, or null (unknown, malformed or revoked). */
  async authenticate(secret: string | undefined | null): Promise<Principal | null> {
    if (!secret || secret.length > 200) return null;
    const hashHex = hashSecret(secret);
    if (this.unknown.has(hashHex)) return null;
    let entry = this.cache.get(hashHex);
    if (!entry) {
      const presented = Buffer.from(hashHex, "hex");
      const env = this.envKey && timingSafeEqual(presented, this.envKey.hash) ? this.envKey : null;
      const row = env ? await this.db.apiKey.findUnique({ where: { id: env.keyId } }) : await this.db.apiKey.findUnique({ where: { secretHash: hashHex } });
      if (!row) {
        this.unknown.set(hashHex, true);
        return null;
      }
      entry = {
        principal: !row.revokedAt ? { keyId: row.id, role: row.role as Role, name: row.name } : null,
        hash: env ? env.hash : Buffer.from(row.secretHash, "hex"),
      };
      this.cache.set(hashHex, entry);
    }
    // Constant-time comparison of the stored hash with the presented one.
    if (!timingSafeEqual(entry.hash, Buffer.from(hashHex, "hex")) || !entry.principal) return null;
    this.touch(entry.principal.keyId);
    return entry.principal;
  }

  private touch(keyId: string): void {
    this.lastUsed.note(keyId);
  }

  /** Writes the last-used times gathered so far. */
  flushLastUsed(): Promise<void> {
    return this.lastUsed.flush();
  }

  /** A new key with a generated secret (shown once, in the result). */
  async create(name: string, role: Role): Promise<ApiKeyWithSecret> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) throw new BadUserInputError("name must be 1 to 100 characters", [{ field: "name", message: "1..100 characters" }]);
    if (!(Object.values(Role) as string[]).includes(role)) throw new BadUserInputError(`role must be one of ${Object.values(Role).join(", ")}`, [{ field: "role", message: "unknown role" }]);
    const secret = generateSecret();
    const hash = hashSecret(secret);
    const row = await this.db.apiKey.create({ data: { name: trimmed, role, secretHash: hash, prefix: keyPrefix(secret) } });
    return { apiKey: toApiKey(row), secret };
  }

  async list(limit?: number): Promise<ApiKey[]> {
    await this.flushLastUsed();
    return (await this.db.apiKey.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...(limit ? { take: limit } : {}) })).map(toApiKey);
  }

  async revoke(id: string): Promise<ApiKey> {
    const row = await this.db.apiKey.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no API key ${id}`);
    // The revocation and its outbox event in one transaction: every server (this one at once) drops
    // the key and closes its sockets, even when the revocation came from the offline CLI.
    const updated = row.revokedAt
      ? row
      : await this.db.$transaction(async (tx) => {
          const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
          await recordEvent(tx, Topic.KeyRevoked, { keyId: id });
          return revoked;
        });
    this.forget(id);
    await this.events?.poll();
    return toApiKey(updated);
  }

  async count(): Promise<number> {
    return this.db.apiKey.count({ where: { revokedAt: null } });
  }

  /**
   * Start-up: ADMIN_API_KEY makes sure an admin key with that secret exists; with no keys at all,
   * one admin key is created and returned (the caller prints it once and writes it to a file).
   */
  async bootstrap(adminSecret: string | null): Promise<{ created: ApiKeyWithSecret | null }> {
    if (adminSecret) {
      const existing = await this.findUserChosen(adminSecret);
      const data: { secretHash?: string; prefix?: string; revokedAt?: null; role?: Role } = {};
      // Stored before as a SHA-256 (and 12 characters of it as prefix): rewritten as scrypt once.
      if (existing && !existing.secretHash.startsWith(SCRYPT)) Object.assign(data, { secretHash: scryptHash(adminSecret), prefix: keyPrefix(adminSecret) });
      if (existing && (existing.revokedAt || existing.role !== Role.ADMIN)) Object.assign(data, { revokedAt: null, role: Role.ADMIN });
      const row = !existing
        ? await this.db.apiKey.create({ data: { name: "admin (ADMIN_API_KEY)", role: Role.ADMIN, secretHash: scryptHash(adminSecret), prefix: keyPrefix(adminSecret) } })
        : Object.keys(data).length > 0
          ? await this.db.apiKey.update({ where: { id: existing.id }, data })
          : existing;
      this.envKey = { hash: Buffer.from(hashSecret(adminSecret), "hex"), keyId: row.id };
      this.forget(row.id);
      this.unknown.clear();
      return { created: null };
    }
    if ((await this.db.apiKey.count()) > 0) return { created: null };
    return { created: await this.create("admin (first start)", Role.ADMIN) };
  }

  /** The row of a user-chosen secret: stored as scrypt (a few rows to try), or from before as SHA-256. */
  private async findUserChosen(secret: string): Promise<KeyRow | null> {
    const legacy = await this.db.apiKey.findUnique({ where: { secretHash: hashSecret(secret) } });
    if (legacy) return legacy;
    const candidates = await this.db.apiKey.findMany({ where: { secretHash: { startsWith: SCRYPT } }, orderBy: { createdAt: "asc" } });
    return candidates.find((row) => scryptMatches(secret, row.secretHash)) ?? null;
  }

  async close(): Promise<void> {
    await this.flushLastUsed();
  }
}

/** Keys' last-used times, kept in memory (one per key: its latest use) and written every `flushMs`. */
class LastUsedTimes extends PeriodicFlush {
  private times = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    flushMs: number,
  ) {
    super(flushMs);
  }

  note(keyId: string): void {
    this.times.set(keyId, Date.now());
    this.schedule();
  }

  protected write(): Promise<void> | null {
    if (this.times.size === 0) return null;
    const times = this.times;
    this.times = new Map();
    return (async () => {
      for (const [id, at] of times) {
        await this.db.apiKey.updateMany({ where: { id }, data: { lastUsedAt: new Date(at) } }).catch((err) => this.logger.warn({ err }, "could not record lastUsedAt"));
      }
    })();
  }
}
