import { VocabularyEditor } from "@/components/vocabulary/vocabulary-editor.tsx";
import { VocabularyList } from "@/components/vocabulary/vocabulary-list.tsx";
import { DeleteWorkspaceForm, RenameWorkspaceForm } from "@/components/workspaces/workspace-settings-forms.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { can } from "@/lib/workspaces/policy.ts";
import { loadWorkspace } from "../load-workspace.ts";

export const metadata = { title: "Workspace settings" };

/** Owners rename, delete and edit the tag vocabulary here; every other member reads the vocabulary. */
export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace } = await loadWorkspace((await params).id);
  // loadWorkspace has checked membership, which is all reading the vocabulary needs.
  const vocabulary = await getWorkspaceVocabulary(getPrisma(), workspace.id);
  return (
    <section className="settings-sections" aria-labelledby="settings-title">
      {/* The other workspace pages open with a visible h2; here the tab says it, so the level is kept for screen readers only. */}
      <h2 id="settings-title" className="visually-hidden">
        Workspace settings
      </h2>
      {can(workspace.role, "workspace.rename") ? <RenameWorkspaceForm workspaceId={workspace.id} name={workspace.name} /> : null}
      <section className="vocabulary-section" aria-labelledby="vocabulary-title">
        <h3 id="vocabulary-title">Tag vocabulary</h3>
        {can(workspace.role, "vocabulary.edit") ? (
          <>
            <p className="field-hint">
              The sub-labels readers choose from when they tag a highlight. Renaming a label keeps it on the highlights
              that have it; a removed label stays on its highlights under its old id.
            </p>
            <VocabularyEditor workspaceId={workspace.id} vocabulary={vocabulary} />
          </>
        ) : (
          <>
            <p className="field-hint">The sub-labels readers choose from when they tag a highlight, and what each means. The workspace&apos;s owners edit them.</p>
            <VocabularyList vocabulary={vocabulary} />
          </>
        )}
      </section>
      {can(workspace.role, "workspace.delete") ? <DeleteWorkspaceForm workspaceId={workspace.id} name={workspace.name} /> : null}
    </section>
  );
}
