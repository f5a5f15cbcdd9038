/**
 * Registry writes: promotion and rollback. A promotion archives the current champion and makes
 * the target champion in one transaction (a partial unique index guarantees one champion per
 * model name even across replicas), records ModelEvents and a `modelPromoted` outbox event (every
 * server, this one included, publishes it from the outbox after swapping its serving champion). Requests in flight keep the model they started with; the swap is one
 * reference assignment, so no request fails during it.
 */
import { isUniqueViolation } from "../../db/availability.ts";
import type { Db } from "../../db/client.ts";
import { parseJsonText, toJsonText } from "../../db/json.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { Topic } from "../../pubsub.ts";
import { type EventsOutbox, recordEvent } from "../events/outbox.ts";
import type { ModelVersion } from "./model-version.type.ts";
import { type ModelStore, SERVING_SELECT, toServingModel } from "./model-store.ts";
import type { ModelsService } from "./models.service.ts";
import { writeTransaction } from "../../db/retry.ts";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface PromotionRequest {
  name: string;
  version: number;
  action: "PROMOTED" | "ROLLED_BACK";
  reason: string;
  apiKeyId?: string | null;
  /** JSON evidence stored with the promotion's ModelEvent (e.g. the challenger report). */
  details?: string | null;
}

/** Lets another module take part in promote/rollback (src/modules/challengers ends a challenge the promotion decides). */
export interface PromotionHook {
  /** Whether `version` is the challenger of `name` (a version the gate rejected may be promoted as one). */
  isChallenger(name: string, version: number): Promise<boolean>;
  /** Read before the transaction: evidence to store with the promotion, or null. */
  beforePromotion(name: string, version: number): Promise<string | null>;
  /** Inside the promotion's transaction. */
  inPromotion(tx: Tx, name: string, version: number, apiKeyId: string | null, details: string | null): Promise<void>;
  afterPromotion(name: string): Promise<void>;
}

/**
 * Makes `targetId` the champion of its model inside `tx`: the current champion (if another) is
 * archived. Shared by the pipeline's registration and the promote/rollback mutations.
 */
export async function promoteInTransaction(tx: Tx, target: { id: string; name: string; status: string }, request: Omit<PromotionRequest, "name" | "version">): Promise<void> {
  const now = new Date();
  const current = await tx.modelVersion.findFirst({ where: { name: target.name, status: "CHAMPION" }, select: { id: true, aliases: true } });
  if (current && current.id !== target.id) {
    await tx.modelVersion.update({
      where: { id: current.id },
      data: { status: "ARCHIVED", aliases: toJsonText(parseJsonText<string[]>(current.aliases, []).filter((a) => a !== "champion")) },
    });
    await tx.modelEvent.create({
      data: { modelVersionId: current.id, action: "ARCHIVED", fromStatus: "CHAMPION", toStatus: "ARCHIVED", reason: `replaced by ${target.id}`, apiKeyId: request.apiKeyId ?? null },
    });
  }
  const row = await tx.modelVersion.findUniqueOrThrow({ where: { id: target.id }, select: { aliases: true, version: true } });
  const aliases = parseJsonText<string[]>(row.aliases, []);
  await tx.modelVersion.update({
    where: { id: target.id },
    data: { status: "CHAMPION", promotedAt: now, aliases: toJsonText(["champion", ...aliases.filter((a) => a !== "champion")]) },
  });
  await tx.modelEvent.create({
    data: { modelVersionId: target.id, action: request.action, fromStatus: target.status, toStatus: "CHAMPION", reason: request.reason, details: request.details ?? null, apiKeyId: request.apiKeyId ?? null },
  });
  // Same transaction: every server hears of the promotion exactly when it exists, whichever process made it.
  await recordEvent(tx, Topic.ModelPromoted, { name: target.name, version: row.version });
}

export interface RegistryServiceOptions {
  db: Db;
  /** The serving champion, swapped at once after a promotion here. */
  store: ModelStore;
  events: EventsOutbox;
  logger: Logger;
  /** Version reads (and the default model name). */
  reads: ModelsService;
  /** Called inside a promotion's transaction (the challengers service ends a challenge). Default: none. */
  hook?: PromotionHook;
}

export class RegistryService {
  private readonly db: Db;
  private readonly store: ModelStore;
  private readonly events: EventsOutbox;
  private readonly logger: Logger;
  private readonly reads: ModelsService;
  private readonly hook?: PromotionHook;

  constructor({ db, store, events, logger, reads, hook }: RegistryServiceOptions) {
    this.db = db;
    this.store = store;
    this.events = events;
    this.logger = logger;
    this.reads = reads;
    this.hook = hook;
  }

  private get defaultName(): string {
    return this.reads.defaultName;
  }

  async promote(version: number, name: string | null | undefined, apiKeyId: string | null = null): Promise<ModelVersion> {
    const modelName = name ?? this.defaultName;
    const target = await this.db.modelVersion.findUnique({ where: { name_version: { name: modelName, version } }, select: { id: true, name: true, status: true, gate: true } });
    if (!target) throw new NotFoundError(`model ${modelName} has no version ${version}`);
    if (target.status === "CHAMPION") throw new ConflictError(`version ${version} of ${modelName} is already the champion`);
    // The gate's rejection compared offline test RMSE; a challenger (above the R² floor) is promoted on
    // live evidence instead, and its report is stored with the promotion.
    if (target.status === "REJECTED" && !(await this.hook?.isChallenger(modelName, version))) {
      const gate = parseJsonText<{ reason?: string } | null>(target.gate, null);
      throw new ConflictError(`version ${version} of ${modelName} was rejected by the quality gate${gate?.reason ? ` (${gate.reason})` : ""} and cannot be promoted`);
    }
    await this.assertServable(target.id, version);
    return this.apply({ name: modelName, version, action: "PROMOTED", reason: "promoteModel", apiKeyId }, target);
  }

  /** A version whose artifact does not load is never made champion. */
  private async assertServable(id: string, version: number): Promise<void> {
    const row = await this.db.modelVersion.findUnique({ where: { id }, select: SERVING_SELECT });
    if (!row) throw new NotFoundError(`model version ${version} vanished`);
    try {
      toServingModel(row);
    } catch (err) {
      throw new ConflictError(`version ${version} cannot be served: its artifact does not load (${(err as Error).message}); the current champion keeps serving`);
    }
  }

  /** Re-promotes the version that was champion before the current one. */
  async rollback(name: string | null | undefined, apiKeyId: string | null = null): Promise<ModelVersion> {
    const modelName = name ?? this.defaultName;
    const current = await this.db.modelVersion.findFirst({ where: { name: modelName, status: "CHAMPION" }, select: { id: true, version: true } });
    if (!current) throw new ConflictError(`model ${modelName} has no champion to roll back from`);
    // The most recent earlier promotion of a different version that is still servable.
    const previous = await this.db.modelEvent.findFirst({
      where: { action: { in: ["PROMOTED", "ROLLED_BACK"] }, modelVersionId: { not: current.id }, modelVersion: { name: modelName, status: "ARCHIVED" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { modelVersion: { select: { id: true, name: true, status: true, version: true } } },
    });
    if (!previous) throw new ConflictError(`model ${modelName} has no earlier champion to roll back to`);
    const target = previous.modelVersion;
    await this.assertServable(target.id, target.version);
    return this.apply({ name: modelName, version: target.version, action: "ROLLED_BACK", reason: `rollback from version ${current.version}`, apiKeyId }, target);
  }

  private async apply(request: PromotionRequest, target: { id: string; name: string; status: string }): Promise<ModelVersion> {
    const details = (await this.hook?.beforePromotion(request.name, request.version)) ?? null;
    try {
      await writeTransaction(this.db, async (tx) => {
        await promoteInTransaction(tx, target, { ...request, details });
        await this.hook?.inPromotion(tx, request.name, request.version, request.apiKeyId ?? null, details);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`another promotion of ${request.name} happened at the same time; retry`);
      throw err;
    }
    await this.store.refresh();
    await this.hook?.afterPromotion(request.name);
    const promoted = await this.reads.get(request.version, request.name);
    if (!promoted) throw new NotFoundError(`model ${request.name} version ${request.version} vanished after promotion`);
    this.logger.info({ name: request.name, version: request.version, action: request.action }, "champion changed");
    await this.events.poll();
    return promoted;
  }
}
