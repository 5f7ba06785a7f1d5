import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { readSessionRoomState } from "@/lib/classroom/read-session-room-state.ts";

export const GET = sessionApiRoute<{ id: string }>(async ({ prisma, actor, params, request }) => {
  const slot = new URL(request.url).searchParams.get("room");
  const { state, room, access } = await readSessionRoomState(prisma, getAppContext(), actor, { sessionId: params.id, slot });
  return new Response(new Blob([state as Uint8Array<ArrayBuffer>]), {
    headers: { "content-type": "application/octet-stream", "cache-control": "no-store", "x-marginalia-room": room, "x-marginalia-access": access },
  });
});
