/** The HTTP front's request-target split gives what WHATWG URL gives, on its fast path and off it. */
import { describe, expect, it } from "vitest";
import { splitTarget } from "../../src/server/http.ts";

const TARGETS = [
  "/graphql",
  "/graphql?query=%7Bx%7D",
  "/graphql?",
  "/graphql?a=b c",
  "/graphql?query={health{status}}",
  "/graphql?query=mutation+x&variables=1",
  "/a/../graphql",
  "/a/./b",
  "/a/.hidden",
  "//x",
  "/artifacts/ab%20c?expires=1&signature=z",
  "/artifacts/0192a3b4-c5d6-7e8f?expires=1767225600&signature=AbC-_9",
  "/x#f",
  "/x?y#f",
  "/é",
  "/p;q?x='1'",
  "/p'q?x=(1)*!",
  "/a?b?c",
  "http://h/graphql?x=1",
  "/healthz",
];

describe("splitTarget", () => {
  it("gives WHATWG URL's pathname and search", () => {
    // Every printable ASCII character in the path and in the query, besides the listed targets.
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
    const targets = [...TARGETS, ...printable.flatMap((c) => [`/a${c}b`, `/a?b${c}c`, `/a?${c}`])];
    for (const target of targets) {
      const url = new URL(target, "http://localhost");
      expect(splitTarget(target), target).toEqual({ path: url.pathname, search: url.search });
    }
  });
});
