import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ArticleView } from "@/components/article/article-view.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { getDocument } from "@/lib/documents/get-document.ts";

type Props = { params: Promise<{ id: string }> };

/** Memoized per request: metadata and page read the same row once. */
const loadDocument = cache((id: string) => getDocument(getPrisma(), { id }));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const document = await loadDocument((await params).id);
  return { title: document?.title ?? "Document not found" };
}

export default async function DocumentPage({ params }: Props) {
  const document = await loadDocument((await params).id);
  if (!document) notFound();
  return <ArticleView document={document} />;
}
