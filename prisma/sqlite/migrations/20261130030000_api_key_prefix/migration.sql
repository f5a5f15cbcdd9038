-- Key prefixes held 12 characters of the secret ("domus_" + 6). Keep a fixed, non-secret prefix:
-- "domus_" + 4 characters of a generated (random) secret; for user-chosen secrets
-- (ADMIN_API_KEY), none of it: the server rewrites that row's prefix and hash at its next start.
UPDATE "ApiKey" SET "prefix" = substr("prefix", 1, 10) WHERE substr("prefix", 1, 6) = 'domus_';
UPDATE "ApiKey" SET "prefix" = 'custom' WHERE substr("prefix", 1, 6) <> 'domus_';
