"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { formField } from "@/lib/actions/form-field.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { createInvite } from "@/lib/workspaces/invites/create-invite.ts";
import { revokeInvite } from "@/lib/workspaces/invites/revoke-invite.ts";
import { changeMemberRole } from "@/lib/workspaces/members/change-member-role.ts";
import { leaveWorkspace } from "@/lib/workspaces/members/leave-workspace.ts";
import { removeMember } from "@/lib/workspaces/members/remove-member.ts";

function membersPath(workspaceId: string) {
  return `/workspaces/${workspaceId}/members`;
}

export async function changeRoleAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(membersPath(workspaceId));
  const result = await toActionResult(async () => {
    await changeMemberRole(getPrisma(), getAppContext().realtime, user, { workspaceId, userId: formField(form, "userId"), role: formField(form, "role") as Role });
  });
  revalidatePath(membersPath(workspaceId));
  return result;
}

export async function removeMemberAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(membersPath(workspaceId));
  const result = await toActionResult(() => removeMember(getPrisma(), getAppContext().realtime, user, { workspaceId, userId: formField(form, "userId") }));
  revalidatePath(membersPath(workspaceId));
  return result;
}

export async function leaveWorkspaceAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(membersPath(workspaceId));
  const result = await toActionResult(() => leaveWorkspace(getPrisma(), getAppContext().realtime, user, { workspaceId }));
  if (result.ok) redirect("/workspaces");
  return result;
}

export async function createInviteAction(_: unknown, form: FormData): Promise<ActionResult<{ token: string; role: string; expiresAt: string }>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(membersPath(workspaceId));
  const result = await toActionResult(async () => {
    const invite = await createInvite(getPrisma(), user, {
      workspaceId,
      role: formField(form, "role") as Role,
      expiresInDays: Number(formField(form, "expiresInDays") || 7),
    });
    return { token: invite.token, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
  });
  revalidatePath(membersPath(workspaceId));
  return result;
}

export async function revokeInviteAction(form: FormData): Promise<void> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(membersPath(workspaceId));
  await toActionResult(() => revokeInvite(getPrisma(), user, { workspaceId, inviteId: formField(form, "inviteId") }));
  revalidatePath(membersPath(workspaceId));
}
