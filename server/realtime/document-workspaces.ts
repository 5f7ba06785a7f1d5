import type { SqlSession } from "@/lib/db/sql.ts";

export type DocumentWorkspaces = {
  /** The document's workspace (null: the public demo), or undefined when there is no such document. */
  workspaceOf(documentId: string): Promise<string | null | undefined>;
};

/**
 * A document never moves to another workspace, so which workspace it belongs to can be kept:
 * a class reconnecting after a deploy then costs the database one query per person, not two.
 * Bounded, least recently used first out; documents not found are not kept (one may be
 * imported a moment later under that id).
 */
export function createDocumentWorkspaces(sql: SqlSession, maxEntries = 10_000): DocumentWorkspaces {
  const known = new Map<string, string | null>();
  return {
    async workspaceOf(documentId) {
      if (known.has(documentId)) {
        const workspaceId = known.get(documentId)!;
        known.delete(documentId);
        known.set(documentId, workspaceId);
        return workspaceId;
      }
      const [row] = await sql.query<{ workspace_id: string | null }>(`SELECT "workspace_id" FROM "documents" WHERE "id" = $1`, [documentId]);
      if (!row) return undefined;
      known.set(documentId, row.workspace_id);
      if (known.size > maxEntries) known.delete(known.keys().next().value!);
      return row.workspace_id;
    },
  };
}
