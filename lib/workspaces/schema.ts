import { z } from "zod";

export const workspaceNameSchema = z
  .string({ error: "Give the workspace a name." })
  .trim()
  .min(1, { error: "Give the workspace a name." })
  .max(80, { error: "Use at most 80 characters for the workspace name." });

export const idSchema = z.string().trim().min(1).max(64);
