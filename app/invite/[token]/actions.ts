"use server";

import { redirect } from "next/navigation";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { formField } from "@/lib/actions/form-field.ts";
import { getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { acceptInvite } from "@/lib/workspaces/invites/accept-invite.ts";

export async function acceptInviteAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const token = formField(form, "token");
  const user = await requireUser(`/invite/${encodeURIComponent(token)}`);
  const result = await toActionResult(() => acceptInvite(getPrisma(), user, { token }));
  if (result.ok) redirect(`/workspaces/${result.data.workspaceId}`);
  return { ok: false, error: result.error };
}
