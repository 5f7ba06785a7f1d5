import { notFound } from "next/navigation";
import { DeleteWorkspaceForm, RenameWorkspaceForm } from "@/components/workspaces/workspace-settings-forms.tsx";
import { can } from "@/lib/workspaces/policy.ts";
import { loadWorkspace } from "../load-workspace.ts";

export const metadata = { title: "Workspace settings" };

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace } = await loadWorkspace((await params).id);
  if (!can(workspace.role, "workspace.rename")) notFound();
  return (
    <section className="settings-sections" aria-label="Workspace settings">
      <RenameWorkspaceForm workspaceId={workspace.id} name={workspace.name} />
      {can(workspace.role, "workspace.delete") ? <DeleteWorkspaceForm workspaceId={workspace.id} name={workspace.name} /> : null}
    </section>
  );
}
