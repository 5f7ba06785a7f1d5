import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { removeParticipant } from "@/lib/classroom/remove-participant.ts";

export const DELETE = sessionApiRoute<{ id: string; participantId: string }>(({ prisma, actor, params }) =>
  removeParticipant(prisma, getAppContext(), actor, { sessionId: params.id, participantId: params.participantId }),
);
