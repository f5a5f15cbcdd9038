/**
 * Time-ordered identifiers (UUID version 7, RFC 9562) from the maintained `uuid` package: 48 bits
 * of Unix milliseconds, then a 32-bit counter (seeded at random each new millisecond, incremented
 * within one; on overflow the timestamp moves on by a millisecond), then random bits. So ids from
 * one process strictly increase, however many are made in a millisecond (uuid >= 11 keeps that
 * state when v7() is called without options). Rows keyed by them are inserted at the right edge
 * of the primary-key B-tree instead of at random places (cheaper writes, warmer pages), and ids
 * sort by creation time.
 */
import { v7 } from "uuid";

export function uuidv7(): string {
  return v7();
}
