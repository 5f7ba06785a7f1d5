import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ArticleView } from "@/components/article/article-view.tsx";
import { ExportMenu } from "@/components/export/export-menu.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import { EXPORT_FORMATS } from "@/lib/export/export-options.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";

export const metadata: Metadata = { title: "Demo article" };

export default async function DemoPage() {
  await connection();
  const document = await getDocument(getPrisma(), { slug: DEMO_SLUG });
  if (!document) notFound();

  return (
    <>
      <div className="reader-bar">
        <ExportMenu
          documentId={document.id}
          formats={EXPORT_FORMATS}
          vocabulary={DEFAULT_VOCABULARY}
          people={[]}
        />
      </div>
      <ArticleView
      document={document}
      margin={
        <section className="margin-card" aria-labelledby="demo-invite-title">
          <h2 id="demo-invite-title">Read it critically, together</h2>
          <p>
            This is a read-only demo. With an account you can highlight passages, tag them as{" "}
            <strong>propaganda</strong>, <strong>sourcing</strong> or <strong>context</strong>, and discuss each one
            live with your team or class.
          </p>
          <Link className="button" href="/signup">
            Sign up to annotate
          </Link>
        </section>
      }
      />
    </>
  );
}
