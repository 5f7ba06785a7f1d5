/**
 * Domain errors carry a code that maps to one HTTP status in one place (`httpStatusOf`), so
 * route handlers, server actions and the realtime server all answer the same way.
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** Something that existed and is over (a classroom session that ended). */
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  /** The database's disk is full: writes are refused until space is freed, reads go on. */
  INSUFFICIENT_STORAGE: 507,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * Marks an AppError from any copy of this module: the custom server (tsx) and Next.js's bundle
 * each load lib/ once, so an AppError the realtime server throws into a route handler is an
 * instance of the other copy's class, and a plain `instanceof` would turn it into a 500.
 */
const APP_ERROR = Symbol.for("marginalia.AppError");

export class AppError extends Error {
  override name = "AppError";
  readonly [APP_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && APP_ERROR in value;
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field the error is about, when there is one. */
    readonly field?: string,
    /** For RATE_LIMITED: when trying again makes sense (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return errorStatus[code];
}

/** Anything the caller may not see is "not found", so ids of other workspaces leak nothing. */
export function notFound(what: string): AppError {
  return new AppError("NOT_FOUND", `${what} not found.`);
}
