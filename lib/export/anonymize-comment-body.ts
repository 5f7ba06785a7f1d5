import { mentionToken } from "@/lib/comments/comment-markup.ts";
import type { ExportPerson } from "./export-model.ts";

/** A mention token as comment-markup parses it: `@[Name](user:ID)`. */
export const MENTION_PATTERN = /@\[([^[\]\n]+)\]\(user:([A-Za-z0-9_-]{1,128})\)/g;

/**
 * A comment body with every mention pointing at the mentioned person's pseudonym, so neither
 * the name the writer saw nor the user id survives. Ids of known people written outside a
 * mention token (pasted from a URL, say) are replaced too.
 */
export function anonymizeCommentBody(body: string, people: ReadonlyMap<string, ExportPerson>): string {
  let result = body.replace(MENTION_PATTERN, (_token, _name: string, userId: string) => {
    const person = people.get(userId) ?? { id: "reader", name: "Reader" };
    return mentionToken(person.name, person.id);
  });
  for (const [userId, person] of people) {
    if (result.includes(userId)) result = result.split(userId).join(person.id);
  }
  return result;
}
