/**
 * Time-ordered identifiers (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then random
 * bits. Rows keyed by them are inserted at the right edge of the primary-key B-tree instead of at
 * random places (cheaper writes, warmer pages), and ids sort by creation time.
 */
import { randomFillSync } from "node:crypto";

const pool = new Uint8Array(16 * 256);
let offset = pool.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
let lastMs = 0;
let sequence = 0;

export function uuidv7(now: number = Date.now()): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  // Within one millisecond, a 12-bit counter in rand_a keeps ids from this process increasing.
  sequence = now === lastMs ? (sequence + 1) & 0xfff : (b[6] as number) & 0x7f;
  lastMs = now;
  const ms = Math.floor(now);
  const hi = Math.floor(ms / 2 ** 16);
  const out = [
    HEX[(hi >>> 24) & 0xff],
    HEX[(hi >>> 16) & 0xff],
    HEX[(hi >>> 8) & 0xff],
    HEX[hi & 0xff],
    "-",
    HEX[(ms >>> 8) & 0xff],
    HEX[ms & 0xff],
    "-",
    HEX[0x70 | ((sequence >>> 8) & 0x0f)],
    HEX[sequence & 0xff],
    "-",
    HEX[0x80 | ((b[8] as number) & 0x3f)],
    HEX[b[9] as number],
    "-",
  ];
  for (let i = 10; i < 16; i++) out.push(HEX[b[i] as number]);
  return out.join("");
}
