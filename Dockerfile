# syntax=docker/dockerfile:1
# Multi-stage image: build (native modules, TypeScript) → slim runtime with production deps only,
# running as the unprivileged `node` user, health-checked on /readyz.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source (no prebuilt binaries are downloaded).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
# npm ci's postinstall generates the Prisma clients and bundles the web pages.
COPY web ./web
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY pipeline ./pipeline
COPY models ./models
COPY data/HousingData.csv data/README.md ./data/
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/bin ./bin
COPY --from=build /app/web/dist ./web/dist
COPY --from=build --chown=node:node /app/data ./data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "--single-threaded-gc", "dist/src/cli.js", "serve"]
