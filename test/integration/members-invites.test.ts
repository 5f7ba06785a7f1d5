import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, PrismaClient } from "@/lib/db/database.ts";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { acceptInvite } from "@/lib/workspaces/invites/accept-invite.ts";
import { createInvite } from "@/lib/workspaces/invites/create-invite.ts";
import { describeInvite } from "@/lib/workspaces/invites/describe-invite.ts";
import { hashInviteToken } from "@/lib/workspaces/invites/invite-token.ts";
import { listInvites } from "@/lib/workspaces/invites/list-invites.ts";
import { revokeInvite } from "@/lib/workspaces/invites/revoke-invite.ts";
import { changeMemberRole } from "@/lib/workspaces/members/change-member-role.ts";
import { leaveWorkspace } from "@/lib/workspaces/members/leave-workspace.ts";
import { listMembers } from "@/lib/workspaces/members/list-members.ts";
import { lockWorkspaceMembers } from "@/lib/workspaces/members/owners.ts";
import { removeMember } from "@/lib/workspaces/members/remove-member.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { NO_REALTIME_SERVER } from "@/lib/realtime/access-event.ts";

type Fixture = { workspaceId: string; users: Record<string, { userId: string }> };

/** A workspace whose members have the given names and roles; `null` makes a user who is no member. */
async function makeWorkspace(prisma: PrismaClient, people: Record<string, Role | null>): Promise<Fixture> {
  const workspace = await prisma.workspace.create({ data: { name: `Desk ${randomUUID().slice(0, 8)}` } });
  const users: Fixture["users"] = {};
  for (const [name, role] of Object.entries(people)) {
    const user = await prisma.user.create({ data: { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test` } });
    if (role) await prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role } });
    users[name] = { userId: user.id };
  }
  return { workspaceId: workspace.id, users };
}

function person(fixture: Fixture, name: string): { userId: string } {
  const user = fixture.users[name];
  if (!user) throw new Error(`No user ${name} in this fixture`);
  return user;
}

const LAST_OWNER = "A workspace needs at least one owner. Make someone else an owner first.";

describe.each(backends)("members and invites on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let prisma: PrismaClient;
  let desk: Fixture;

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    prisma = database.prisma;
    desk = await makeWorkspace(prisma, {
      Olga: "OWNER",
      Eddie: "EDITOR",
      Chloe: "COMMENTER",
      Victor: "VIEWER",
      Ann: "VIEWER",
      Nobody: null,
    });
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  describe("members", () => {
    it("lists members to the owner, owners first and then by name", async () => {
      const members = await listMembers(prisma, person(desk, "Olga"), { workspaceId: desk.workspaceId });
      expect(members.map((member) => [member.name, member.role])).toEqual([
        ["Olga", "OWNER"],
        ["Eddie", "EDITOR"],
        ["Chloe", "COMMENTER"],
        ["Ann", "VIEWER"],
        ["Victor", "VIEWER"],
      ]);
      expect(members[0]).toMatchObject({ userId: person(desk, "Olga").userId, email: expect.stringMatching(/^olga-/) });
      expect(members[0]?.joinedAt).toBeInstanceOf(Date);
    });

    it("lets a viewer list members", async () => {
      const members = await listMembers(prisma, person(desk, "Victor"), { workspaceId: desk.workspaceId });
      expect(members).toHaveLength(5);
    });

    it("answers not found to a non-member, and for an unknown workspace", async () => {
      await expect(listMembers(prisma, person(desk, "Nobody"), { workspaceId: desk.workspaceId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(listMembers(prisma, person(desk, "Olga"), { workspaceId: randomUUID() })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });

    it("lets the owner change a role, and answers not found for someone who is no member", async () => {
      const result = await changeMemberRole(prisma, NO_REALTIME_SERVER, person(desk, "Olga"), {
        workspaceId: desk.workspaceId,
        userId: person(desk, "Ann").userId,
        role: "COMMENTER",
      });
      expect(result).toEqual({ workspaceId: desk.workspaceId, userId: person(desk, "Ann").userId, role: "COMMENTER" });
      const ann = await prisma.membership.findUnique({
        where: { workspaceId_userId: { workspaceId: desk.workspaceId, userId: person(desk, "Ann").userId } },
      });
      expect(ann?.role).toBe("COMMENTER");

      await expect(
        changeMemberRole(prisma, NO_REALTIME_SERVER, person(desk, "Olga"), {
          workspaceId: desk.workspaceId,
          userId: person(desk, "Nobody").userId,
          role: "EDITOR",
        }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Member not found." });
    });

    it("forbids an editor to change roles or remove members", async () => {
      const eddie = person(desk, "Eddie");
      const target = { workspaceId: desk.workspaceId, userId: person(desk, "Victor").userId };
      await expect(changeMemberRole(prisma, NO_REALTIME_SERVER, eddie, { ...target, role: "EDITOR" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(removeMember(prisma, NO_REALTIME_SERVER, eddie, target)).rejects.toMatchObject({ code: "FORBIDDEN" });
    });

    it("keeps the last owner: no demotion, removal or leaving until there is a second owner", async () => {
      const team = await makeWorkspace(prisma, { Solo: "OWNER", Bea: "EDITOR" });
      const solo = person(team, "Solo");
      const soloTarget = { workspaceId: team.workspaceId, userId: solo.userId };

      await expect(changeMemberRole(prisma, NO_REALTIME_SERVER, solo, { ...soloTarget, role: "EDITOR" })).rejects.toMatchObject({
        code: "CONFLICT",
        message: LAST_OWNER,
      });
      await expect(removeMember(prisma, NO_REALTIME_SERVER, solo, soloTarget)).rejects.toMatchObject({
        code: "CONFLICT",
        message: "You are the only owner of this workspace. Make someone else an owner before you leave.",
      });
      await expect(leaveWorkspace(prisma, NO_REALTIME_SERVER, solo, { workspaceId: team.workspaceId })).rejects.toMatchObject({
        code: "CONFLICT",
      });
      expect(await prisma.membership.count({ where: { workspaceId: team.workspaceId, role: "OWNER" } })).toBe(1);

      await changeMemberRole(prisma, NO_REALTIME_SERVER, solo, { workspaceId: team.workspaceId, userId: person(team, "Bea").userId, role: "OWNER" });
      await changeMemberRole(prisma, NO_REALTIME_SERVER, solo, { ...soloTarget, role: "EDITOR" });
      await changeMemberRole(prisma, NO_REALTIME_SERVER, person(team, "Bea"), { ...soloTarget, role: "OWNER" });
      await leaveWorkspace(prisma, NO_REALTIME_SERVER, solo, { workspaceId: team.workspaceId });

      const members = await listMembers(prisma, person(team, "Bea"), { workspaceId: team.workspaceId });
      expect(members.map((member) => [member.name, member.role])).toEqual([["Bea", "OWNER"]]);
    });

    it("lets an owner remove a member who is not the last owner", async () => {
      const team = await makeWorkspace(prisma, { Ola: "OWNER", Oscar: "OWNER", Val: "VIEWER" });
      await removeMember(prisma, NO_REALTIME_SERVER, person(team, "Ola"), { workspaceId: team.workspaceId, userId: person(team, "Val").userId });
      await removeMember(prisma, NO_REALTIME_SERVER, person(team, "Ola"), {
        workspaceId: team.workspaceId,
        userId: person(team, "Oscar").userId,
      });
      const members = await listMembers(prisma, person(team, "Ola"), { workspaceId: team.workspaceId });
      expect(members.map((member) => member.name)).toEqual(["Ola"]);
    });

    it("lets any member leave, after which the workspace is not found for them", async () => {
      const team = await makeWorkspace(prisma, { Owen: "OWNER", Vera: "VIEWER" });
      const vera = person(team, "Vera");
      await leaveWorkspace(prisma, NO_REALTIME_SERVER, vera, { workspaceId: team.workspaceId });
      await expect(listMembers(prisma, vera, { workspaceId: team.workspaceId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(leaveWorkspace(prisma, NO_REALTIME_SERVER, vera, { workspaceId: team.workspaceId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });

    it("does not let two owners demoting each other at the same moment both succeed", async () => {
      const team = await makeWorkspace(prisma, { Ada: "OWNER", Bob: "OWNER" });
      const ada = person(team, "Ada");
      const bob = person(team, "Bob");
      // Ada's demotion of Bob is in progress (lock taken, row updated, not yet committed)...
      let markLocked!: () => void;
      let release!: () => void;
      const locked = new Promise<void>((resolve) => (markLocked = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      const first = prisma.$transaction(async (tx) => {
        await lockWorkspaceMembers(tx, team.workspaceId);
        await tx.membership.update({
          where: { workspaceId_userId: { workspaceId: team.workspaceId, userId: bob.userId } },
          data: { role: "VIEWER" },
        });
        markLocked();
        await released;
      });
      await locked;
      // ...when Bob demotes Ada. Without the lock he would still count two owners and succeed.
      const second = changeMemberRole(prisma, NO_REALTIME_SERVER, bob, { workspaceId: team.workspaceId, userId: ada.userId, role: "VIEWER" });
      const outcome = second.then(
        () => "demoted",
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await first;
      // PostgreSQL: Bob passed the access check, then waited for the lock and found Ada the only
      // owner. PGlite runs one transaction at a time, so his access check itself waited and
      // found him demoted already. Either way Ada stays owner.
      const refusal =
        backend.name === "postgres" ? { code: "CONFLICT", message: LAST_OWNER } : { code: "FORBIDDEN" };
      expect(await outcome).toMatchObject(refusal);
      const owners = await prisma.membership.findMany({ where: { workspaceId: team.workspaceId, role: "OWNER" } });
      expect(owners.map((owner) => owner.userId)).toEqual([ada.userId]);
    });
  });

  describe("invites", () => {
    it("creates a link that describes itself and grants its role to whoever accepts it", async () => {
      const olga = person(desk, "Olga");
      const invite = await createInvite(prisma, olga, { workspaceId: desk.workspaceId, role: "COMMENTER" });
      expect(invite.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(invite.role).toBe("COMMENTER");
      const days = (invite.expiresAt.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);

      const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: desk.workspaceId } });
      expect(await describeInvite(prisma, { token: invite.token })).toEqual({
        workspaceId: desk.workspaceId,
        workspaceName: workspace.name,
        role: "COMMENTER",
        expiresAt: invite.expiresAt,
        invitedByName: "Olga",
      });

      const newcomers = await makeWorkspace(prisma, { Nina: null, Noah: null });
      const nina = person(newcomers, "Nina");
      expect(await acceptInvite(prisma, nina, { token: invite.token })).toEqual({
        workspaceId: desk.workspaceId,
        role: "COMMENTER",
        alreadyMember: false,
      });
      // Links are reusable: a second person joins with the same one.
      expect(await acceptInvite(prisma, person(newcomers, "Noah"), { token: invite.token })).toMatchObject({
        role: "COMMENTER",
        alreadyMember: false,
      });
      const members = await listMembers(prisma, nina, { workspaceId: desk.workspaceId });
      expect(members.find((member) => member.userId === nina.userId)?.role).toBe("COMMENTER");

      // Accepting again changes nothing.
      expect(await acceptInvite(prisma, nina, { token: invite.token })).toEqual({
        workspaceId: desk.workspaceId,
        role: "COMMENTER",
        alreadyMember: true,
      });
    });

    it("never changes the role of someone who is already a member", async () => {
      const olga = person(desk, "Olga");
      const viewerLink = await createInvite(prisma, olga, { workspaceId: desk.workspaceId, role: "VIEWER" });
      expect(await acceptInvite(prisma, olga, { token: viewerLink.token })).toEqual({
        workspaceId: desk.workspaceId,
        role: "OWNER",
        alreadyMember: true,
      });
      const ownerLink = await createInvite(prisma, olga, { workspaceId: desk.workspaceId, role: "OWNER", expiresInDays: 1 });
      expect(await acceptInvite(prisma, person(desk, "Victor"), { token: ownerLink.token })).toMatchObject({
        role: "VIEWER",
        alreadyMember: true,
      });
      await revokeInvite(prisma, olga, { workspaceId: desk.workspaceId, inviteId: ownerLink.id });
    });

    it("stores only the hash of the token", async () => {
      const invite = await createInvite(prisma, person(desk, "Olga"), { workspaceId: desk.workspaceId, role: "VIEWER" });
      const row = await prisma.invite.findUniqueOrThrow({ where: { id: invite.id } });
      expect(row.tokenHash).toBe(hashInviteToken(invite.token));
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      const rows = await database.sql.query<Record<string, unknown>>("SELECT * FROM invites");
      expect(JSON.stringify(rows)).not.toContain(invite.token);
    });

    it("refuses expired, revoked and unknown links with messages that say so", async () => {
      const olga = person(desk, "Olga");
      const stranger = person(desk, "Nobody");
      const expired = await createInvite(prisma, olga, { workspaceId: desk.workspaceId, role: "EDITOR" });
      await prisma.invite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
      const revoked = await createInvite(prisma, olga, { workspaceId: desk.workspaceId, role: "EDITOR" });
      expect(await revokeInvite(prisma, olga, { workspaceId: desk.workspaceId, inviteId: revoked.id })).toMatchObject({
        id: revoked.id,
        revokedAt: expect.any(Date),
      });

      const cases = [
        [expired.token, "This invitation link has expired. Ask for a new one."],
        [revoked.token, "This invitation link was revoked."],
        ["A".repeat(43), "This invitation link is not valid."],
        ["not a token", "This invitation link is not valid."],
      ] as const;
      for (const [token, message] of cases) {
        await expect(describeInvite(prisma, { token })).rejects.toMatchObject({ code: "NOT_FOUND", message });
        await expect(acceptInvite(prisma, stranger, { token })).rejects.toMatchObject({ code: "NOT_FOUND", message });
      }
      expect(
        await prisma.membership.findUnique({
          where: { workspaceId_userId: { workspaceId: desk.workspaceId, userId: stranger.userId } },
        }),
      ).toBeNull();

      const active = await listInvites(prisma, olga, { workspaceId: desk.workspaceId });
      const ids = active.map((invite) => invite.id);
      expect(ids).not.toContain(expired.id);
      expect(ids).not.toContain(revoked.id);
    });

    it("lists active invites to owners only", async () => {
      const olga = person(desk, "Olga");
      const invite = await createInvite(prisma, olga, { workspaceId: desk.workspaceId, role: "EDITOR", expiresInDays: 30 });
      const active = await listInvites(prisma, olga, { workspaceId: desk.workspaceId });
      expect(active[0]).toEqual({
        id: invite.id,
        role: "EDITOR",
        expiresAt: invite.expiresAt,
        createdAt: expect.any(Date),
        createdByName: "Olga",
      });
      expect(active[0]).not.toHaveProperty("token");
      await expect(listInvites(prisma, person(desk, "Eddie"), { workspaceId: desk.workspaceId })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        createInvite(prisma, person(desk, "Eddie"), { workspaceId: desk.workspaceId, role: "VIEWER" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listInvites(prisma, person(desk, "Nobody"), { workspaceId: desk.workspaceId })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });

    it("cannot revoke an invite of another workspace", async () => {
      const other = await makeWorkspace(prisma, { Otto: "OWNER" });
      const theirs = await createInvite(prisma, person(other, "Otto"), { workspaceId: other.workspaceId, role: "VIEWER" });
      await expect(
        revokeInvite(prisma, person(desk, "Olga"), { workspaceId: desk.workspaceId, inviteId: theirs.id }),
      ).rejects.toMatchObject({ code: "NOT_FOUND", message: "Invitation not found." });
      expect(await describeInvite(prisma, { token: theirs.token })).toMatchObject({ workspaceId: other.workspaceId });
    });

    it("rejects invalid input as a bad request naming the field", async () => {
      const olga = person(desk, "Olga");
      const workspaceId = desk.workspaceId;
      const badRole = { workspaceId, role: "ADMIN" } as unknown as { workspaceId: string; role: Role };
      await expect(createInvite(prisma, olga, badRole)).rejects.toMatchObject({ code: "BAD_REQUEST", field: "role" });
      for (const expiresInDays of [0, 31, 1.5]) {
        await expect(createInvite(prisma, olga, { workspaceId, role: "VIEWER", expiresInDays })).rejects.toMatchObject({
          code: "BAD_REQUEST",
          field: "expiresInDays",
          message: "An invitation can last from 1 to 30 days.",
        });
      }
      await expect(
        changeMemberRole(prisma, NO_REALTIME_SERVER, olga, { workspaceId, userId: person(desk, "Victor").userId, role: "ADMIN" as Role }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", field: "role" });
      await expect(listMembers(prisma, olga, { workspaceId: "" })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        field: "workspaceId",
      });
      await expect(describeInvite(prisma, { token: 42 as unknown as string })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        field: "token",
      });
    });
  });
});
