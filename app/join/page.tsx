import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { JoinForm } from "@/components/classroom/student/join-form.tsx";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { PARTICIPANT_COOKIE } from "@/lib/classroom/participant-token.ts";
import { readReturningParticipant } from "@/lib/classroom/read-participation.ts";
import "@/components/classroom/student/student.css";

export const metadata: Metadata = { title: "Join a session" };

type Props = { searchParams: Promise<{ code?: string | string[] }> };

/** Codes are shown with a space or dash by some teachers; the field gets the bare characters. */
function prefill(code: string | string[] | undefined): string {
  const value = Array.isArray(code) ? code[0] : code;
  return (value ?? "").replace(/[\s-]+/g, "").toUpperCase().slice(0, 12);
}

/**
 * Where students join a classroom session with the code on the board and a display name:
 * phone first, no account. A browser that already joined a live session is offered to go on.
 */
export default async function JoinPage({ searchParams }: Props) {
  const { code } = await searchParams;
  const token = (await cookies()).get(PARTICIPANT_COOKIE)?.value ?? null;
  const returning = await readReturningParticipant(getPrisma(), token, getAppContext().authSecret);
  return (
    <section className="auth-page join-page" aria-labelledby="join-title">
      <h1 id="join-title">Join a session</h1>
      {returning ? (
        <div className="join-returning">
          <p>You are already in a session on this device.</p>
          <Link className="button" href={`/sessions/${encodeURIComponent(returning.sessionId)}/participate`}>
            Continue as {returning.name}
          </Link>
          <p className="join-or">Or join another session:</p>
        </div>
      ) : (
        <p className="lede">Type the code your teacher shows and the name you want your teacher to see.</p>
      )}
      <JoinForm initialCode={prefill(code)} />
    </section>
  );
}
