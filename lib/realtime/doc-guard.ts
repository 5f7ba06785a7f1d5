import * as Y from "yjs";
import { ROOT_NAMES, SCHEMA_VERSION } from "./doc-schema.ts";
import type { EntryChange } from "./authorize-change.ts";
import { parseAnnotationEntry, parseCommentEntry } from "./parse-entry.ts";

/** Far above any burst of typing; a larger message is refused before it is decoded. */
export const MAX_UPDATE_BYTES = 256 * 1024;

export type DocChangeVerdict = { ok: true } | { ok: false; reason: string };

/** What the update changed, collected by observers while it is applied to the probe. */
type Touched = {
  annotations: Set<string>;
  comments: Set<string>;
  metaKeys: Set<string>;
  /** Problems only visible while the events fire (list content in a map, a removed version). */
  problems: string[];
};

function refuse(reason: string): DocChangeVerdict {
  return { ok: false, reason };
}

/**
 * Collects the ids of the entries an update touches in one root map: keys of the root itself,
 * and the first path segment of changes nested inside an entry. `null` keys mean list content
 * pushed into a map, which no reader would ever see.
 */
function watchEntries(root: Y.Map<unknown>, kind: string, ids: Set<string>, problems: string[]): void {
  root.observeDeep((events) => {
    for (const event of events) {
      const keys: Set<string | null> = event instanceof Y.YMapEvent ? event.keysChanged : new Set();
      const listContent = keys.has(null);
      if (event.target === root) {
        for (const key of keys) if (key !== null) ids.add(key);
        if (listContent) problems.push(`${kind}s: the root map may only hold entries keyed by id`);
        continue;
      }
      const [id, ...rest] = event.path;
      if (typeof id !== "string") continue;
      ids.add(id);
      if (listContent && rest.length === 0) problems.push(`${kind} ${id.slice(0, 40)}: may only hold named fields`);
    }
  });
}

function watchMeta(meta: Y.Map<unknown>, touched: Touched): void {
  meta.observe((event) => {
    for (const [key, change] of event.changes.keys) {
      touched.metaKeys.add(key);
      if (key === "schemaVersion" && change.action === "delete") touched.problems.push("meta: schemaVersion must not be removed");
    }
    if ((event.keysChanged as Set<string | null>).has(null)) touched.problems.push("meta: may only hold named fields");
  });
}

function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

export type GuardContext = {
  documentTextLength: number;
  /** Permission rules on top of the schema: a reason to refuse this entry change, or null. */
  authorize?: (change: EntryChange) => string | null;
};

export type DocGuard = {
  /**
   * Decides whether the server accepts a client's update to the guarded document. Call
   * `doc`-changing code only after an ok: the guard has then already taken the update in.
   */
  check(update: Uint8Array, context: GuardContext): DocChangeVerdict;
  destroy(): void;
};

function entryRecord<T>(
  parse: (key: string, value: unknown) => { ok: true; record: T } | { ok: false },
  map: Y.Map<unknown> | undefined,
  id: string,
): T | null {
  if (!map?.has(id)) return null;
  const parsed = parse(id, map.get(id));
  return parsed.ok ? parsed.record : null;
}

/**
 * Guards a room document against malformed or unauthorized client updates. It keeps a shadow
 * copy of the document: an update is applied to the shadow first, the entries it touched are
 * validated there (the real document still shows them as they were), and only then may the
 * caller apply it for real. Checking costs about as much as applying the update; the shadow is
 * rebuilt from the document only after a refusal. Every other change to the document reaches
 * the shadow through the document's own update events.
 */
export function createDocGuard(doc: Y.Doc): DocGuard {
  let shadow: Y.Doc;
  let touched: Touched;

  function build() {
    shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(doc));
    touched = { annotations: new Set(), comments: new Set(), metaKeys: new Set(), problems: [] };
    watchEntries(shadow.getMap<unknown>("annotations"), "annotation", touched.annotations, touched.problems);
    watchEntries(shadow.getMap<unknown>("comments"), "comment", touched.comments, touched.problems);
    watchMeta(shadow.getMap<unknown>("meta"), touched);
  }
  const follow = (update: Uint8Array) => Y.applyUpdate(shadow, update);
  build();
  doc.on("update", follow);

  function verdict(update: Uint8Array, context: GuardContext): DocChangeVerdict {
    const pendingBefore = hasPending(shadow);
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      return refuse("The update could not be decoded.");
    }
    const meta = shadow.getMap<unknown>("meta");
    const annotations = shadow.getMap<unknown>("annotations");
    const comments = shadow.getMap<unknown>("comments");

    const foreign = [...shadow.share.keys()].find((name) => !(ROOT_NAMES as readonly string[]).includes(name));
    if (foreign !== undefined) {
      return refuse(`The document may only have the root maps ${ROOT_NAMES.join(", ")}, not “${foreign.slice(0, 40)}”.`);
    }
    // Structs we cannot integrate cannot be validated now, yet would land later unchecked.
    if (!pendingBefore && hasPending(shadow)) {
      return refuse("The update depends on changes the server does not have; sync again.");
    }
    const [problem] = touched.problems;
    if (problem !== undefined) return refuse(problem);

    for (const key of touched.metaKeys) {
      if (key !== "schemaVersion") return refuse(`meta: unknown field ${key.slice(0, 40)}`);
    }
    if (meta.has("schemaVersion") && meta.get("schemaVersion") !== SCHEMA_VERSION) {
      return refuse(`meta: schemaVersion must be ${SCHEMA_VERSION}`);
    }

    // getMap only on roots that exist: defining a new root would itself change the real
    // document (existing ones may still be untyped placeholders that getMap casts).
    const realAnnotations = doc.share.has("annotations") ? doc.getMap<unknown>("annotations") : undefined;
    const realComments = doc.share.has("comments") ? doc.getMap<unknown>("comments") : undefined;
    const deletedAnnotations = new Set<string>();
    for (const id of touched.annotations) {
      const before = entryRecord(parseAnnotationEntry, realAnnotations, id);
      if (!annotations.has(id)) {
        deletedAnnotations.add(id);
        const denied = before ? context.authorize?.({ kind: "annotation", id, before, after: null }) : null;
        if (denied) return refuse(denied);
        continue;
      }
      const result = parseAnnotationEntry(id, annotations.get(id));
      if (!result.ok) return refuse(result.reason);
      if (result.record.end > context.documentTextLength) {
        return refuse(
          `annotation ${id}: end must be at most ${context.documentTextLength}, the length of the article text in code points`,
        );
      }
      const denied = context.authorize?.({ kind: "annotation", id, before, after: result.record });
      if (denied) return refuse(denied);
    }

    for (const id of touched.comments) {
      const before = entryRecord(parseCommentEntry, realComments, id);
      if (!comments.has(id)) {
        const denied = before
          ? context.authorize?.({ kind: "comment", id, before, after: null, annotationDeleted: deletedAnnotations.has(before.annotationId) })
          : null;
        if (denied) return refuse(denied);
        continue;
      }
      const result = parseCommentEntry(id, comments.get(id));
      if (!result.ok) return refuse(result.reason);
      // A comment whose annotation (or parent) is gone is accepted: someone may have deleted
      // the highlight while this reply was written offline. Refusing it would leave that
      // client unable to sync forever; readers and the projection skip such orphans.
      const { annotationId, parentId } = result.record;
      const parent = parentId === null ? undefined : comments.get(parentId);
      if (parent instanceof Y.Map && parent.get("annotationId") !== annotationId) {
        return refuse(`comment ${id}: parentId must refer to a comment on the same annotation`);
      }
      const denied = context.authorize?.({ kind: "comment", id, before, after: result.record, annotationDeleted: false });
      if (denied) return refuse(denied);
    }
    return { ok: true };
  }

  return {
    check(update, context) {
      if (update.byteLength > MAX_UPDATE_BYTES) {
        return refuse(`The update is ${update.byteLength} bytes; the limit is ${MAX_UPDATE_BYTES} bytes.`);
      }
      touched.annotations.clear();
      touched.comments.clear();
      touched.metaKeys.clear();
      touched.problems.length = 0;
      const result = verdict(update, context);
      if (!result.ok) {
        // The shadow took in a change the document will never have: start it afresh.
        shadow.destroy();
        build();
      }
      return result;
    },
    destroy() {
      doc.off("update", follow);
      shadow.destroy();
    },
  };
}
