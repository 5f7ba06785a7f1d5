import { readConfig, type AppConfig } from "@/lib/env.ts";
import { createLogger } from "@/lib/logger.ts";
import { createAppServer, type AppServer } from "@/server/create-app-server.ts";
import type { TestStorage } from "./databases.ts";

export type RunningApp = { url: string; server: AppServer; close(): Promise<void> };

/** The real server (production build, port 0) on the given storage, as `npm start` runs it. */
export async function startApp(storage: TestStorage, overrides: Partial<AppConfig> = {}): Promise<RunningApp> {
  const config = {
    ...readConfig({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATA_DIR: storage.dataDir }),
    databaseUrl: storage.databaseUrl,
    ...overrides,
  };
  // As server/main.ts does when PUBLIC_URL is unset: next-auth takes the origin from the request.
  process.env.AUTH_TRUST_HOST = "true";
  const server = await createAppServer({ config, logger: createLogger("silent") });
  const { url } = await server.listen();
  return { url, server, close: () => server.close() };
}
