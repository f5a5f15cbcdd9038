/**
 * Layers point one way: models/ (estimators) <- pipeline/ (training library) <- src/ (server, CLI).
 * Fails when a file under models/ imports pipeline/ or src/, or a file under pipeline/ imports
 * src/ — static imports, re-exports, dynamic import() and require().
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["'`]([^"'`]+)["'`]/g;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|mts|js|mjs)$/.test(f))
    .map((f) => join(dir, f));
}

/** Every relative import of a file, as a path from the repository root. */
function importsOf(file: string, text = readFileSync(join(root, file), "utf8")): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] as string).filter((s) => s.startsWith(".")).map((s) => relative(root, resolve(root, dirname(file), s)));
}

const FORBIDDEN: Record<string, string[]> = { models: ["pipeline", "src"], pipeline: ["src"] };

describe("layers", () => {
  it("the check sees static, dynamic and require imports", () => {
    const text = `import { a } from "../src/x.ts";\nexport * from '../src/y.ts';\nconst z = await import("../src/z.ts");\nrequire("../src/w.js");\nimport "../src/side.ts";`;
    expect(importsOf("pipeline/f.ts", text)).toEqual(["src/x.ts", "src/y.ts", "src/z.ts", "src/w.js", "src/side.ts"]);
  });

  it.each(Object.entries(FORBIDDEN))("nothing under %s/ imports a layer above it", (layer, above) => {
    const files = sources(layer);
    expect(files.length).toBeGreaterThan(3);
    const upward = files.flatMap((file) => importsOf(file).filter((target) => above.some((a) => target === a || target.startsWith(`${a}/`))).map((target) => `${file} -> ${target}`));
    expect(upward).toEqual([]);
  });
});
