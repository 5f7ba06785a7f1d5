import { apiRoute } from "@/lib/api/api-route.ts";
import { documentResource } from "@/lib/api/document-resource.ts";
import { createDocument } from "@/lib/documents/create-document.ts";
import { MAX_TEXT_BYTES } from "@/lib/documents/document-input.ts";
import { listDocuments } from "@/lib/documents/list-documents.ts";

type Params = { id: string };

export const GET = apiRoute<Params>(async ({ prisma, actor, params, pageUrl }) => ({
  documents: (await listDocuments(prisma, actor, { workspaceId: params.id })).map((document) => ({
    id: document.id,
    url: pageUrl(`/documents/${document.id}`),
    title: document.title,
    source: document.source,
    author: document.author,
    publishedAt: document.publishedAt?.toISOString() ?? null,
    createdAt: document.createdAt.toISOString(),
    annotationCount: document.annotationCount,
    lastActivityAt: document.lastActivityAt.toISOString(),
  })),
}));

export const POST = apiRoute<Params>(
  async ({ prisma, actor, params, json, pageUrl }) => {
    // importedFrom records where the server itself fetched an article; API callers cannot set it.
    const document = await createDocument(prisma, actor, { ...(await json()), importedFrom: undefined, workspaceId: params.id });
    return Response.json(documentResource(document, pageUrl(`/documents/${document.id}`)), { status: 201 });
  },
  // The text limit plus room for JSON escaping and metadata; the text itself is checked exactly.
  { maxBodyBytes: MAX_TEXT_BYTES * 2 },
);
