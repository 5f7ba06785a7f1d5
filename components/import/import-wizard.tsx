"use client";

import { useActionState, useState } from "react";
import { prepareImportAction } from "@/app/workspaces/[id]/import/actions.ts";
import { ImportReviewForm } from "./import-review-form.tsx";
import { ImportSourceForm } from "./import-source-form.tsx";

export function ImportWizard({ workspaceId }: { workspaceId: string }) {
  const [state, prepare] = useActionState(prepareImportAction, null);
  // Going back hides the draft of this attempt; a new submission produces a new state object.
  const [dismissed, setDismissed] = useState<typeof state>(null);
  if (state?.ok && state !== dismissed) {
    return <ImportReviewForm workspaceId={workspaceId} draft={state.data} onBack={() => setDismissed(state)} />;
  }
  return (
    <ImportSourceForm
      workspaceId={workspaceId}
      action={prepare}
      error={state && !state.ok ? state.error : undefined}
      errorField={state && !state.ok ? state.field : undefined}
    />
  );
}
