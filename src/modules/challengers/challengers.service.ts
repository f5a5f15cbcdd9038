/**
 * Challenger lifecycle and reports: set (only a version that loads and passed the quality gate's
 * R² floor), clear, read, compare with the champion, stream the comparison (throttled), and hand
 * the evidence to a promotion of the challenger, which ends the challenge in the same transaction.
 * Every change is a ModelEvent, moves the registry alias "challenger", and is published so every
 * replica re-reads it at once (polling is the fallback).
 */
import type { Db } from "../../db/client.ts";
import { parseJsonText, toJsonText } from "../../db/json.ts";
import { BadUserInputError, ConflictError, NotFoundError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import { type DomusPubSub, Topic } from "../../pubsub.ts";
import { toServingModel } from "../models/model-store.ts";
import type { ModelsService } from "../models/models.service.ts";
import { type EventsOutbox, recordEvent } from "../events/outbox.ts";
import type { PromotionHook, Tx } from "../models/registry.service.ts";
import { type Challenger, ChallengerMode, type ChallengerReport } from "./challenger.type.ts";
import type { ChallengerRouter } from "./challenger-router.ts";
import { challengerVerdict, pairedTestFromSums } from "./paired-test.ts";
import type { PerformanceService } from "./performance.service.ts";
import { writeTransaction } from "../../db/retry.ts";

export const CHALLENGER_ALIAS = "challenger";
/** Contract: a canary answers 0 < p <= 50 percent of requests. */
export const MAX_CANARY_PERCENT = 50;

export interface ChallengerOptions {
  /** QUALITY_GATE_MIN_R2: the floor a challenger's test R² must reach. */
  minTestR2: number;
  minPairedOutcomes: number;
  significance: number;
  reportThrottleMs: number;
}

/** What a ChallengersService is built from: its dependencies and its ChallengerOptions. */
export interface ChallengersServiceOptions extends ChallengerOptions {
  db: Db;
  router: ChallengerRouter;
  models: ModelsService;
  performance: PerformanceService;
  pubsub: DomusPubSub;
  events: EventsOutbox;
  logger: Logger;
  /** Default: the wall clock. */
  clock?: () => Date;
}

async function moveAlias(tx: Tx, modelVersionId: string, present: boolean): Promise<void> {
  const row = await tx.modelVersion.findUniqueOrThrow({ where: { id: modelVersionId }, select: { aliases: true } });
  const aliases = parseJsonText<string[]>(row.aliases, []).filter((a) => a !== CHALLENGER_ALIAS);
  if (present) aliases.push(CHALLENGER_ALIAS);
  await tx.modelVersion.update({ where: { id: modelVersionId }, data: { aliases: toJsonText(aliases) } });
}

export class ChallengersService implements PromotionHook {
  private publishTimer: NodeJS.Timeout | null = null;
  private lastPublished = 0;

  private readonly db: Db;
  private readonly router: ChallengerRouter;
  private readonly models: ModelsService;
  private readonly performance: PerformanceService;
  private readonly pubsub: DomusPubSub;
  private readonly events: EventsOutbox;
  private readonly logger: Logger;
  private readonly options: ChallengerOptions;
  private readonly clock: () => Date;

  constructor({ db, router, models, performance, pubsub, events, logger, clock = () => new Date(), ...options }: ChallengersServiceOptions) {
    this.db = db;
    this.router = router;
    this.models = models;
    this.performance = performance;
    this.pubsub = pubsub;
    this.events = events;
    this.logger = logger;
    this.options = options;
    this.clock = clock;
  }

  private get defaultName(): string {
    return this.models.defaultName;
  }

  async get(name?: string | null): Promise<Challenger | null> {
    const modelName = name ?? this.defaultName;
    const row = await this.db.modelChallenger.findUnique({ where: { name: modelName }, select: { mode: true, trafficPercent: true, since: true, modelVersionRef: { select: { version: true } } } });
    if (!row) return null;
    const modelVersion = await this.models.get(row.modelVersionRef.version, modelName);
    if (!modelVersion) return null;
    return { modelVersion, mode: row.mode as ChallengerMode, trafficPercent: row.trafficPercent, since: row.since };
  }

  async set(version: number, mode: ChallengerMode, trafficPercent: number | null | undefined, name: string | null | undefined, apiKeyId: string | null): Promise<Challenger> {
    const modelName = name ?? this.defaultName;
    const percent = trafficPercent ?? 0;
    if (!Number.isInteger(version) || version < 1) throw new BadUserInputError("version must be a positive integer", [{ field: "version", message: "must be >= 1" }]);
    if (mode === ChallengerMode.SHADOW && percent !== 0) {
      throw new BadUserInputError("a SHADOW challenger answers no traffic: trafficPercent must be 0", [{ field: "trafficPercent", message: "must be 0 for SHADOW" }]);
    }
    if (mode === ChallengerMode.CANARY && !(percent > 0 && percent <= MAX_CANARY_PERCENT)) {
      throw new BadUserInputError(`a CANARY challenger needs 0 < trafficPercent <= ${MAX_CANARY_PERCENT}, got ${percent}`, [{ field: "trafficPercent", message: `must be > 0 and <= ${MAX_CANARY_PERCENT}` }]);
    }
    const target = await this.db.modelVersion.findUnique({
      where: { name_version: { name: modelName, version } },
      select: { id: true, name: true, version: true, status: true, algorithm: true, artifact: true, artifactSha256: true, referenceStats: true, metrics: true },
    });
    if (!target) throw new NotFoundError(`model ${modelName} has no version ${version}`);
    if (target.status === "CHAMPION") throw new ConflictError(`version ${version} of ${modelName} is the champion; a challenger must be another version`);
    const testR2 = parseJsonText<Record<string, number>>(target.metrics, {}).test_r2;
    if (!(typeof testR2 === "number" && testR2 >= this.options.minTestR2)) {
      throw new ConflictError(`version ${version} of ${modelName} has test R² ${typeof testR2 === "number" ? testR2.toFixed(4) : "unknown"}, below the quality gate's floor ${this.options.minTestR2} (QUALITY_GATE_MIN_R2)`);
    }
    try {
      toServingModel(target);
    } catch (err) {
      throw new ConflictError(`version ${version} cannot be a challenger: its artifact does not load (${(err as Error).message})`);
    }
    const champion = await this.db.modelVersion.findFirst({ where: { name: modelName, status: "CHAMPION" }, select: { id: true } });
    if (!champion) throw new ConflictError(`model ${modelName} has no champion to challenge`);

    await writeTransaction(this.db, async (tx) => {
      const previous = await tx.modelChallenger.findUnique({ where: { name: modelName }, select: { modelVersionId: true } });
      const sameVersion = previous?.modelVersionId === target.id;
      if (previous && !sameVersion) await moveAlias(tx, previous.modelVersionId, false);
      await tx.modelChallenger.upsert({
        where: { name: modelName },
        create: { name: modelName, modelVersionId: target.id, mode, trafficPercent: percent, since: this.clock(), apiKeyId },
        // The same version keeps its `since` (a switch from SHADOW to CANARY keeps its evidence window).
        update: { mode, trafficPercent: percent, apiKeyId, ...(sameVersion ? {} : { modelVersionId: target.id, since: this.clock() }) },
      });
      await moveAlias(tx, target.id, true);
      await recordEvent(tx, Topic.ChallengerChanged, { name: modelName });
      await tx.modelEvent.create({
        data: { modelVersionId: target.id, action: "CHALLENGER_SET", fromStatus: target.status, toStatus: target.status, reason: mode === ChallengerMode.CANARY ? `CANARY ${percent}%` : "SHADOW", apiKeyId },
      });
    });
    await this.changed();
    this.logger.info({ name: modelName, version, mode, trafficPercent: percent }, "challenger set");
    return (await this.get(modelName)) as Challenger;
  }

  async clear(name: string | null | undefined, apiKeyId: string | null): Promise<boolean> {
    const modelName = name ?? this.defaultName;
    const cleared = await writeTransaction(this.db, (tx) => this.clearInTransaction(tx, modelName, "clearChallenger", apiKeyId));
    if (cleared) await this.changed();
    return cleared;
  }

  private async clearInTransaction(tx: Tx, name: string, reason: string, apiKeyId: string | null, details: string | null = null): Promise<boolean> {
    const row = await tx.modelChallenger.findUnique({ where: { name }, select: { modelVersionId: true, modelVersionRef: { select: { status: true } } } });
    if (!row) return false;
    await moveAlias(tx, row.modelVersionId, false);
    await tx.modelChallenger.delete({ where: { name } });
    await recordEvent(tx, Topic.ChallengerChanged, { name });
    const status = row.modelVersionRef.status;
    await tx.modelEvent.create({ data: { modelVersionId: row.modelVersionId, action: "CHALLENGER_CLEARED", fromStatus: status, toStatus: status, reason, details, apiKeyId } });
    return true;
  }

  /** Every replica re-reads the challenger (this one at once; the others from the outbox event written with the change). */
  private async changed(): Promise<void> {
    await this.router.refresh();
    await this.events.poll();
    this.touch();
  }

  /** Champion and challenger over [since (default: when the challenger was set), now); null without a challenger. */
  async report(since?: Date | null, name?: string | null): Promise<ChallengerReport | null> {
    const modelName = name ?? this.defaultName;
    const challenger = await this.get(modelName);
    if (!challenger) return null;
    const champion = await this.models.champion(modelName);
    const window = this.performance.window(since ?? challenger.since, null);
    const { champion: championPerformance, candidate, pairs } = await this.performance.compare(modelName, window, champion?.version ?? 0, challenger.modelVersion.version);
    const pairedOutcomes = pairs.differences.n;
    const enough = pairedOutcomes >= this.options.minPairedOutcomes && pairedOutcomes >= 2;
    const test = enough ? pairedTestFromSums(pairs.differences.n, pairs.differences.sum, pairs.differences.sumSq) : null;
    return {
      challenger,
      champion: championPerformance,
      candidate,
      pairedRows: pairs.pairedRows,
      pairedOutcomes,
      meanAbsDifference: pairs.meanAbsDifference,
      pValue: test ? test.pValue : null,
      verdict: challengerVerdict(test, pairedOutcomes, { minPairs: this.options.minPairedOutcomes, significance: this.options.significance }),
    };
  }

  /** Something that may change the report happened: publish a fresh one, at most once per throttle interval, if anyone listens. */
  touch(): void {
    if (this.publishTimer || !this.pubsub.hasSubscribers(Topic.ChallengerReportUpdated)) return;
    const wait = Math.max(0, this.lastPublished + this.options.reportThrottleMs - Date.now());
    this.publishTimer = setTimeout(() => void this.publishReport(), wait);
    this.publishTimer.unref();
  }

  private async publishReport(): Promise<void> {
    this.lastPublished = Date.now();
    try {
      const report = await this.report();
      if (report) this.pubsub.publish(Topic.ChallengerReportUpdated, report);
    } catch (err) {
      this.logger.warn({ err }, "challenger report could not be published");
    } finally {
      this.publishTimer = null;
    }
  }

  stop(): void {
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
  }

  // PromotionHook: promoting the challenger ends the challenge and keeps the report it was decided on.

  async isChallenger(name: string, version: number): Promise<boolean> {
    const row = await this.db.modelChallenger.findUnique({ where: { name }, select: { modelVersionRef: { select: { version: true } } } });
    return row?.modelVersionRef.version === version;
  }

  async beforePromotion(name: string, version: number): Promise<string | null> {
    const current = await this.get(name);
    if (current?.modelVersion.version !== version) return null;
    const report = await this.report(null, name);
    return report ? toJsonText({ challengerReport: report }) : null;
  }

  async inPromotion(tx: Tx, name: string, version: number, apiKeyId: string | null, details: string | null): Promise<void> {
    const row = await tx.modelChallenger.findUnique({ where: { name }, select: { modelVersionRef: { select: { version: true } } } });
    if (row?.modelVersionRef.version === version) await this.clearInTransaction(tx, name, `promoted to champion`, apiKeyId, details);
  }

  async afterPromotion(name: string): Promise<void> {
    await this.changed();
  }
}
