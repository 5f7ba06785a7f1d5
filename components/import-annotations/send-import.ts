import type { ImportReport } from "@/lib/annotations/import/plan-import.ts";

export type ImportAnswer = { report: ImportReport & { dryRun: boolean } } | { error: string };

/**
 * Sends an annotation file to the import endpoint with the browser's session. The file is
 * parsed here first only to say "not JSON" without a round trip; the server checks the rest.
 */
export async function sendImport(documentId: string, fileText: string, dryRun: boolean): Promise<ImportAnswer> {
  try {
    JSON.parse(fileText);
  } catch {
    return { error: "This file is not JSON. Choose a W3C Web Annotation (.jsonld, .json) or Hypothesis export." };
  }
  try {
    const response = await fetch(`/api/v1/documents/${encodeURIComponent(documentId)}/import${dryRun ? "?dryRun=1" : ""}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: fileText,
    });
    const answer = (await response.json()) as (ImportReport & { dryRun: boolean }) | { error: { message: string } };
    if ("error" in answer) return { error: answer.error.message };
    return { report: answer };
  } catch {
    return { error: "The server could not be reached. Check your connection and try again." };
  }
}
