"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { formField } from "@/lib/actions/form-field.ts";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { createWorkspace } from "@/lib/workspaces/create-workspace.ts";
import { deleteWorkspace } from "@/lib/workspaces/delete-workspace.ts";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace.ts";

export async function createWorkspaceAction(_: unknown, form: FormData): Promise<ActionResult<{ id: string }>> {
  const user = await requireUser("/workspaces");
  const result = await toActionResult(() => createWorkspace(getPrisma(), user, { name: formField(form, "name") }));
  if (result.ok) revalidatePath("/workspaces");
  return result.ok ? { ok: true, data: { id: result.data.id } } : result;
}

export async function renameWorkspaceAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(`/workspaces/${workspaceId}`);
  const result = await toActionResult(() => renameWorkspace(getPrisma(), user, { workspaceId, name: formField(form, "name") }));
  if (result.ok) revalidatePath(`/workspaces/${workspaceId}`, "layout");
  return result;
}

export async function deleteWorkspaceAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(`/workspaces/${workspaceId}`);
  const result = await toActionResult(() => deleteWorkspace(getPrisma(), getAppContext().realtime, user, { workspaceId, confirmName: formField(form, "confirmName") }));
  if (result.ok) revalidatePath("/workspaces");
  return result;
}
