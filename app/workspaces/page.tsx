import type { Metadata } from "next";
import Link from "next/link";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { ROLE_LABELS } from "@/lib/workspaces/policy.ts";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces.ts";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const user = await requireUser("/workspaces");
  const workspaces = await listWorkspaces(getPrisma(), user);
  return (
    <div className="page">
      <h1>Your workspaces</h1>
      {workspaces.length === 0 ? (
        <p className="empty">You are not in any workspace yet. Create one, or open an invitation link someone sent you.</p>
      ) : (
        <ul className="card-list">
          {workspaces.map((workspace) => (
            <li key={workspace.id} className="card">
              <h2>
                <Link href={`/workspaces/${workspace.id}`}>{workspace.name}</Link>
              </h2>
              <p className="card-meta">
                <span className="role-badge" data-role={workspace.role}>
                  {ROLE_LABELS[workspace.role]}
                </span>
                {" · "}
                {workspace.documentCount} {workspace.documentCount === 1 ? "article" : "articles"} · {workspace.memberCount}{" "}
                {workspace.memberCount === 1 ? "member" : "members"}
              </p>
            </li>
          ))}
        </ul>
      )}
      <CreateWorkspaceForm />
    </div>
  );
}
