"use client";

import { createContext, useContext } from "react";
import type { CommentDrafts } from "@/lib/annotate/comment-drafts.ts";

/** The surface's unsent comments, for every comment box below it however deep. */
export const DraftsContext = createContext<CommentDrafts | null>(null);

export function useDrafts(): CommentDrafts | null {
  return useContext(DraftsContext);
}
