/** Worker-thread entry: receives the training data once, then runs tasks (pipeline/tasks.ts) on request. */
import { parentPort, workerData } from "node:worker_threads";
import { type Task, type TaskData, runTask } from "./tasks.ts";

const data = (workerData as { data: TaskData }).data;

parentPort?.on("message", (message: { id: number; task: Task }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: runTask(data, message.task) });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
});
