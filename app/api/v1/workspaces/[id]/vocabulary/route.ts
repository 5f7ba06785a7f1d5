import { apiRoute } from "@/lib/api/api-route.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { requireAccess } from "@/lib/workspaces/require-access.ts";

type Params = { id: string };

/** Any member: clients need the labels to show and offer the techniques a highlight can carry. */
export const GET = apiRoute<Params>(async ({ prisma, actor, params }) => {
  await requireAccess(prisma, actor, params.id, "workspace.read");
  return { vocabulary: await getWorkspaceVocabulary(prisma, params.id) };
});
