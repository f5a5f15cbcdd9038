/**
 * The documentation's walk-throughs as data: the fenced `sh` blocks marked for replay, in the
 * order a reader meets them. A block is replayed when the line before its fence is
 * `<!-- replay -->` (run in the reader's shell, after the blocks before it) or
 * `<!-- replay: server -->` (the server's terminal: started in the background, waited for on /readyz).
 */
import { readFileSync } from "node:fs";

export interface ReplayBlock {
  file: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
  kind: "shell" | "server";
  text: string;
}

/** The walk-throughs in reading order: the README's first hour, then the docs it sends the reader to. */
export const WALKTHROUGH_FILES = ["README.md", "docs/training.md", "docs/challengers.md", "docs/data-and-lineage.md"];

const MARKED_BLOCK = /^<!-- replay(: server)? -->\n```(?:sh|bash)\n([\s\S]*?)^```$/gm;

export function replayBlocks(file: string, markdown = readFileSync(file, "utf8")): ReplayBlock[] {
  const blocks: ReplayBlock[] = [];
  for (const match of markdown.matchAll(MARKED_BLOCK)) {
    const line = markdown.slice(0, match.index).split("\n").length + 1;
    blocks.push({ file, line, kind: match[1] ? "server" : "shell", text: match[2] as string });
  }
  // A marker not followed by a sh fence would silently drop a block from the replay.
  const markers = markdown.match(/^<!-- replay(: server)? -->$/gm)?.length ?? 0;
  if (markers !== blocks.length) throw new Error(`${file}: ${markers} replay markers but ${blocks.length} marked \`\`\`sh blocks`);
  return blocks;
}

/** The documented address (http://127.0.0.1:4000, localhost:4000) becomes the server the test started. */
export function pointAt(text: string, url: string): string {
  const hostPort = url.replace(/^https?:\/\//, "");
  return text.replace(/(http:\/\/)?(127\.0\.0\.1|localhost):4000\b/g, (_m, scheme: string | undefined) => `${scheme ?? ""}${hostPort}`);
}
