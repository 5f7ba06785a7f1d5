"use server";

import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { getPrisma } from "@/lib/app-context.ts";
import { signUp } from "@/lib/auth/sign-up.ts";

export async function signUpAction(input: { name: string; email: string; password: string }): Promise<ActionResult<{ workspaceId: string }>> {
  return toActionResult(async () => {
    const account = await signUp(getPrisma(), input);
    return { workspaceId: account.workspaceId };
  });
}
