/**
 * Artifacts verified: a model version's artifact carries the SHA-256 it had at registration, and a
 * load that finds other bytes refuses the version (a corrupted number in valid JSON would serve).
 */
import { createHash } from "node:crypto";

export function artifactSha256(artifact: string): string {
  return createHash("sha256").update(artifact, "utf8").digest("hex");
}

/** A stored artifact whose bytes no longer match the SHA-256 recorded at registration. */
export class ArtifactIntegrityError extends Error {
  constructor(
    readonly version: number,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`artifact of version ${version} fails its integrity check: SHA-256 ${actual.slice(0, 12)}… differs from ${expected.slice(0, 12)}… recorded at registration (the stored model was altered or corrupted)`);
    this.name = "ArtifactIntegrityError";
  }
}

/** Throws ArtifactIntegrityError when the row has a recorded checksum its artifact does not match; rows without one (older versions) pass. */
export function verifyArtifact(row: { version: number; artifact: string; artifactSha256: string | null }): void {
  if (row.artifactSha256 === null) return;
  const actual = artifactSha256(row.artifact);
  if (actual !== row.artifactSha256) throw new ArtifactIntegrityError(row.version, row.artifactSha256, actual);
}
