import { notFound } from "next/navigation";
import { ImportWizard } from "@/components/import/import-wizard.tsx";
import { can } from "@/lib/workspaces/policy.ts";
import { loadWorkspace } from "../load-workspace.ts";

export const metadata = { title: "Import an article" };

export default async function ImportPage({ params }: { params: Promise<{ id: string }> }) {
  const { workspace } = await loadWorkspace((await params).id);
  if (!can(workspace.role, "document.import")) notFound();
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import an article</h2>
      <ImportWizard workspaceId={workspace.id} />
    </section>
  );
}
