import { apiRoute } from "@/lib/api/api-route.ts";
import { createWorkspace } from "@/lib/workspaces/create-workspace.ts";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces.ts";

export const GET = apiRoute(async ({ prisma, actor }) => ({
  workspaces: (await listWorkspaces(prisma, actor)).map(({ id, name, role, documentCount, memberCount, createdAt }) => ({
    id,
    name,
    role: role.toLowerCase(),
    documentCount,
    memberCount,
    createdAt: createdAt.toISOString(),
  })),
}));

export const POST = apiRoute(async ({ prisma, actor, json }) => {
  const workspace = await createWorkspace(prisma, actor, await json());
  return Response.json(
    { id: workspace.id, name: workspace.name, role: "owner", createdAt: workspace.createdAt.toISOString() },
    { status: 201 },
  );
});
