/** Validation of requested interval levels: one rule and one message for every operation. */
import { MAX_LEVEL, MIN_LEVEL } from "../../../models/conformal.ts";
import { BadUserInputError } from "../../errors.ts";

/** The level, or BAD_USER_INPUT naming `field` when it is not a number in [0.5, 0.99]. */
export function checkLevel(level: number, field: string): number {
  if (!(typeof level === "number" && level >= MIN_LEVEL && level <= MAX_LEVEL)) {
    const message = `${field} must be between ${MIN_LEVEL} and ${MAX_LEVEL}, got ${level}`;
    throw new BadUserInputError(message, [{ field, message }]);
  }
  return level;
}

export function checkLevels(levels: readonly number[], field: string): number[] {
  if (levels.length === 0 || levels.length > 20) throw new BadUserInputError(`${field} must hold 1 to 20 levels`, [{ field, message: "1 to 20 levels" }]);
  return levels.map((level, i) => checkLevel(level, `${field}.${i}`));
}
