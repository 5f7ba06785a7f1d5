import { z } from "zod";
import { ROLES } from "@/lib/workspaces/policy.ts";

/**
 * Input pieces shared by the member and invite functions, with messages people can read.
 * Ids are only checked for shape: an id that matches nothing is "not found", like any other.
 */
export function idSchema(what: string) {
  const message = `The ${what} id is missing or not valid.`;
  return z.string({ error: message }).min(1, message).max(100, message);
}

export const workspaceIdSchema = idSchema("workspace");

export const roleSchema = z.enum(ROLES, { error: "Choose a role: owner, editor, commenter or viewer." });
