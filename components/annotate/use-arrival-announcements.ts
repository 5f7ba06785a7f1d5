"use client";

import { useEffect } from "react";
import type { RemoteArrival } from "@/lib/annotate/room-store.ts";
import { shorten } from "@/lib/annotate/shorten.ts";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { describeLabel } from "./describe-label.ts";
import type { RoomSession } from "./use-annotation-room.ts";

/** Arrivals closer together than this are announced as one batch. */
const BATCH_MS = 250;

/**
 * Tells screen-reader users what others add: one sentence per arrival, or one sentence for a
 * batch of more than three, so a reconnect that brings in a hundred changes does not flood them.
 */
export function useArrivalAnnouncements(session: RoomSession | null, vocabulary: Vocabulary, announce: (message: string) => void): void {
  useEffect(() => {
    if (!session) return;
    let pending: RemoteArrival[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      const arrivals = pending;
      pending = [];
      if (arrivals.length > 3) return announce(`${arrivals.length} new highlights and comments from others.`);
      for (const arrival of arrivals) {
        if (arrival.kind === "annotation") {
          announce(`${arrival.record.authorName} highlighted “${shorten(arrival.record.exact)}” as ${describeLabel(arrival.record, vocabulary)}.`);
        } else {
          announce(`${arrival.record.authorName} commented on “${shorten(arrival.annotation?.exact ?? "a highlight")}”: ${shorten(commentPlainText(arrival.record.body), 80)}`);
        }
      }
    };
    const unsubscribe = session.store.onRemoteArrival((arrival) => {
      if (!session.ready) return;
      pending.push(arrival);
      clearTimeout(timer);
      timer = setTimeout(flush, BATCH_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [session, announce, vocabulary]);
}
