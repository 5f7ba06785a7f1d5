import type { Instrumentation } from "next";
import { getAppContext } from "@/lib/app-context.ts";
import { requestIdOf } from "@/lib/http/request-id.ts";

/**
 * Errors Next.js catches itself (a page that fails to render, a route handler or server action
 * that throws) reach the structured log here, with the id the server stamped on the request.
 * Next's own console output of them is off in production (the server runs it `quiet`).
 */
export const onRequestError: Instrumentation.onRequestError = (error, request, context) => {
  getAppContext().logger.error(
    { err: error, reqId: requestIdOf(request.headers), method: request.method, path: request.path.split("?")[0], route: context.routePath, kind: context.routeType },
    "request failed inside Next.js",
  );
};
