import { authorizeChange } from "@/lib/realtime/authorize-change.ts";
import type { DocChangeVerdict } from "@/lib/realtime/doc-guard.ts";
import type { RealtimeAccess } from "./authenticate-upgrade.ts";
import type { Room } from "./room-manager.ts";

/** Schema and permission check of one client update, against the room's guard. */
export function checkUpdate(room: Room, update: Uint8Array, access: RealtimeAccess): DocChangeVerdict {
  const { actor, userName, role } = access;
  if (!actor || userName === null || role === null) return { ok: false, reason: "This connection may only read." };
  return room.guard.check(update, {
    documentTextLength: room.textLength,
    authorize: (change) => authorizeChange(change, { userId: actor.userId, userName, role }),
  });
}
