/** The production launch settings (bin/launch.mjs) are the ones the Dockerfile and `npm start` use. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVER_ENV, SERVER_NODE_FLAGS } from "../../bin/launch.mjs";

describe("server launch settings", () => {
  const dockerfile = readFileSync("Dockerfile", "utf8");
  const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;

  it("the Dockerfile's CMD passes the node flags and its ENV sets the environment", () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? "[]") as string[];
    expect(cmd.slice(0, 1 + SERVER_NODE_FLAGS.length)).toEqual(["node", ...SERVER_NODE_FLAGS]);
    const env = /^ENV (.*)$/m.exec(dockerfile)?.[1] ?? "";
    for (const [name, value] of Object.entries(SERVER_ENV)) expect(env.split(/\s+/)).toContain(`${name}=${value}`);
  });

  it("npm start sets the environment and passes the node flags", () => {
    const words = start.split(/\s+/);
    const node = words.indexOf("node");
    expect(words.slice(0, node)).toEqual(Object.entries(SERVER_ENV).map(([name, value]) => `${name}=${value}`));
    expect(words.slice(node + 1, node + 1 + SERVER_NODE_FLAGS.length)).toEqual(SERVER_NODE_FLAGS);
  });
});
