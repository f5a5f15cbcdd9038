/** When and where a bench ran, written into its results file so that docs quoting it can say so (scripts/docs-figures.mjs). */
import { cpus, hostname, totalmem } from "node:os";

export function measuredOn(): { date: string; host: string } {
  const cores = cpus();
  return {
    date: new Date().toISOString(),
    host: `${hostname()}: ${cores.length} × ${cores[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  };
}
