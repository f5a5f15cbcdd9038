/** Flag parsing shared by every `domus` command: one UsageError (exit 2), the connection flags, integers. */
import { parseArgs } from "node:util";

/** Bad flags or arguments: the CLI prints the message and the command's help, and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string }>;
export type Flags = Record<string, string | boolean | undefined>;

/** Parses flags strictly; the connection flags (--url, --api-key), --json and --help are always known. */
export function parseFlags(args: string[], options: OptionSpec): { values: Flags; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { url: { type: "string" }, "api-key": { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" }, ...options } });
    return { values: parsed.values as Flags, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A positive integer flag or argument, or a UsageError naming it. */
export function intArg(value: string | boolean | undefined, name: string): number {
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(value ?? "")}`);
  return n;
}

/** An optional positive integer flag. */
export function optionalInt(value: string | boolean | undefined, name: string): number | undefined {
  return value === undefined ? undefined : intArg(value, name);
}

/** A failure the user can fix (a bad input file, a missing file): printed as is, exit 1. */
export class CommandError extends Error {
  override name = "CommandError";
}
