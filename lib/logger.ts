import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs on stdout. Fields that could carry secrets are redacted at the source. */
export function createLogger(level: string, name = "marginalia"): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ["password", "token", "*.password", "*.token", "req.headers.cookie", "req.headers.authorization"],
      censor: "[redacted]",
    },
  });
}
