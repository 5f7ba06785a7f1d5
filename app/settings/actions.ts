"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { formField } from "@/lib/actions/form-field.ts";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { revokeApiToken } from "@/lib/auth/api-tokens/revoke-api-token.ts";
import { changePassword } from "@/lib/auth/change-password.ts";
import { requireUser } from "@/lib/auth/require-user.ts";

export async function changePasswordAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const user = await requireUser("/settings");
  return toActionResult(async () => {
    await changePassword(getPrisma(), getAppContext().realtime, user, { currentPassword: formField(form, "currentPassword"), newPassword: formField(form, "newPassword") });
  });
}

export async function createApiTokenAction(_: unknown, form: FormData): Promise<ActionResult<{ token: string; name: string }>> {
  const user = await requireUser("/settings");
  const result = await toActionResult(() => createApiToken(getPrisma(), user, { name: formField(form, "name") }));
  revalidatePath("/settings");
  return result;
}

export async function revokeApiTokenAction(form: FormData): Promise<void> {
  const user = await requireUser("/settings");
  await toActionResult(() => revokeApiToken(getPrisma(), getAppContext().realtime, user, { tokenId: formField(form, "tokenId") }));
  revalidatePath("/settings");
}
