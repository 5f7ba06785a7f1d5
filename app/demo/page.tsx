import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ArticleHeader } from "@/components/article/article-header.tsx";
import { AnnotationSurface } from "@/components/annotate/annotation-surface.tsx";
import { ExportMenu } from "@/components/export/export-menu.tsx";
import { annotationStateUrl } from "@/lib/annotate/annotation-state-url.ts";
import { getPrisma } from "@/lib/app-context.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { EXAMPLE_KEY } from "@/lib/classroom/example-key-data.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import { EXPORT_FORMATS } from "@/lib/export/export-options.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";

export const metadata: Metadata = { title: "Demo article" };

/**
 * The public demo: the live, read-only annotation surface of the demo article, which carries
 * the example answer key (seeded at start, lib/classroom/seed-demo-example-key.ts), so a visitor
 * sees highlights, sub-labels and a teacher's explanations, and an invitation to sign up.
 */
export default async function DemoPage() {
  await connection();
  const [document, user] = await Promise.all([getDocument(getPrisma(), { slug: DEMO_SLUG }), getSessionUser()]);
  if (!document) notFound();

  return (
    <>
      <link rel="preload" href={annotationStateUrl(document.id)} as="fetch" crossOrigin="anonymous" />
      <div className="reader-bar">
        <ExportMenu documentId={document.id} formats={EXPORT_FORMATS} vocabulary={DEFAULT_VOCABULARY} people={[]} />
      </div>
      <section className="demo-invite" aria-label="About this demo">
        <p>
          <strong>Read it critically, together.</strong> The highlights are an example answer key: {EXAMPLE_KEY.length} passages a
          media-literacy teacher would point out, each with a short explanation. Choose one to read why. With an account, your
          team or class tags and discusses articles live.
        </p>
        <Link className="button" href="/signup">
          Sign up to annotate
        </Link>
      </section>
      <AnnotationSurface
        documentId={document.id}
        language={document.language}
        blocks={document.blocks}
        text={canonicalBodyText(document.blocks)}
        header={<ArticleHeader document={document} />}
        me={user ? { id: user.userId, name: user.name } : null}
        members={[]}
        permissions={{ highlight: false, comment: false, moderate: false }}
        vocabulary={DEFAULT_VOCABULARY}
        readOnlyNote="Demo: read only"
      />
    </>
  );
}
