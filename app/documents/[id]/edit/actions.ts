"use server";

import { redirect } from "next/navigation";
import { formField } from "@/lib/actions/form-field.ts";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { carryAnnotations } from "@/lib/annotations/carry-annotations.ts";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { createDocumentVersion } from "@/lib/documents/create-document-version.ts";
import { currentRequestId } from "@/lib/http/current-request-id.ts";

export async function saveVersionAction(_: unknown, form: FormData): Promise<ActionResult<void>> {
  const documentId = formField(form, "documentId");
  const user = await requireUser(`/documents/${documentId}/edit`);
  const result = await toActionResult(() =>
    createDocumentVersion(getPrisma(), user, {
      documentId,
      title: formField(form, "title"),
      text: formField(form, "text"),
      source: formField(form, "source"),
      author: formField(form, "author"),
      publishedAt: formField(form, "publishedAt") || null,
      language: formField(form, "language") || undefined,
    }),
  );
  if (result.ok) {
    // The version is saved either way; if this fails, its highlights stay on the previous version.
    await carryAnnotations(getPrisma(), getAppContext().realtime, result.data.id).catch(async (error: unknown) => {
      getAppContext().logger.error({ err: error, reqId: await currentRequestId(), documentId: result.data.id }, "could not carry annotations over to the new version");
    });
    redirect(`/documents/${result.data.id}`);
  }
  return result;
}
