import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import QRCode from "qrcode";
import { PresentCount } from "@/components/classroom/teacher/present-count.tsx";
import styles from "@/components/classroom/teacher/present.module.css";
import { getAppContext } from "@/lib/app-context.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import { loadTeacherPage } from "../load-teacher-page.ts";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Join the class session" };

/**
 * The projector page: the join address, the code (huge, spaced, no look-alike characters) and a
 * QR code of the join link with the code filled in, drawn as SVG on the server (crisp at any
 * size, nothing to load). The count of students who joined updates live.
 */
export default async function PresentPage({ params }: Props) {
  const id = (await params).id;
  const { session, rooms } = await loadTeacherPage(id, `/sessions/${id}/present`);
  const origin = publicOrigin(await headers(), getAppContext().config.publicUrl);
  const joinAddress = `${origin}/join`;
  const joinUrl = `${joinAddress}?code=${encodeURIComponent(session.code)}`;
  const qr = await QRCode.toString(joinUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
  return (
    <div className={styles.present}>
      <section className={styles.join} aria-labelledby="present-title">
        <h1 id="present-title" className={styles.lead}>
          Join the class: go to
        </h1>
        <p className={styles.url}>{joinAddress.replace(/^https?:\/\//, "")}</p>
        <p className={styles.codeLabel}>
          and type the code
        </p>
        <p className={styles.code}>
          <span aria-hidden="true" data-testid="join-code">
            {session.code}
          </span>
          {/* Read one character at a time, as the class will type it. */}
          <span className="visually-hidden">{session.code.split("").join(" ")}</span>
        </p>
      </section>
      <figure className={styles.qr}>
        {/* The SVG comes from the qrcode package and our own URL: nothing a user typed. */}
        <div role="img" aria-label={`QR code for ${joinUrl}`} dangerouslySetInnerHTML={{ __html: qr }} />
        <figcaption className={styles.qrCaption}>Or scan to join with the code filled in</figcaption>
      </figure>
      <footer className={styles.footer}>
        <PresentCount sessionId={session.id} classRoom={rooms.class} initial={session.participantCount} ended={session.ended} />
        <Link className={styles.back} href={`/sessions/${session.id}`}>
          Back to the dashboard
        </Link>
      </footer>
    </div>
  );
}
