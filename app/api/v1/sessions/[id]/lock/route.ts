import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { lockSession } from "@/lib/classroom/change-session-state.ts";

export const POST = sessionApiRoute<{ id: string }>(({ prisma, actor, params }) => lockSession(prisma, getAppContext(), actor, params.id));
