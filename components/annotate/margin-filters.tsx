"use client";

import { useId } from "react";
import { isFiltering, NO_FILTER, type ThreadFilter } from "@/lib/annotate/filter-threads.ts";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { TAG_ICONS } from "./tag-badge.tsx";
import type { Member } from "./surface-types.ts";

type Props = {
  filter: ThreadFilter;
  onChange: (filter: ThreadFilter) => void;
  countsByTag: Record<Tag, number>;
  vocabulary: Vocabulary;
  authors: readonly Member[];
  me: Member | null;
};

/** Filters for the margin: tags (with counts), sub-label, author, open/resolved, mentions, search. */
export function MarginFilters({ filter, onChange, countsByTag, vocabulary, authors, me }: Props) {
  const id = useId();
  const set = (patch: Partial<ThreadFilter>) => onChange({ ...filter, ...patch });
  const toggleTag = (tag: Tag) =>
    set({ tags: filter.tags.includes(tag) ? filter.tags.filter((value) => value !== tag) : TAGS.filter((value) => value === tag || filter.tags.includes(value)) });
  const techniques = filter.tags.flatMap((tag) => vocabulary[tag].map((label) => ({ ...label, tag })));

  return (
    <form className="margin-filters" role="search" aria-label="Filter highlights" onSubmit={(event) => event.preventDefault()}>
      <fieldset className="tag-filter">
        <legend className="visually-hidden">Tags</legend>
        {TAGS.map((tag) => (
          <label key={tag} className="tag-filter-option" data-tag={tag}>
            <input type="checkbox" checked={filter.tags.includes(tag)} onChange={() => toggleTag(tag)} />
            <span aria-hidden="true" className="tag-badge-icon">
              {TAG_ICONS[tag]}
            </span>
            {TAG_INFO[tag].name} <span className="count">{countsByTag[tag]}</span>
          </label>
        ))}
      </fieldset>
      <div className="filter-row">
        <label htmlFor={`${id}-search`} className="visually-hidden">
          Search comments and quotes
        </label>
        <input id={`${id}-search`} type="search" placeholder="Search comments and quotes" value={filter.query} onChange={(event) => set({ query: event.target.value })} />
      </div>
      <div className="filter-row filter-row--selects">
        <label>
          <span className="visually-hidden">Sub-label</span>
          <select value={filter.technique} onChange={(event) => set({ technique: event.target.value })}>
            <option value="">Any sub-label</option>
            {techniques.map((label) => (
              <option key={`${label.tag}:${label.id}`} value={label.id}>
                {label.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Author</span>
          <select value={filter.authorId} onChange={(event) => set({ authorId: event.target.value })}>
            <option value="">Anyone</option>
            {authors.map((author) => (
              <option key={author.id} value={author.id}>
                {author.id === me?.id ? `${author.name} (you)` : author.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Status</span>
          <select value={filter.status} onChange={(event) => set({ status: event.target.value as ThreadFilter["status"] })}>
            <option value="all">Open and resolved</option>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
      </div>
      <div className="filter-row filter-row--end">
        {me ? (
          <label className="checkbox-label">
            <input type="checkbox" checked={filter.mentioning !== null} onChange={(event) => set({ mentioning: event.target.checked ? me.id : null })} />
            Mentions of me
          </label>
        ) : null}
        {isFiltering(filter) ? (
          <button type="button" className="link-button" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </button>
        ) : null}
      </div>
    </form>
  );
}
