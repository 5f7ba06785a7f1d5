# syntax=docker/dockerfile:1
# Marginalia in a container: `docker build -t marginalia .`, then see compose.yaml and docs/deploy.md.
# Three stages: every dependency (to generate the Prisma client and build), the build, and a
# runtime with production dependencies only, running as the unprivileged `node` user.
#
# The server runs its TypeScript through tsx (a production dependency), exactly as `npm start`
# does: Next.js compiles the pages and route handlers into .next/, and the custom server
# (server/, lib/) is loaded by tsx at start. Compiling server/ separately would be a second
# build of lib/ with its own path aliases to keep in step with Next's, for about a second
# saved at startup.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# The postinstall script generates the Prisma client into lib/generated/prisma (no download).
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the only one the app needs is `prisma generate`, done in the build stage
# (prisma itself is a development dependency); the generated client is copied below.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NEXT_TELEMETRY_DISABLED=1
RUN mkdir -p /data && chown node:node /data
COPY --from=production-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/lib ./lib
COPY --chown=node:node server ./server
COPY --chown=node:node prisma ./prisma
COPY --chown=node:node package.json tsconfig.json next.config.js ./
USER node
# The embedded database (PGlite) lives here when DATABASE_URL is unset: keep it on a volume.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: stop accepting, store every accepted update, exit (SHUTDOWN_TIMEOUT_MS, default 30 s;
# give the container a longer stop timeout than that). node is PID 1 here, not npm, so the
# signal reaches the server itself.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/main.ts"]
