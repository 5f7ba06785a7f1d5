"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { toActionResult } from "@/lib/actions/action-result.ts";
import { formField } from "@/lib/actions/form-field.ts";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";
import { joinSession } from "@/lib/classroom/join-session.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import { PARTICIPANT_COOKIE, PARTICIPANT_TOKEN_TTL_MS } from "@/lib/classroom/participant-token.ts";

export type JoinFormState = { error: string | null; field: "code" | "name" | null; values: { code: string; name: string } };

/**
 * Joins a classroom session from /join: the domain function checks the code, the name and the
 * limits per address; the participant token goes into an HttpOnly cookie (so a student who
 * closes the laptop comes back as the same participant) and the student goes to their page.
 */
export async function joinAction(_previous: JoinFormState, form: FormData): Promise<JoinFormState> {
  const values = { code: formField(form, "code"), name: formField(form, "name") };
  const result = await toActionResult(async () => {
    const request = await headers();
    const { authSecret, joinLimiter, config } = getAppContext();
    const joined = await joinSession(getPrisma(), { authSecret, limiter: joinLimiter }, values, request.get(CLIENT_ADDRESS_HEADER) ?? "unknown");
    // As the join endpoint does (app/api/v1/sessions/join/route.ts): Secure when people reach us over https.
    const https = publicOrigin(request, config.publicUrl).startsWith("https:");
    (await cookies()).set(PARTICIPANT_COOKIE, joined.token, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: https,
      maxAge: Math.floor(PARTICIPANT_TOKEN_TTL_MS / 1000),
    });
    return joined.sessionId;
  });
  if (!result.ok) return { error: result.error, field: result.field === "code" || result.field === "name" ? result.field : null, values };
  redirect(`/sessions/${encodeURIComponent(result.data)}/participate`);
}
