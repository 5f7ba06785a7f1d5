import type { Role } from "@/lib/generated/prisma/enums.ts";

export type { Role };

/** Everything a workspace member may try to do. The table in docs/permissions.md mirrors this. */
export const ACTIONS = [
  "workspace.read",
  "document.read",
  "document.export",
  "comment.create",
  "annotation.create",
  "annotation.import",
  "document.import",
  "document.edit",
  "annotations.moderate",
  "members.read",
  "members.manage",
  "invites.manage",
  "workspace.rename",
  "workspace.delete",
  "vocabulary.edit",
  "session.run",
] as const;

export type Action = (typeof ACTIONS)[number];

export const ROLES = ["OWNER", "EDITOR", "COMMENTER", "VIEWER"] as const satisfies readonly Role[];

/** Each role can do what the role below it can, plus its own actions. */
const GRANTS: Record<Role, readonly Action[]> = {
  VIEWER: ["workspace.read", "document.read", "document.export", "members.read"],
  COMMENTER: ["comment.create"],
  EDITOR: ["annotation.create", "annotation.import", "document.import", "document.edit", "session.run"],
  OWNER: ["annotations.moderate", "members.manage", "invites.manage", "workspace.rename", "workspace.delete", "vocabulary.edit"],
};

const RANK: Record<Role, number> = { VIEWER: 0, COMMENTER: 1, EDITOR: 2, OWNER: 3 };

export function can(role: Role, action: Action): boolean {
  return ROLES.some((granting) => RANK[granting] <= RANK[role] && GRANTS[granting].includes(action));
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  COMMENTER: "Commenter",
  VIEWER: "Viewer",
};
