// Entry point: `npm start` (production build) and `npm run dev` (hot reload, with --dev).
import { readConfig } from "@/lib/env.ts";
import { createLogger } from "@/lib/logger.ts";
import { createAppServer } from "./create-app-server.ts";
import { describeStartupError } from "./startup-errors.ts";

const dev = process.argv.includes("--dev");
let config;
try {
  config = readConfig();
} catch (error) {
  console.error(describeStartupError(error));
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

  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "shutting down");
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "error while shutting down");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  logger.fatal(describeStartupError(error));
  process.exit(1);
}
