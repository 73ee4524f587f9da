# aigov in a container: docker build -t aigov . && docker run --env-file aigov.env -v aigov-data:/data -p 3000:3000 aigov
# test/deploy/production-install.test.ts runs these same steps outside a container and checks this file.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The dependencies first, so that a change to the sources alone reuses this layer. The build (prepare)
# cannot run yet: the sources are not here.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# npm pack builds dist/ through prepare and keeps only the package's `files`: what `npm install aigov` would get.
RUN npm pack --pack-destination /tmp \
 && mkdir /app \
 && tar xzf /tmp/aigov-*.tgz -C /app --strip-components=1 \
 && cp package-lock.json /app/
WORKDIR /app
# The runtime dependencies at the locked versions. --ignore-scripts skips aigov's own prepare, which needs
# the compiler; better-sqlite3 has no install script (it loads a binary from its prebuilds/ folder).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=/data/aigov.sqlite
WORKDIR /app
# Owned by root, so the bot cannot rewrite its own code.
COPY --from=build /app ./
# A named volume starts with this directory's owner, so the bot (user node) can write its database there.
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# Slim images have no curl; node asks the bot itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 without an init: the bot handles SIGTERM and SIGINT itself (a PID 1 without handlers would
# ignore them), and it starts no child processes, so there are no zombies to reap.
CMD ["node", "dist/src/cli/run.js", "start"]
