import type { W3CAnnotationOptions } from "./w3c.ts";

/** The IRIs Marginalia uses in W3C annotations, all under the public origin. */
export function w3cOptions(origin: string, documentUrl: string): W3CAnnotationOptions {
  return {
    documentUrl,
    annotationBaseUrl: `${origin}/api/v1/annotations/`,
    userBaseUrl: `${origin}/users/`,
    tagVocabularyUrl: `${origin}/vocabulary#`,
  };
}
