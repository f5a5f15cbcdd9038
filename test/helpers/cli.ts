/** Runs the `domus` binary with an environment; resolves with its exit code and output (never throws on a non-zero exit). */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export function domusRunner(env: () => NodeJS.ProcessEnv) {
  return async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, ["bin/domus.mjs", ...args], { env: env(), encoding: "utf8" });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}
