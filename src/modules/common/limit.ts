/**
 * Every list field is bounded: a `limit` argument (default 100, at most MAX_LIST_LIMIT) that the
 * cost model reads (src/server/cost.ts `sizeArgument: "limit"`), so a long-lived registry never
 * answers with thousands of rows by surprise, and a client asking for more is told so.
 */
import { Arg, Int } from "type-graphql";
import { BadUserInputError } from "../../errors.ts";

export const MAX_LIST_LIMIT = 500;
export const DEFAULT_LIST_LIMIT = 100;

/** The `limit` argument of a list of `what` (e.g. "experiments, newest first"). */
export function LimitArg(what: string, defaultValue = DEFAULT_LIST_LIMIT): ReturnType<typeof Arg> {
  return Arg("limit", () => Int, { nullable: true, defaultValue, description: `At most this many ${what} (1–${MAX_LIST_LIMIT}, default ${defaultValue}).` });
}

/** The checked limit: BAD_USER_INPUT naming `limit` outside 1–MAX_LIST_LIMIT. */
export function checkedLimit(limit: number | null | undefined, defaultValue = DEFAULT_LIST_LIMIT): number {
  const value = limit ?? defaultValue;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIST_LIMIT) {
    throw new BadUserInputError(`limit must be from 1 to ${MAX_LIST_LIMIT}, got ${value}`, [{ field: "limit", message: `must be from 1 to ${MAX_LIST_LIMIT}` }]);
  }
  return value;
}
