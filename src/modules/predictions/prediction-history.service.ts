/** Reads of the prediction log: keyset-paginated listing. */
import type { Db } from "../../db/client.ts";
import { parseJsonText } from "../../db/json.ts";
import { BadUserInputError } from "../../errors.ts";
import type { Prediction } from "./prediction.type.ts";
import type { PredictionConnection, PredictionFilter } from "./prediction-connection.type.ts";

export const MAX_PAGE_SIZE = 500;

type Row = {
  id: string;
  requestId: string;
  value: number;
  modelName: string;
  modelVersion: number;
  features: string;
  imputedFeatures: string;
  outOfRangeFeatures: string;
  latencyMs: number;
  createdAt: Date;
  challenger: boolean;
};

export function toPrediction(row: Row): Prediction {
  return {
    id: row.id,
    requestId: row.requestId,
    value: row.value,
    modelName: row.modelName,
    modelVersion: row.modelVersion,
    features: parseJsonText<Record<string, number | null>>(row.features, {}),
    imputedFeatures: parseJsonText<string[]>(row.imputedFeatures, []),
    outOfRangeFeatures: parseJsonText<string[]>(row.outOfRangeFeatures, []),
    latencyMs: row.latencyMs,
    createdAt: row.createdAt,
    challenger: row.challenger,
  };
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const createdAt = new Date(iso);
    // Dates a database column can hold (years 1970-9999): "+275760-09-13" is a valid JS date but not a cursor.
    const year = createdAt.getUTCFullYear();
    if (typeof id !== "string" || id.length > 64 || Number.isNaN(createdAt.getTime()) || year < 1970 || year > 9999) throw new Error("shape");
    return { createdAt, id };
  } catch {
    throw new BadUserInputError("after is not a cursor returned by this API", [{ field: "after", message: "invalid cursor" }]);
  }
}

export class PredictionHistoryService {
  constructor(private readonly db: Db) {}

  async list(filter: PredictionFilter | null | undefined, first: number, after: string | null | undefined): Promise<PredictionConnection> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`first must be from 0 to ${MAX_PAGE_SIZE}`, [{ field: "first", message: `must be 0..${MAX_PAGE_SIZE}` }]);
    }
    const where = {
      ...(filter?.modelVersion !== null && filter?.modelVersion !== undefined ? { modelVersion: filter.modelVersion } : {}),
      ...(filter?.since || filter?.until ? { createdAt: { ...(filter.since ? { gte: filter.since } : {}), ...(filter.until ? { lt: filter.until } : {}) } } : {}),
    };
    const cursor = after ? decodeCursor(after) : null;
    const page = cursor
      ? { AND: [where, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.db.prediction.findMany({
        where: page,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: first + 1,
        select: { id: true, requestId: true, value: true, modelName: true, modelVersion: true, features: true, imputedFeatures: true, outOfRangeFeatures: true, latencyMs: true, createdAt: true, challenger: true },
      }),
      this.db.prediction.count({ where }),
    ]);
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row.createdAt, row.id), node: toPrediction(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, hasPreviousPage: cursor !== null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
  }
}
