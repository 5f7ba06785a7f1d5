import { sessionRoomAccess, type SessionAccessState, type SessionCaller } from "@/lib/classroom/room-access.ts";
import type { SessionSlot } from "@/lib/classroom/session-rooms.ts";
import { can, type Action, type Role } from "@/lib/workspaces/policy.ts";

/**
 * Who may do what on which surface, as one table: every cell is computed from the policy
 * (`can`, lib/workspaces/policy.ts) and the classroom rules (session-caller.ts, room-access.ts).
 * The only hand-written outcomes are the rules a surface itself adds (SURFACE RULES below).
 * test/integration/permission-matrix.test.ts exercises every cell against a real server, and
 * docs/permissions.md is generated from it (`npm run docs:permissions`).
 */

export const PRINCIPALS = ["owner", "editor", "commenter", "viewer", "stranger", "anonymous", "participant", "teacher"] as const;
export type Principal = (typeof PRINCIPALS)[number];

export const PRINCIPAL_LABELS: Record<Principal, string> = {
  owner: "Owner",
  editor: "Editor",
  commenter: "Commenter",
  viewer: "Viewer",
  stranger: "Stranger",
  anonymous: "Anonymous",
  participant: "Participant",
  teacher: "Teacher",
};

export const PRINCIPAL_DESCRIPTIONS: Record<Principal, string> = {
  owner: "a member with the owner role",
  editor: "a member with the editor role",
  commenter: "a member with the commenter role",
  viewer: "a member with the viewer role",
  stranger: "signed in, not a member of the workspace",
  anonymous: "no credentials at all",
  participant: "a student of a classroom session, by the participant token from joining (no account)",
  teacher: "the editor who started the classroom session",
};

/** The role each principal holds in the workspace under test; null for those who hold none. */
export const WORKSPACE_ROLE: Record<Principal, Role | null> = {
  owner: "OWNER",
  editor: "EDITOR",
  commenter: "COMMENTER",
  viewer: "VIEWER",
  stranger: null,
  anonymous: null,
  participant: null,
  teacher: "EDITOR",
};

export const SURFACES = ["rest", "websocket", "server-action", "export", "classroom", "state", "metrics"] as const;
export type Surface = (typeof SURFACES)[number];

export const SURFACE_LABELS: Record<Surface, string> = {
  rest: "REST API (`/api/v1/**`, `Authorization: Bearer <API token>`)",
  websocket: "Realtime websocket (`/realtime/<room>`, `?token=<API token or participant token>`)",
  "server-action": "Server actions (the app's forms, signed-in browser session cookie)",
  export: "Exports (`GET .../export`, API token)",
  classroom: "Classroom session endpoints (`/api/v1/sessions/**`: API token, or `Bearer mps_...` participant token) and session rooms",
  state: "Annotation state (`GET /api/v1/documents/:id/annotation-state`, what a page paints before its websocket syncs)",
  metrics: "Metrics (`GET /metrics`, with `METRICS_TOKEN` configured)",
};

/**
 * What a cell expects: `allowed`; an HTTP refusal (`401` must identify, `403` role too low,
 * `404` not found, as for ids that do not exist); on the websocket, `read-only` (a connection
 * that may write nothing: its write is dropped, the connection stays) or `refused` (a connection
 * that may write other things is closed with 4422 Invalid update); either way the write is not
 * applied and reaches no one; `sign-in` (a server action sends the browser to sign in).
 */
export type Outcome = "allowed" | "read-only" | "refused" | "sign-in" | "401" | "403" | "404";

/** What classroom endpoints decide, beside the policy's `session.run`. */
export type SessionAction = "session.read" | "session.run";

type Grant =
  /** A workspace action of the policy. */
  | { kind: "workspace"; action: Action }
  /** A classroom session's endpoint: teachers (`session.run` in the workspace) and, for reads, its participants. */
  | { kind: "session"; action: SessionAction }
  /** Reading (the state endpoint) or writing (the websocket) a classroom session's room: `sessionRoomAccess` decides. */
  | { kind: "session-room"; slot: "own-participant-room" | "key"; use: "read" | "write" }
  /** Operators only (the metrics token), no workspace principal. */
  | { kind: "operator" };

export type Operation = {
  /** Stable, unique: test names and the generated doc use it. */
  id: string;
  surface: Surface;
  /** What is tried, for people: the endpoint or the action. */
  what: string;
  grant: Grant;
};

const workspace = (action: Action) => ({ kind: "workspace", action }) as const;
const session = (action: SessionAction) => ({ kind: "session", action }) as const;

/** Every operation the matrix tries: at least one per action a surface offers. */
export const OPERATIONS: readonly Operation[] = [
  { id: "rest.vocabulary.get", surface: "rest", what: "GET /api/v1/workspaces/:id/vocabulary", grant: workspace("workspace.read") },
  { id: "rest.documents.list", surface: "rest", what: "GET /api/v1/workspaces/:id/documents", grant: workspace("document.read") },
  { id: "rest.document.get", surface: "rest", what: "GET /api/v1/documents/:id", grant: workspace("document.read") },
  { id: "rest.annotations.list", surface: "rest", what: "GET /api/v1/documents/:id/annotations", grant: workspace("document.read") },
  { id: "rest.document.create", surface: "rest", what: "POST /api/v1/workspaces/:id/documents", grant: workspace("document.import") },
  { id: "rest.annotation.create", surface: "rest", what: "POST /api/v1/documents/:id/annotations", grant: workspace("annotation.create") },
  { id: "rest.annotations.import", surface: "rest", what: "POST /api/v1/documents/:id/import (dry run)", grant: workspace("annotation.import") },
  { id: "rest.annotation.delete-others", surface: "rest", what: "DELETE /api/v1/annotations/:id (someone else's)", grant: workspace("annotations.moderate") },
  { id: "rest.sessions.list", surface: "rest", what: "GET /api/v1/documents/:id/sessions", grant: workspace("session.run") },
  { id: "rest.session.create", surface: "rest", what: "POST /api/v1/documents/:id/sessions", grant: workspace("session.run") },

  { id: "websocket.connect", surface: "websocket", what: "connect to the document's room and sync", grant: workspace("document.read") },
  { id: "websocket.highlight", surface: "websocket", what: "write a highlight", grant: workspace("annotation.create") },
  { id: "websocket.comment", surface: "websocket", what: "write a comment", grant: workspace("comment.create") },
  { id: "websocket.delete-others", surface: "websocket", what: "delete someone else's highlight", grant: workspace("annotations.moderate") },

  { id: "action.workspace.rename", surface: "server-action", what: "renameWorkspaceAction", grant: workspace("workspace.rename") },
  { id: "action.workspace.delete", surface: "server-action", what: "deleteWorkspaceAction", grant: workspace("workspace.delete") },
  { id: "action.vocabulary.reset", surface: "server-action", what: "resetVocabularyAction", grant: workspace("vocabulary.edit") },
  { id: "action.member.change-role", surface: "server-action", what: "changeRoleAction", grant: workspace("members.manage") },
  { id: "action.invite.create", surface: "server-action", what: "createInviteAction", grant: workspace("invites.manage") },
  { id: "action.import.save", surface: "server-action", what: "saveImportAction", grant: workspace("document.import") },
  { id: "action.version.save", surface: "server-action", what: "saveVersionAction", grant: workspace("document.edit") },

  { id: "export.document", surface: "export", what: "GET /api/v1/documents/:id/export", grant: workspace("document.export") },
  { id: "export.session", surface: "export", what: "GET /api/v1/sessions/:id/export", grant: session("session.run") },

  { id: "state.annotation-state", surface: "state", what: "GET /api/v1/documents/:id/annotation-state", grant: workspace("document.read") },

  { id: "classroom.session.get", surface: "classroom", what: "GET /api/v1/sessions/:id", grant: session("session.read") },
  { id: "classroom.results", surface: "classroom", what: "GET /api/v1/sessions/:id/results", grant: session("session.run") },
  { id: "classroom.lock", surface: "classroom", what: "POST /api/v1/sessions/:id/lock", grant: session("session.run") },
  { id: "classroom.end", surface: "classroom", what: "POST /api/v1/sessions/:id/end", grant: session("session.run") },
  { id: "classroom.participant.remove", surface: "classroom", what: "DELETE /api/v1/sessions/:id/participants/:pid", grant: session("session.run") },
  { id: "classroom.state.participant", surface: "classroom", what: "GET /api/v1/sessions/:id/state?room=<participant id>", grant: { kind: "session-room", slot: "own-participant-room", use: "read" } },
  { id: "classroom.state.key", surface: "classroom", what: "GET /api/v1/sessions/:id/state?room=key", grant: { kind: "session-room", slot: "key", use: "read" } },
  { id: "classroom.room.participant", surface: "classroom", what: "write in the participant's own room (websocket)", grant: { kind: "session-room", slot: "own-participant-room", use: "write" } },
  { id: "classroom.room.key", surface: "classroom", what: "write in the answer key room (websocket)", grant: { kind: "session-room", slot: "key", use: "write" } },

  { id: "metrics.read", surface: "metrics", what: "GET /metrics", grant: { kind: "operator" } },
];

/** The session state the matrix's classroom cells run in: started, blind, neither locked nor revealed. */
export const MATRIX_SESSION_STATE: SessionAccessState = { mode: "BLIND", locked: false, revealed: false, ended: false };

/** Who a principal is for a classroom session (session-caller.ts): a teacher, its participant, or nobody there. */
function sessionCaller(principal: Principal): SessionCaller | "nobody" | "anonymous" {
  if (principal === "anonymous") return "anonymous";
  if (principal === "participant") return { kind: "participant", participantId: "participant", group: 0 };
  const role = WORKSPACE_ROLE[principal];
  return role && can(role, "session.run") ? { kind: "teacher", userId: principal } : "nobody";
}

function workspaceOutcome(principal: Principal, operation: Operation, action: Action): Outcome {
  const role = WORKSPACE_ROLE[principal];
  // SURFACE RULE: a participant token is no account; workspace surfaces answer as to no credentials (REST: not an API token).
  if (principal === "anonymous" || principal === "participant") return operation.surface === "server-action" ? "sign-in" : "401";
  if (!role) return "404";
  if (can(role, action)) return "allowed";
  return operation.surface === "websocket" ? websocketRefusal(can(role, "annotation.create") || can(role, "comment.create")) : "403";
}

/**
 * SURFACE RULE (server/realtime/serve-connection.ts): a connection that may write nothing has its
 * writes dropped and stays open to read; one that may write, but not this, is closed as invalid.
 */
function websocketRefusal(mayWriteSomething: boolean): Outcome {
  return mayWriteSomething ? "refused" : "read-only";
}

function sessionOutcome(principal: Principal, action: SessionAction): Outcome {
  const caller = sessionCaller(principal);
  if (caller === "anonymous") return "401";
  if (caller === "nobody") return "404";
  if (caller.kind === "teacher") return "allowed";
  return action === "session.read" ? "allowed" : "404";
}

function sessionRoomOutcome(principal: Principal, slot: "own-participant-room" | "key", use: "read" | "write"): Outcome {
  const caller = sessionCaller(principal);
  if (caller === "anonymous") return "401";
  if (caller === "nobody") return "404";
  const room: SessionSlot = slot === "key" ? { kind: "key" } : { kind: "participant", participantId: "participant" };
  const level = sessionRoomAccess(caller, MATRIX_SESSION_STATE, room);
  if (level === null) return "404";
  if (use === "read") return "allowed";
  // A session room at "read" may write nothing (server/realtime/classroom/authenticate-session-room.ts).
  return level === "write" ? "allowed" : websocketRefusal(false);
}

/** The outcome one principal must meet trying one operation. */
export function expectedOutcome(principal: Principal, operation: Operation): Outcome {
  const { grant } = operation;
  switch (grant.kind) {
    case "workspace":
      return workspaceOutcome(principal, operation, grant.action);
    case "session":
      return sessionOutcome(principal, grant.action);
    case "session-room":
      return sessionRoomOutcome(principal, grant.slot, grant.use);
    case "operator":
      // SURFACE RULE (server/serve-metrics.ts): with METRICS_TOKEN set only that token reads metrics; no account or participant token does.
      return "403";
  }
}

export type Cell = { principal: Principal; operation: Operation; expected: Outcome };

/** Every cell of the matrix, operation by operation. */
export function permissionCells(): Cell[] {
  return OPERATIONS.flatMap((operation) => PRINCIPALS.map((principal) => ({ principal, operation, expected: expectedOutcome(principal, operation) })));
}

/** The action a cell tries, as the policy (or the classroom rules) names it. */
export function actionLabel(operation: Operation): string {
  const { grant } = operation;
  switch (grant.kind) {
    case "workspace":
    case "session":
      return grant.action;
    case "session-room":
      return `session room ${grant.use}: ${grant.slot === "key" ? "key" : "own"}`;
    case "operator":
      return "metrics.read";
  }
}
