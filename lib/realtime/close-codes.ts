/**
 * WebSocket close codes the realtime server uses, shared with clients so they can tell a
 * network blip (reconnect) from a decision (do not retry). 4000–4999 is the range the
 * WebSocket protocol leaves to applications; the last three digits echo HTTP where one fits.
 */
export const CloseCode = {
  /** The server is shutting down or restarting: reconnect. */
  GoingAway: 1001,
  /** A frame that is not a valid y-websocket message: only this connection is closed. */
  MalformedMessage: 4400,
  /** Credentials expired or were revoked while connected. */
  Unauthorized: 4401,
  /** Membership removed while connected. */
  Forbidden: 4403,
  /** No first message (sync) in time after the upgrade: the connection held a slot and did nothing. Reconnect. */
  HandshakeTimeout: 4408,
  /** A message or update over the size cap. */
  MessageTooLarge: 4413,
  /** An update that would break the document schema (e.g. a malformed annotation): refused. */
  InvalidUpdate: 4422,
  /** The client reads too slowly and its outbound buffer passed the cap. */
  SlowConsumer: 4429,
  /** The server could not load or save the room. */
  InternalError: 4500,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
