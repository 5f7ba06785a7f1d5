"use client";

import { useEffect, useReducer, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { resetVocabularyAction, saveVocabularyAction } from "@/app/workspaces/[id]/settings/actions.ts";
import { FormMessage } from "@/components/ui/form-message.tsx";
import type { ActionResult } from "@/lib/actions/action-result.ts";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { MAX_DEFINITION_LENGTH, MAX_LABEL_NAME_LENGTH, MAX_LABELS_PER_TAG } from "@/lib/vocabulary/schema.ts";
import { editorReducer, initialState, nextNewKey, toInput, type Row } from "./editor-state.ts";

/** Where a refused save points: a tag's list, or one input of one row (by its index when sent). */
type FieldRef = { tag: Tag; index: number | null; part: "id" | "name" | "definition" | null };

type Status = { error?: string; success?: string; field?: FieldRef };

/** The server names the field as `vocabulary.<tag>[.<index>.<part>]` (see lib/validation.ts). */
function fieldRef(field: string | undefined): FieldRef | undefined {
  const match = /^vocabulary\.(propaganda|sourcing|context)(?:\.(\d+)(?:\.(id|name|definition))?)?$/.exec(field ?? "");
  if (!match) return undefined;
  return { tag: match[1] as Tag, index: match[2] === undefined ? null : Number(match[2]), part: (match[3] as FieldRef["part"]) ?? null };
}

function inputId(tag: Tag, key: string, part: "name" | "definition") {
  return `vocabulary-${tag}-${key}-${part}`;
}

/**
 * The owner's editor for the three tags' labels. Rows live in local state until Save sends them
 * all as one JSON field; after a save or reset the rows are reloaded from what was stored, so
 * new labels pick up the ids the server gave them and a second save does not make new ones.
 */
export function VocabularyEditor({ workspaceId, vocabulary }: { workspaceId: string; vocabulary: Vocabulary }) {
  const [state, dispatch] = useReducer(editorReducer, vocabulary, initialState);
  const [status, setStatus] = useState<Status | null>(null);
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(toInput(initialState(vocabulary))));
  /** The input to focus after the next render: a new row's name, a neighbour after a removal, or an invalid field. */
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const inputJson = JSON.stringify(toInput(state));
  const unsaved = inputJson !== savedJson;

  function settle(result: ActionResult<Vocabulary>, success: string) {
    if (result.ok) {
      dispatch({ type: "load", vocabulary: result.data });
      setSavedJson(JSON.stringify(toInput(initialState(result.data))));
      setStatus({ success });
      return;
    }
    const field = fieldRef(result.field);
    setStatus({ error: result.error, ...(field ? { field } : {}) });
    const row = field?.index != null ? state.rows[field.tag][field.index] : undefined;
    if (field && row) focusNext.current = inputId(field.tag, row.key, field.part === "definition" ? "definition" : "name");
  }

  async function save(form: FormData) {
    settle(await saveVocabularyAction(null, form), "Vocabulary saved. Renamed labels keep their highlights.");
  }

  async function reset(form: FormData) {
    settle(await resetVocabularyAction(null, form), "The vocabulary is back to the default labels.");
  }

  function add(tag: Tag) {
    focusNext.current = inputId(tag, nextNewKey(state), "name");
    dispatch({ type: "add", tag });
    setStatus(null);
  }

  function remove(tag: Tag, row: Row, index: number) {
    const rows = state.rows[tag];
    const neighbour = rows[index + 1] ?? rows[index - 1];
    focusNext.current = neighbour ? inputId(tag, neighbour.key, "name") : `vocabulary-${tag}-add`;
    dispatch({ type: "remove", tag, key: row.key });
    const what = row.name.trim() ? `“${row.name.trim()}”` : "the empty label";
    setStatus({ success: `Removed ${what} from ${TAG_INFO[tag].name}. Save to keep the change.` });
  }

  return (
    <form action={save} className="vocabulary">
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <input type="hidden" name="vocabulary" value={inputJson} />
      {TAGS.map((tag) => {
        const rows = state.rows[tag];
        const tagError = status?.field?.tag === tag && status.field.index === null ? status.error : undefined;
        const errorRowKey = status?.field?.tag === tag && status.field.index !== null ? rows[status.field.index]?.key : undefined;
        return (
          <fieldset
            key={tag}
            className="vocabulary-tag"
            data-tag={tag}
            aria-describedby={[`vocabulary-${tag}-hint`, tagError ? `vocabulary-${tag}-error` : ""].join(" ").trim()}
          >
            <legend className="vocabulary-tag-title">
              <span className="tag-icon" aria-hidden="true" /> {TAG_INFO[tag].name}
            </legend>
            <p id={`vocabulary-${tag}-hint`} className="field-hint">
              {TAG_INFO[tag].description} {rows.length === 1 ? "1 label" : `${rows.length} labels`}, at most {MAX_LABELS_PER_TAG}.
            </p>
            {tagError ? (
              <p id={`vocabulary-${tag}-error`} className="field-error">
                {tagError}
              </p>
            ) : null}
            {rows.length === 0 ? <p className="empty">No labels: highlights carry the tag alone.</p> : null}
            <ol className="vocabulary-rows">
              {rows.map((row, index) => (
                <LabelRow
                  key={row.key}
                  tag={tag}
                  row={row}
                  number={index + 1}
                  error={row.key === errorRowKey ? { message: status?.error ?? "", part: status?.field?.part ?? null } : undefined}
                  onEdit={(field, value) => dispatch({ type: "edit", tag, key: row.key, field, value })}
                  onRemove={() => remove(tag, row, index)}
                />
              ))}
            </ol>
            <button
              type="button"
              id={`vocabulary-${tag}-add`}
              className="button button-secondary"
              onClick={() => add(tag)}
              disabled={rows.length >= MAX_LABELS_PER_TAG}
            >
              Add label<span className="visually-hidden"> to {TAG_INFO[tag].name}</span>
            </button>
          </fieldset>
        );
      })}
      <FormMessage error={status?.error} success={status?.success} />
      <div className="button-row vocabulary-actions">
        <VocabularyButtons reset={reset} />
        {unsaved ? <p className="field-hint">You have unsaved changes.</p> : null}
      </div>
    </form>
  );
}

type RowError = { message: string; part: FieldRef["part"] };

/** One label: name and definition, labelled with the row's number so each input is unambiguous when read alone. */
function LabelRow({
  tag,
  row,
  number,
  error,
  onEdit,
  onRemove,
}: {
  tag: Tag;
  row: Row;
  number: number;
  error: RowError | undefined;
  onEdit: (field: "name" | "definition", value: string) => void;
  onRemove: () => void;
}) {
  const nameId = inputId(tag, row.key, "name");
  const definitionId = inputId(tag, row.key, "definition");
  const errorId = `vocabulary-${tag}-${row.key}-error`;
  const definitionInvalid = error?.part === "definition";
  const nameInvalid = error !== undefined && !definitionInvalid;
  const which = <span className="visually-hidden"> of {TAG_INFO[tag].name} label {number}</span>;
  return (
    <li className="vocabulary-row">
      <div className="field">
        <label htmlFor={nameId}>Name{which}</label>
        <input
          id={nameId}
          type="text"
          value={row.name}
          onChange={(event) => onEdit("name", event.target.value)}
          required
          maxLength={MAX_LABEL_NAME_LENGTH}
          autoComplete="off"
          aria-invalid={nameInvalid || undefined}
          aria-describedby={nameInvalid ? errorId : undefined}
        />
        {/* Shown, not announced: the id is what highlights and the API store, and a rename keeps it. */}
        <span className="cell-sub vocabulary-id">{row.id ? `id: ${row.id}` : "id: made from the name when saved"}</span>
      </div>
      <div className="field">
        <label htmlFor={definitionId}>Definition{which}</label>
        <input
          id={definitionId}
          type="text"
          value={row.definition}
          onChange={(event) => onEdit("definition", event.target.value)}
          maxLength={MAX_DEFINITION_LENGTH}
          autoComplete="off"
          aria-invalid={definitionInvalid || undefined}
          aria-describedby={definitionInvalid ? errorId : undefined}
        />
      </div>
      <button type="button" className="button button-secondary vocabulary-remove" onClick={onRemove}>
        Remove<span className="visually-hidden"> {row.name.trim() ? `“${row.name.trim()}”` : `${TAG_INFO[tag].name} label ${number}`}</span>
      </button>
      {error ? (
        <p id={errorId} className="field-error vocabulary-row-error">
          {error.message}
        </p>
      ) : null}
    </li>
  );
}

/** Save and Reset share the form (and so its pending state); each says which one is running. */
function VocabularyButtons({ reset }: { reset: (form: FormData) => Promise<void> }) {
  const { pending, action } = useFormStatus();
  const resetting = pending && action === reset;
  return (
    <>
      <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
        {pending && !resetting ? "Saving…" : "Save vocabulary"}
      </button>
      <button
        type="submit"
        formAction={reset}
        formNoValidate
        className="button button-secondary"
        disabled={pending}
        aria-disabled={pending}
        onClick={(event) => {
          if (!window.confirm("Replace every label of all three tags with the defaults? Highlights keep their labels' ids.")) event.preventDefault();
        }}
      >
        {resetting ? "Resetting…" : "Reset to defaults"}
      </button>
    </>
  );
}
