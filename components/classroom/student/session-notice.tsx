import Link from "next/link";

/** Why a student's page cannot show the session, and what to do about it. */
export function SessionNotice({ title, children, joinAgain = true }: { title: string; children: React.ReactNode; joinAgain?: boolean }) {
  return (
    <section className="notice-page" aria-labelledby="session-notice-title">
      <h1 id="session-notice-title">{title}</h1>
      <p>{children}</p>
      {joinAgain ? (
        <p className="notice-actions">
          <Link className="button" href="/join">
            Join a session
          </Link>
        </p>
      ) : null}
    </section>
  );
}
