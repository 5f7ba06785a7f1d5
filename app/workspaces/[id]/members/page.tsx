import { headers } from "next/headers";
import { InvitePanel } from "@/components/members/invite-panel.tsx";
import { LeaveWorkspaceForm } from "@/components/members/leave-workspace-form.tsx";
import { MemberRow } from "@/components/members/member-row.tsx";
import { getAppContext } from "@/lib/app-context.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import { listInvites } from "@/lib/workspaces/invites/list-invites.ts";
import { listMembers } from "@/lib/workspaces/members/list-members.ts";
import { can } from "@/lib/workspaces/policy.ts";
import { loadWorkspace } from "../load-workspace.ts";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, workspace } = await loadWorkspace((await params).id);
  const { database, config } = getAppContext();
  const canManage = can(workspace.role, "members.manage");
  const [members, invites] = await Promise.all([
    listMembers(database.prisma, user, { workspaceId: workspace.id }),
    can(workspace.role, "invites.manage") ? listInvites(database.prisma, user, { workspaceId: workspace.id }) : Promise.resolve([]),
  ]);
  const origin = publicOrigin(await headers(), config.publicUrl);
  return (
    <div className="settings-sections">
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members ({members.length})</h2>
        <ul className="member-list">
          {members.map((member) => (
            <MemberRow key={member.userId} workspaceId={workspace.id} member={member} canManage={canManage} isSelf={member.userId === user.userId} />
          ))}
        </ul>
      </section>
      {can(workspace.role, "invites.manage") ? (
        <InvitePanel
          workspaceId={workspace.id}
          origin={origin}
          invites={invites.map((invite) => ({ ...invite, expiresAt: invite.expiresAt.toISOString() }))}
        />
      ) : null}
      <LeaveWorkspaceForm workspaceId={workspace.id} />
    </div>
  );
}
