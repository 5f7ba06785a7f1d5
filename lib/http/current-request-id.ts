import { headers } from "next/headers";
import { requestIdOf } from "./request-id.ts";

/** The id the server stamped on the request being served (server actions, server components). */
export async function currentRequestId(): Promise<string | undefined> {
  try {
    return requestIdOf(await headers());
  } catch {
    // Outside a request (a script, a test): there is no id to log.
    return undefined;
  }
}
