import { z } from "zod";
import { MAX_GROUPS } from "./session-rooms.ts";

/** Most students in one session: a year group in a hall, and what one realtime process serves well. */
export const MAX_PARTICIPANTS = 150;
export const MAX_NAME_LENGTH = 40;

/** What a teacher chooses when starting a session (the body of POST /documents/:id/sessions). */
export const createSessionSchema = z.strictObject({
  mode: z.enum(["blind", "open"], { error: 'mode must be "blind" (students see only their own highlights until the reveal) or "open"' }),
  anonymous: z.boolean({ error: "anonymous must be true or false" }).default(false),
  groups: z
    .int({ error: `groups must be 0 (one class) or a whole number from 2 to ${MAX_GROUPS}` })
    .refine((groups) => groups === 0 || (groups >= 2 && groups <= MAX_GROUPS), {
      error: `groups must be 0 (one class) or a whole number from 2 to ${MAX_GROUPS}`,
    })
    .default(0),
  useExampleKey: z.boolean({ error: "useExampleKey must be true or false" }).default(false),
});

export type CreateSessionInput = z.input<typeof createSessionSchema>;

// C0 and C1 control characters, and the bidirectional overrides that would make a name read backwards.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A display name typed at /join: all a session knows about a student. */
export const displayNameSchema = z
  .string({ error: "name is missing" })
  .transform((name) => name.trim().replace(/\s+/g, " "))
  .refine((name) => name.length >= 1, { error: "Type a name (your first name, or a nickname)." })
  .refine((name) => [...name].length <= MAX_NAME_LENGTH, { error: `A name has at most ${MAX_NAME_LENGTH} characters.` })
  .refine((name) => !CONTROL.test(name), { error: "A name cannot contain control characters." });

export const joinSessionSchema = z.object({
  code: z.string({ error: "code is missing" }).max(40, { error: "That is not a join code." }),
  name: displayNameSchema,
});

export const endSessionSchema = z.strictObject({
  deleteData: z.boolean({ error: "deleteData must be true or false" }).default(false),
});
