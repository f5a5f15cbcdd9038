/** Runs `domus serve` as a real child process (for kill -9 and signal tests), and one-shot commands. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/domus.mjs", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Spawns a server on a free port (PORT=0) and resolves once it logs its URL. */
export async function spawnServer(env: Record<string, string>, options: { cwd?: string } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, "serve"], {
    cwd: options.cwd,
    // As production runs it (the Dockerfile sets NODE_ENV=production): test mode changes what Apollo does with signals.
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "info", PORT: "0", TRAIN_ON_START: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    // A failure bound, sized for a loaded 2-core machine (tsx compiles the sources at start).
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = () => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

export async function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `domus train ARGS --workers 1 --json` in its own process, as production runs it, on a database
 * (a gate every test model passes, normal CPU priority).
 */
export function domusTrain(databaseUrl: string, args: readonly string[]): Promise<CommandResult> {
  return runNode(["bin/domus.mjs", "train", ...args, "--workers", "1", "--json"], {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    QUALITY_GATE_MIN_R2: "0",
    QUALITY_GATE_RMSE_TOLERANCE: "10",
    TRAIN_LOW_PRIORITY: "false",
    LOG_LEVEL: "warn",
  });
}

/**
 * Runs a Node script (e.g. bin/domus.mjs) to completion without blocking the test's event loop
 * (execFileSync would: on a loaded machine vitest's worker then misses its RPC deadline).
 */
export function runNode(args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, cwd, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
