"use server";

import { revalidatePath } from "next/cache";
import { toActionResult, type ActionResult } from "@/lib/actions/action-result.ts";
import { formField } from "@/lib/actions/form-field.ts";
import { getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { resetWorkspaceVocabulary, updateWorkspaceVocabulary } from "@/lib/vocabulary/update-workspace-vocabulary.ts";

function settingsPath(workspaceId: string) {
  return `/workspaces/${workspaceId}/settings`;
}

/** The editor sends its lists as one JSON field; anything unparsable is left for the schema to refuse. */
function jsonField(form: FormData, name: string): unknown {
  try {
    return JSON.parse(formField(form, name));
  } catch {
    return undefined;
  }
}

export async function saveVocabularyAction(_: unknown, form: FormData): Promise<ActionResult<Vocabulary>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(settingsPath(workspaceId));
  const result = await toActionResult(() => updateWorkspaceVocabulary(getPrisma(), user, { workspaceId, vocabulary: jsonField(form, "vocabulary") }));
  if (result.ok) revalidatePath(settingsPath(workspaceId));
  return result;
}

export async function resetVocabularyAction(_: unknown, form: FormData): Promise<ActionResult<Vocabulary>> {
  const workspaceId = formField(form, "workspaceId");
  const user = await requireUser(settingsPath(workspaceId));
  const result = await toActionResult(() => resetWorkspaceVocabulary(getPrisma(), user, workspaceId));
  if (result.ok) revalidatePath(settingsPath(workspaceId));
  return result;
}
