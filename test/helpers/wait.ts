/**
 * Waiting for signals instead of time: a probe polled until it returns something truthy, with a
 * deadline sized for a loaded 2-core machine. A fixed sleep either wastes time on an idle machine
 * or is too short on a busy one; a deadline only matters when the awaited thing never happens.
 */

/** Generous by default: the deadline is a failure bound, not an expected duration. */
export const DEFAULT_WAIT_MS = 120_000;

/**
 * Polls `probe` every `intervalMs` until it returns a truthy value (returned), or throws naming
 * `what` at the deadline (a function is called then, to describe the state it gave up in).
 */
export async function waitFor<T>(
  what: string | (() => string),
  probe: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Exclude<T, null | undefined | false | "" | 0>> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, null | undefined | false | "" | 0>;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs ?? DEFAULT_WAIT_MS} ms waiting for ${typeof what === "function" ? what() : what}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 20));
  }
}
