import { z } from "zod";

/** A link's token as typed or pasted; its shape is checked by findUsableInvite (a bad one is "not valid"). */
export const tokenSchema = z
  .string({ error: "The invitation link is missing its token." })
  .max(200, "This invitation link is not valid.");
