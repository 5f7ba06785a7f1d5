// Entry point: `npm start` (production build) and `npm run dev` (hot reload, with --dev).
import { readConfig } from "@/lib/env.ts";
import { createLogger } from "@/lib/logger.ts";
import { createAppServer } from "./create-app-server.ts";
import { shutDown } from "./shut-down.ts";
import { describeStartupError } from "./startup-errors.ts";

const dev = process.argv.includes("--dev");
let config;
try {
  config = readConfig();
} catch (error) {
  // No configuration, so no configured level: the default logger still says why, as JSON like every other line.
  createLogger("info").fatal(describeStartupError(error));
  process.exit(1);
}
const logger = createLogger(config.logLevel);
// next-auth reads its public address from the environment: the configured one, or else the
// Host header of each request (right for a server reached under several names on a LAN).
if (config.publicUrl) process.env.NEXTAUTH_URL = config.publicUrl;
else process.env.AUTH_TRUST_HOST = "true";

try {
  const app = await createAppServer({ config, logger, dev });
  const { url } = await app.listen();
  logger.info({ url, dev, database: app.database.kind }, `Marginalia is ready at ${url} (demo article: ${url}/demo)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal (Ctrl-C twice): the operator will not wait; say what is lost and go.
      const rooms = app.realtime.unstored();
      logger.fatal({ signal, rooms, updates: rooms.reduce((sum, room) => sum + room.updates, 0) }, "stopped at once by a second signal");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "stopping: no new connections; storing every accepted update");
    void shutDown({ close: () => app.close(), unstored: () => app.realtime.unstored() }, { timeoutMs: config.shutdownTimeoutMs, logger }).then((code) => {
      // pino writes synchronously to stdout, so the last line is out before the process ends.
      process.exit(code);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  logger.fatal(describeStartupError(error));
  process.exit(1);
}
