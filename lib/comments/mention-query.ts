/**
 * The text side of @mention autocomplete in a plain textarea: which "@query" the caret is in, what
 * the value becomes once a member is picked, and which members match. No DOM, so it is unit-tested
 * here and the component only wires events to it.
 */
import { mentionToken } from "./comment-markup.ts";

export interface MentionMember {
  id: string;
  name: string;
}

export const MAX_MENTION_QUERY = 40;

/** What may come right before the "@": nothing, whitespace, or an opening bracket or quote. */
const WORD_START = /[\s([{"'“‘«]/u;

/**
 * The "@query" being typed at `caret`, if any: an "@" at the start of a word, followed by up to
 * 40 characters with no line break and no second "@". A query starting with a space is plain prose
 * ("@ noon"), and one starting with "[" is an existing mention token, so neither counts.
 */
export function activeMentionQuery(value: string, caret: number): { start: number; query: string } | null {
  if (caret < 1 || caret > value.length) return null;
  const floor = Math.max(0, caret - MAX_MENTION_QUERY - 1);
  for (let start = caret - 1; start >= floor; start -= 1) {
    const char = value[start]!;
    if (char === "\n" || char === "\r") return null;
    if (char !== "@") continue;
    const before = value[start - 1];
    if (before !== undefined && !WORD_START.test(before)) return null;
    const query = value.slice(start + 1, caret);
    if (/^[\s[]/.test(query)) return null;
    return { start, query };
  }
  return null;
}

/**
 * Replaces the "@query" that ends at `caret` with the member's mention token and a space (unless
 * whitespace already follows), and returns the new value with the caret after it. When the text
 * before the caret is not "@query" (the value changed meanwhile), the token is inserted at the caret.
 */
export function applyMention(
  value: string,
  caret: number,
  query: string,
  member: MentionMember,
): { value: string; caret: number } {
  const typed = `@${query}`;
  const start = value.slice(0, caret).endsWith(typed) ? caret - typed.length : caret;
  const after = value.slice(caret);
  const token = mentionToken(member.name, member.id);
  const spacer = /^\s/.test(after) ? "" : " ";
  const before = value.slice(0, start) + token + spacer;
  return { value: before + after, caret: before.length + (spacer === "" ? 1 : 0) };
}

/** Lower case without accents, so "eve" finds "Ève" and "ZOE" finds "Zoë". */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

const WORD_SEPARATOR = /[\s\-'’.,()]/u;

function startsAWord(name: string, query: string): boolean {
  for (let index = 0; index <= name.length - query.length; index += 1) {
    if ((index === 0 || WORD_SEPARATOR.test(name[index - 1]!)) && name.startsWith(query, index)) return true;
  }
  return false;
}

/**
 * Members whose name matches `query`: first those where it begins a word ("lo" finds "Ada
 * Lovelace"), then those containing it anywhere, each group in the given order. An empty query
 * lists the first members.
 */
export function filterMembers<T extends MentionMember>(members: readonly T[], query: string, limit = 6): T[] {
  const folded = foldForSearch(query.trim());
  if (folded === "") return members.slice(0, limit);
  const prefix: T[] = [];
  const inside: T[] = [];
  for (const member of members) {
    const name = foldForSearch(member.name);
    if (startsAWord(name, folded)) prefix.push(member);
    else if (name.includes(folded)) inside.push(member);
  }
  return [...prefix, ...inside].slice(0, limit);
}
