/**
 * Training worker entry, as a worker thread (workerData carries the training data) or as a child
 * process (the first IPC message does). Runs tasks (pipeline/tasks.ts) on request.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type Task, type TaskData, runTask } from "./tasks.ts";

type Reply = { id: number; result?: unknown; error?: string };

function handle(data: TaskData, message: { id: number; task: Task }): Reply {
  try {
    return { id: message.id, result: runTask(data, message.task) };
  } catch (err) {
    return { id: message.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

if (parentPort) {
  const data = (workerData as { data: TaskData }).data;
  parentPort.on("message", (message: { id: number; task: Task }) => parentPort?.postMessage(handle(data, message)));
} else if (process.send) {
  let data: TaskData | null = null;
  process.on("message", (message: { init?: TaskData; id: number; task: Task }) => {
    if (message.init) {
      data = message.init;
      return;
    }
    if (data) process.send?.(handle(data, message));
  });
  // The parent went away: nothing left to do.
  process.on("disconnect", () => process.exit(0));
}
