#!/usr/bin/env node
/**
 * npm run test:busy: the test suite with two CPU-bound processes alongside, as on a shared CI
 * machine. The suite must stay green: its tests wait for signals, not time.
 *
 * The burners are bounded (each stops by itself after BUSY_MAX_MINUTES, default 30, or as soon as
 * this script is gone) and are killed when the suite ends, fails or is interrupted. Extra
 * arguments go to vitest (`npm run test:busy -- test/integration`). Exits with the suite's code.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const BURNERS = 2;
const maxMs = Number(process.env.BUSY_MAX_MINUTES ?? 30) * 60_000;

// Spins until its deadline, or until its parent (this script) is gone.
const burn = `
const end = Date.now() + ${maxMs};
const alive = () => { try { process.kill(${process.pid}, 0); return true; } catch { return false; } };
let x = 1;
while (Date.now() < end && alive()) {
  for (let i = 0; i < 5e6; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
}
process.exit(x === 0.5 ? 1 : 0);
`;
const burners = Array.from({ length: BURNERS }, () => spawn(process.execPath, ["-e", burn], { stdio: "ignore" }));
const stopBurners = () => {
  for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill("SIGKILL");
};
process.on("exit", stopBurners);

const vitest = createRequire(import.meta.url).resolve("vitest/vitest.mjs");
const started = Date.now();
console.log(`test:busy: ${BURNERS} CPU-bound processes (pids ${burners.map((b) => b.pid).join(", ")}) alongside the suite`);
const suite = spawn(process.execPath, [vitest, "run", ...process.argv.slice(2)], { stdio: "inherit" });

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    suite.kill(signal);
    stopBurners();
  });
}
suite.on("exit", (code, signal) => {
  stopBurners();
  const exitCode = code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 }[signal] ?? 0) : 1);
  console.log(`test:busy: suite exited with ${signal ?? `code ${code}`} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
});
