import { cache } from "react";
import { getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { orNotFound } from "@/lib/pages/or-not-found.ts";
import { getWorkspace } from "@/lib/workspaces/get-workspace.ts";

/** The signed-in user and the workspace, read once per request by the layout and its pages. */
export const loadWorkspace = cache(async (workspaceId: string) => {
  const user = await requireUser(`/workspaces/${workspaceId}`);
  const workspace = await orNotFound(getWorkspace(getPrisma(), user, workspaceId));
  return { user, workspace };
});
