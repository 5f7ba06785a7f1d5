import type { AppConfig } from "@/lib/env.ts";
import { lookupThroughServers } from "./dns-servers.ts";
import type { FetchOptions } from "./fetch-article-page.ts";

/** How the running server fetches articles: through IMPORT_DNS_SERVERS when set, else the system resolver. */
export function importFetchOptions(config: Pick<AppConfig, "importDnsServers">): FetchOptions {
  return config.importDnsServers.length > 0 ? { lookup: lookupThroughServers(config.importDnsServers) } : {};
}
