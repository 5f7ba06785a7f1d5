import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { deleteSessionComment } from "@/lib/classroom/delete-session-comment.ts";

export const DELETE = sessionApiRoute<{ id: string; commentId: string }>(({ prisma, actor, params }) =>
  deleteSessionComment(prisma, getAppContext(), actor, { sessionId: params.id, commentId: params.commentId }),
);
