import { peersVisibility } from "@/lib/classroom/room-access.ts";
import type { SessionSlot } from "@/lib/classroom/session-rooms.ts";
import { KEY_AUTHOR, studentAuthor, type CopyAuthor } from "@/lib/classroom/session-view.ts";
import type { SessionFacts } from "./read-session.ts";

/** Where an entry comes from: the answer key, or one student's own room. */
export type Source = { kind: "key" } | { kind: "participant"; participantId: string };

/** A view room's slot. */
export type ViewSlot = Extract<SessionSlot, { kind: "class" } | { kind: "peers" }>;

/** The view slots a session has: the teacher's `class` and one `peers-<group>` per group (0 without groups). */
export function viewSlots(groupCount: number): ViewSlot[] {
  const groups = groupCount > 0 ? Array.from({ length: groupCount }, (_, index) => index + 1) : [0];
  return [{ kind: "class" }, ...groups.map((group) => ({ kind: "peers", group }) as const)];
}

/**
 * How entries of `source` appear in `view` now, or null when that view must not show them:
 * the teacher's class view shows every student still in the session and the key, with names;
 * a group's peers view shows its students once classmates are visible (open mode, or after the
 * reveal), under "Reader <number>" in anonymous sessions, and the key after the reveal.
 */
export function copyAuthor(facts: SessionFacts, view: ViewSlot, source: Source): CopyAuthor | null {
  const visibility = peersVisibility(facts.state);
  if (source.kind === "key") return view.kind === "class" || visibility.key ? KEY_AUTHOR : null;
  const participant = facts.participants.get(source.participantId);
  if (!participant || participant.removed) return null;
  if (view.kind === "class") return studentAuthor(participant, false);
  if (!visibility.classmates || participant.group !== view.group) return null;
  // A purged name shows as the pseudonym everywhere, and in peers views under its id too.
  return studentAuthor(participant, facts.anonymous || participant.name === null);
}

/** Every author a view may show now (copies by anyone else are taken out of it). */
export function allowedAuthors(facts: SessionFacts, view: ViewSlot): Set<string> {
  const allowed = new Set<string>();
  const key = copyAuthor(facts, view, { kind: "key" });
  if (key) allowed.add(key.authorId);
  for (const id of facts.participants.keys()) {
    const author = copyAuthor(facts, view, { kind: "participant", participantId: id });
    if (author) allowed.add(author.authorId);
  }
  return allowed;
}
