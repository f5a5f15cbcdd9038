-- Artifacts verified (issue 24 item 4): SHA-256 of the artifact at registration, checked on every load; null for older versions.
ALTER TABLE "ModelVersion" ADD COLUMN "artifactSha256" TEXT;
