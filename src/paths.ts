/**
 * The package root (where package.json and prisma/ live), found by walking up from this module,
 * so sources run through tsx and the compiled dist/ both find migrations and metadata.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "domus") return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the domus package root above ${start}`);
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
/** The Boston-housing CSV shipped with Domus (the default DATA_PATH). */
export const BUNDLED_DATA_PATH = join(PACKAGE_ROOT, "data", "HousingData.csv");
export const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")).version;

/** The commit of a git checkout at the package root, read without spawning git; null elsewhere. */
function gitCommit(root: string): string | null {
  try {
    const head = readFileSync(join(root, ".git", "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return /^[0-9a-f]{40}$/.test(head) ? head : null;
    const ref = head.slice(5);
    try {
      return readFileSync(join(root, ".git", ref), "utf8").trim();
    } catch {
      const packed = readFileSync(join(root, ".git", "packed-refs"), "utf8");
      const line = packed.split("\n").find((l) => l.endsWith(` ${ref}`));
      return line ? line.slice(0, 40) : null;
    }
  } catch {
    return null;
  }
}

/** What trained a run: the package version, plus the git commit when running from a checkout (lineage). */
export const CODE_VERSION: string = (() => {
  const commit = gitCommit(PACKAGE_ROOT);
  return commit ? `${PACKAGE_VERSION}+${commit.slice(0, 12)}` : PACKAGE_VERSION;
})();
