/**
 * Where one room of a classroom session is served as a single Yjs update (`GET
 * /api/v1/sessions/:id/state?room=<slot>`, same access as the websocket). The student page
 * preloads it and the surface fetches it: one function, so both ask for the same URL.
 */
export function sessionStateUrl(sessionId: string, slot: string): string {
  return `/api/v1/sessions/${encodeURIComponent(sessionId)}/state?room=${encodeURIComponent(slot)}`;
}
