/**
 * Where a document's annotation room state is served over HTTP. The document page preloads
 * this URL and the annotation surface fetches it: one function, so the two always match and
 * the fetch takes the preloaded response instead of asking again.
 */
export function annotationStateUrl(documentId: string): string {
  return `/api/v1/documents/${encodeURIComponent(documentId)}/annotation-state`;
}
