import type { Tag } from "@/lib/realtime/doc-schema.ts";
import type { Label, Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";

/**
 * One label row being edited. `id` is "" until the label is saved (the server makes it from the
 * name); `key` tells React rows apart, stable across renames so inputs keep focus.
 */
export type Row = Label & { key: string };

export type EditorState = { rows: Record<Tag, Row[]>; created: number };

export type EditorAction =
  | { type: "load"; vocabulary: Vocabulary }
  | { type: "add"; tag: Tag }
  | { type: "remove"; tag: Tag; key: string }
  | { type: "edit"; tag: Tag; key: string; field: "name" | "definition"; value: string };

function rowsOf(labels: Label[]): Row[] {
  return labels.map((label) => ({ ...label, key: `id-${label.id}` }));
}

export function initialState(vocabulary: Vocabulary): EditorState {
  return { rows: { propaganda: rowsOf(vocabulary.propaganda), sourcing: rowsOf(vocabulary.sourcing), context: rowsOf(vocabulary.context) }, created: 0 };
}

/** The key the next added row gets, so the editor can focus its name input once it renders. */
export function nextNewKey(state: EditorState): string {
  return `new-${state.created}`;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "load":
      return { ...initialState(action.vocabulary), created: state.created };
    case "add": {
      const row: Row = { key: nextNewKey(state), id: "", name: "", definition: "" };
      return { rows: { ...state.rows, [action.tag]: [...state.rows[action.tag], row] }, created: state.created + 1 };
    }
    case "remove":
      return { ...state, rows: { ...state.rows, [action.tag]: state.rows[action.tag].filter((row) => row.key !== action.key) } };
    case "edit":
      return {
        ...state,
        rows: {
          ...state.rows,
          [action.tag]: state.rows[action.tag].map((row) => (row.key === action.key ? { ...row, [action.field]: action.value } : row)),
        },
      };
  }
}

/** What the save action receives: ids only for saved labels, so new ones get theirs from their names. */
export function toInput(state: EditorState): Record<Tag, { id?: string; name: string; definition: string }[]> {
  const labels = (rows: Row[]) => rows.map(({ id, name, definition }) => (id ? { id, name, definition } : { name, definition }));
  return { propaganda: labels(state.rows.propaganda), sourcing: labels(state.rows.sourcing), context: labels(state.rows.context) };
}
