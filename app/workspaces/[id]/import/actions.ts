"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { formField } from "@/lib/actions/form-field.ts";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { AppError } from "@/lib/errors.ts";
import { createDocument } from "@/lib/documents/create-document.ts";
import { importFetchOptions } from "@/lib/documents/import/import-fetch-options.ts";
import { MAX_UPLOAD_BYTES, prepareImport, type ImportDraft } from "@/lib/documents/prepare-import.ts";
import { clientAddressOf } from "@/lib/http/client-address.ts";
import { admitHeavyAction } from "@/lib/limits/admit-heavy-action.ts";

async function importInput(form: FormData) {
  const kind = formField(form, "kind");
  if (kind === "file") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return { kind, fileName: "", content: "" };
    if (file.size > MAX_UPLOAD_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_UPLOAD_BYTES / 1_000_000} MB.`, "file");
    }
    return { kind, fileName: file.name, content: await file.text() };
  }
  return { kind, text: formField(form, "text"), url: formField(form, "url") };
}

export async function prepareImportAction(_: unknown, form: FormData): Promise<ActionResult<ImportDraft>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(`/workspaces/${workspaceId}/import`);
  return toActionResult(async () => {
    await admitHeavyAction(getAppContext().apiLimiter, clientAddressOf(await headers()), user);
    return prepareImport(getPrisma(), user, workspaceId, await importInput(form), importFetchOptions(getAppContext().config));
  });
}

export async function saveImportAction(workspaceId: string, draft: ImportDraft): Promise<ActionResult<void>> {
  const user = await requireUser(`/workspaces/${workspaceId}/import`);
  const result = await toActionResult(() =>
    createDocument(getPrisma(), user, {
      workspaceId,
      title: draft.title,
      blocks: draft.blocks,
      source: draft.source,
      author: draft.author,
      publishedAt: draft.publishedAt || null,
      language: draft.language || undefined,
      importedFrom: draft.importedFrom,
    }),
  );
  if (result.ok) redirect(`/documents/${result.data.id}`);
  return result;
}
