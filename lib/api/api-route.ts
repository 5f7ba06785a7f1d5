import { getAppContext } from "@/lib/app-context.ts";
import { authenticateApiToken } from "@/lib/auth/api-tokens/authenticate-api-token.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { PARTICIPANT_COOKIE, PARTICIPANT_TOKEN_PREFIX } from "@/lib/classroom/participant-token.ts";
import type { SessionCredentials } from "@/lib/classroom/session-caller.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, httpStatusOf } from "@/lib/errors.ts";
import { clientAddressOf } from "@/lib/http/client-address.ts";
import { isStorageFull, storageFullError } from "@/lib/db/storage-full.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import type { ApiLimiter, RequestWeight } from "@/lib/limits/api-limiter.ts";
import { assertAdmitted } from "@/lib/limits/assert-admitted.ts";
import { requestIdOf } from "@/lib/http/request-id.ts";
import { readCookie } from "@/lib/http/read-cookie.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { readJsonBody } from "./read-json-body.ts";

export type ApiContext<Params, Who = Actor> = {
  actor: Who;
  prisma: PrismaClient;
  params: Params;
  request: Request;
  /** The request body as JSON, read up to the route's size limit. */
  json(): Promise<Record<string, unknown>>;
  /** The public origin (PUBLIC_URL, or the Host the client used), without a trailing slash. */
  origin: string;
  /** Absolute URL of a page of this app, for links in responses. */
  pageUrl(path: string): string;
};

type RouteOptions = {
  maxBodyBytes?: number;
  /** Also accept application/ld+json bodies (W3C annotations). */
  acceptsJsonLd?: boolean;
  /** "heavy" for the requests that cost seconds of CPU (imports, exports): they have a tighter rate limit of their own. */
  weight?: RequestWeight;
};

export function errorResponse(error: AppError): Response {
  const headers: Record<string, string> = error.code === "UNAUTHORIZED" ? { "www-authenticate": 'Bearer realm="marginalia"' } : {};
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  const body = { error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  return Response.json(body, { status: httpStatusOf(error.code), headers });
}

/** The caller: an API token if one is sent (and it must be good), else the browser session, else nobody. */
async function resolveCaller(request: Request, prisma: PrismaClient): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match?.[1] ? await authenticateApiToken(prisma, match[1]) : null;
    if (!actor) throw new AppError("UNAUTHORIZED", "The API token is missing, malformed, revoked or unknown.");
    return actor;
  }
  return getSessionUser();
}

/**
 * What a request to a classroom session's endpoints carries: a participant token (Bearer
 * `mps_...`, or the participant cookie from a student's browser) and/or an account (API token
 * or browser session). Which of them counts for the session is decided by the domain function,
 * which reads the rows (lib/classroom/session-caller.ts). A bad API token is still refused.
 */
async function resolveSessionCredentials(request: Request, prisma: PrismaClient): Promise<SessionCredentials> {
  const authorization = request.headers.get("authorization");
  const bearer = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  if (bearer?.startsWith(PARTICIPANT_TOKEN_PREFIX)) return { participantToken: bearer, participantTokenExplicit: true, actor: null };
  if (authorization) return { participantToken: null, participantTokenExplicit: false, actor: await resolveCaller(request, prisma) };
  return { participantToken: readCookie(request.headers.get("cookie"), PARTICIPANT_COOKIE), participantTokenExplicit: false, actor: await getSessionUser() };
}

/** Whether the request presents a Bearer credential that is looked up in the database (anything but a participant token). */
function sendsApiToken(request: Request): boolean {
  const authorization = request.headers.get("authorization");
  if (authorization === null) return false;
  return !/^Bearer\s+(\S+)$/i.exec(authorization)?.[1]?.startsWith(PARTICIPANT_TOKEN_PREFIX);
}

/**
 * Resolves the caller within the rate limits: the address's budget first (and, for a Bearer
 * token, whether the address has sent too many bad ones, so a guesser costs no lookup), then
 * the caller's own budget once it is known.
 */
async function resolveWithinLimits<Who>(
  request: Request,
  limiter: ApiLimiter,
  weight: RequestWeight,
  resolve: () => Promise<Who>,
  credentialOf: (who: Who) => string | null,
): Promise<Who> {
  const address = clientAddressOf(request.headers) ?? "unknown";
  const bearer = sendsApiToken(request);
  assertAdmitted(await limiter.admitAddress(address, weight, bearer));
  let who: Who;
  try {
    who = await resolve();
  } catch (error) {
    if (bearer && error instanceof AppError && error.code === "UNAUTHORIZED") await limiter.badToken(address);
    throw error;
  }
  const credential = credentialOf(who);
  if (credential !== null) assertAdmitted(await limiter.admitCaller(credential, weight));
  return who;
}

const accountOf = (actor: Actor | null) => (actor ? `user:${actor.userId}` : null);
const sessionCallerOf = (credentials: SessionCredentials) =>
  credentials.actor && !credentials.participantTokenExplicit ? accountOf(credentials.actor) : credentials.participantToken ? `participant:${credentials.participantToken}` : null;

async function resolveActor(request: Request, prisma: PrismaClient): Promise<Actor> {
  const actor = await resolveCaller(request, prisma);
  if (!actor) throw new AppError("UNAUTHORIZED", "Send a personal API token as 'Authorization: Bearer <token>'.");
  return actor;
}

function route<Params, Who>(
  resolve: (request: Request, prisma: PrismaClient) => Promise<Who>,
  credentialOf: (who: Who) => string | null,
  handler: (context: ApiContext<Params, Who>) => Promise<Response | object>,
  options: RouteOptions,
) {
  return async (request: Request, route: { params: Promise<Params> }): Promise<Response> => {
    const { database, config, logger, apiLimiter } = getAppContext();
    try {
      const actor = await resolveWithinLimits(request, apiLimiter, options.weight ?? "normal", () => resolve(request, database.prisma), credentialOf);
      const origin = publicOrigin(request.headers, config.publicUrl);
      const result = await handler({
        actor,
        prisma: database.prisma,
        params: await route.params,
        request,
        origin,
        json: () => readJsonBody(request, options.maxBodyBytes ?? 16_384, { acceptsJsonLd: options.acceptsJsonLd ?? false }),
        pageUrl: (path) => new URL(path, origin).toString(),
      });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      const where = { err: error, reqId: requestIdOf(request.headers), method: request.method, path: new URL(request.url).pathname };
      if (isStorageFull(error)) {
        logger.error(where, "storage is full: a write was refused");
        return errorResponse(storageFullError());
      }
      logger.error(where, "API request failed");
      return errorResponse(new AppError("INTERNAL", "Something went wrong on our side. Try again in a moment."));
    }
  };
}

/**
 * Glue for REST v1 route handlers: authenticate (API token, or the browser session), run the
 * handler, and turn every failure into `{"error":{"code","message"}}` with its status. A
 * handler returns a Response, or a value to send as JSON with 200.
 */
export function apiRoute<Params>(handler: (context: ApiContext<Params>) => Promise<Response | object>, options: RouteOptions = {}) {
  return route(resolveActor, accountOf, handler, options);
}

/**
 * As apiRoute, for reads that the public demo allows without signing in: the actor is null
 * when no one is signed in (a bad API token is still refused), and the domain function decides.
 */
export function openApiRoute<Params>(handler: (context: ApiContext<Params, Actor | null>) => Promise<Response | object>, options: RouteOptions = {}) {
  return route(resolveCaller, accountOf, handler, options);
}

/** As apiRoute, for a classroom session's endpoints: teachers (accounts) and students (participant tokens) alike. */
export function sessionApiRoute<Params>(handler: (context: ApiContext<Params, SessionCredentials>) => Promise<Response | object>, options: RouteOptions = {}) {
  return route(resolveSessionCredentials, sessionCallerOf, handler, options);
}

/** As apiRoute, for endpoints that take no credentials at all (joining a classroom session with its code). */
export function publicApiRoute<Params>(handler: (context: ApiContext<Params, null>) => Promise<Response | object>, options: RouteOptions = {}) {
  return route(async () => null, () => null, handler, options);
}
