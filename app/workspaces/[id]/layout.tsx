import Link from "next/link";
import type { ReactNode } from "react";
import { WorkspaceNav } from "@/components/workspaces/workspace-nav.tsx";
import { can, ROLE_LABELS } from "@/lib/workspaces/policy.ts";
import { loadWorkspace } from "./load-workspace.ts";

type Props = { children: ReactNode; params: Promise<{ id: string }> };

export default async function WorkspaceLayout({ children, params }: Props) {
  const { id } = await params;
  const { workspace } = await loadWorkspace(id);
  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link href="/workspaces">Workspaces</Link> /
      </p>
      <div className="page-title-row">
        <h1>{workspace.name}</h1>
        <span className="role-badge" data-role={workspace.role}>
          You are {ROLE_LABELS[workspace.role].toLowerCase()}
        </span>
      </div>
      <WorkspaceNav workspaceId={workspace.id} settingsLabel={can(workspace.role, "workspace.rename") ? "Settings" : "Tag vocabulary"} />
      {children}
    </div>
  );
}
