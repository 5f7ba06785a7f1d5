import { sessionApiRoute } from "@/lib/api/api-route.ts";
import { getAppContext } from "@/lib/app-context.ts";
import { revealSession } from "@/lib/classroom/change-session-state.ts";

export const POST = sessionApiRoute<{ id: string }>(({ prisma, actor, params }) => revealSession(prisma, getAppContext(), actor, params.id));
