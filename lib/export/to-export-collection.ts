import { type W3CAnnotation, type W3CAnnotationCollection, type W3CReply, toW3CAnnotation, toW3CCollection, toW3CReply } from "@/lib/annotations/w3c.ts";
import { w3cOptions } from "@/lib/annotations/w3c-options.ts";
import type { ExportModel } from "./export-model.ts";

export type ExportItem = Omit<W3CAnnotation, "@context"> | W3CReply;

/**
 * The export as a W3C AnnotationCollection: the highlights in reading order (tagging,
 * classifying and assessing bodies), then every comment, oldest first, as a `replying`
 * annotation that targets its highlight or its parent comment. The import side parses exactly
 * this shape. People are as the model names them, so pseudonyms reach the IRIs too.
 */
export function toExportCollection(model: ExportModel): W3CAnnotationCollection<ExportItem> {
  const options = w3cOptions(model.provenance.origin, model.document.url);
  const highlights = model.highlights.map((highlight) => {
    const annotation: Partial<W3CAnnotation> = toW3CAnnotation(
      {
        id: highlight.id,
        start: highlight.start,
        end: highlight.end,
        exact: highlight.exact,
        prefix: highlight.prefix,
        suffix: highlight.suffix,
        tag: highlight.tag,
        technique: highlight.label?.id ?? null,
        authorId: highlight.author.id,
        authorName: highlight.author.name,
        createdAt: highlight.createdAt.getTime(),
        updatedAt: highlight.updatedAt.getTime(),
        resolved: highlight.resolved,
        resolvedBy: highlight.resolvedBy?.id ?? null,
        resolvedAt: highlight.resolvedAt?.getTime() ?? null,
      },
      [],
      options,
    );
    // Items inherit the collection's context; repeating it 2,000 times only adds bytes.
    delete annotation["@context"];
    return annotation as Omit<W3CAnnotation, "@context">;
  });
  const replies = model.highlights
    .flatMap((highlight) =>
      highlight.comments.map((comment) => ({
        id: comment.id,
        annotationId: highlight.id,
        parentId: comment.parentId,
        authorId: comment.author.id,
        authorName: comment.author.name,
        body: comment.body,
        createdAt: comment.createdAt.getTime(),
        updatedAt: comment.updatedAt.getTime(),
      })),
    )
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((comment) => toW3CReply(comment, options));
  return toW3CCollection<ExportItem>([...highlights, ...replies], {
    id: `${model.provenance.origin}/api/v1/documents/${model.document.id}/export?format=jsonld`,
    label: `Annotations on “${model.document.title}”`,
  });
}
