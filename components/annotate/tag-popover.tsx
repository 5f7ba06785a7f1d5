"use client";

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { foldForSearch } from "@/lib/comments/mention-query.ts";
import { TAG_FOR_KEY, TAG_INFO, type Label, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { TAG_ICONS } from "./tag-badge.tsx";

type Props = {
  quote: string;
  vocabulary: Vocabulary;
  /** Set when the tag was chosen with its key already: the popover opens on the sub-labels. */
  initialTag: Tag | null;
  position: { top: number; left: number } | null;
  onPick: (tag: Tag, technique: string | null) => void;
  onClose: () => void;
};

/**
 * The small dialog that tags a selection: first the tag (buttons or the keys 1, 2, 3), then an
 * optional sub-label from the workspace vocabulary, each with its one-line definition shown on
 * hover and focus and read out as the button's description.
 */
export function TagPopover({ quote, vocabulary, initialTag, position, onPick, onClose }: Props) {
  const [tag, setTag] = useState<Tag | null>(initialTag);
  const [filter, setFilter] = useState("");
  const [described, setDescribed] = useState<Label | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const labels = useMemo(() => {
    if (!tag) return [];
    const query = foldForSearch(filter.trim());
    const all = vocabulary[tag];
    if (!query) return all;
    const starts = all.filter((label) => foldForSearch(label.name).split(/[\s,-]+/).some((word) => word.startsWith(query)));
    const contains = all.filter((label) => !starts.includes(label) && foldForSearch(`${label.name} ${label.definition}`).includes(query));
    return [...starts, ...contains];
  }, [tag, filter, vocabulary]);

  useEffect(() => {
    if (tag) filterRef.current?.focus();
    else dialogRef.current?.querySelector<HTMLButtonElement>("button[data-tag]")?.focus();
  }, [tag]);

  const chooseTag = (next: Tag) => {
    setTag(next);
    setFilter("");
    setDescribed(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      if (tag && !initialTag) setTag(null);
      else onClose();
      return;
    }
    const inFilter = event.target === filterRef.current;
    if (!tag && TAG_FOR_KEY[event.key]) {
      event.preventDefault();
      chooseTag(TAG_FOR_KEY[event.key]!);
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const options = Array.from(dialogRef.current?.querySelectorAll<HTMLButtonElement>("[data-option]") ?? []);
      if (!options.length) return;
      event.preventDefault();
      const index = options.indexOf(document.activeElement as HTMLButtonElement);
      const next = inFilter ? 0 : event.key === "ArrowDown" ? Math.min(index + 1, options.length - 1) : index - 1;
      if (next < 0) filterRef.current?.focus();
      else options[next]!.focus();
    }
  };

  return (
    <div
      ref={dialogRef}
      className="tag-popover"
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      style={position ? { top: position.top, left: position.left } : undefined}
      onKeyDown={onKeyDown}
    >
      <p id={`${id}-title`} className="tag-popover-title">
        {tag ? `${TAG_INFO[tag].name}: choose a sub-label` : "Tag this passage"}
      </p>
      <p className="tag-popover-quote">“{quote}”</p>
      {!tag ? (
        <div className="tag-choices" role="group" aria-label="Tag">
          {TAGS.map((choice) => (
            <button key={choice} type="button" className="tag-choice" data-tag={choice} onClick={() => chooseTag(choice)} aria-keyshortcuts={TAG_INFO[choice].key} title={TAG_INFO[choice].description}>
              <span aria-hidden="true" className="tag-badge-icon">
                {TAG_ICONS[choice]}
              </span>
              {TAG_INFO[choice].name}
              <kbd aria-hidden="true">{TAG_INFO[choice].key}</kbd>
            </button>
          ))}
        </div>
      ) : (
        <form
          className="label-picker"
          onSubmit={(event) => {
            event.preventDefault();
            onPick(tag, filter.trim() && labels[0] ? labels[0].id : null);
          }}
        >
          <label htmlFor={`${id}-filter`} className="visually-hidden">
            Find a sub-label
          </label>
          <input
            ref={filterRef}
            id={`${id}-filter`}
            className="label-filter"
            type="search"
            autoComplete="off"
            placeholder="Type to find a sub-label, Enter to pick"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          <ul className="label-options" aria-label={`${TAG_INFO[tag].name} sub-labels`}>
            {labels.map((label) => (
              <li key={label.id}>
                <button
                  type="button"
                  data-option
                  aria-describedby={`${id}-${label.id}`}
                  onClick={() => onPick(tag, label.id)}
                  onFocus={() => setDescribed(label)}
                  onMouseEnter={() => setDescribed(label)}
                >
                  {label.name}
                </button>
                <span id={`${id}-${label.id}`} hidden>
                  {label.definition}
                </span>
              </li>
            ))}
            {labels.length === 0 ? <li className="label-none">No sub-label matches “{filter}”.</li> : null}
          </ul>
          <p className="label-definition" aria-hidden="true">
            {described ? described.definition : TAG_INFO[tag].description}
          </p>
          <div className="tag-popover-actions">
            <button type="button" data-option className="button-quiet" onClick={() => onPick(tag, null)}>
              Tag without a sub-label
            </button>
            <button type="button" className="button-quiet" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
